'use strict';

const path = require('node:path');
const pulumi = require('@pulumi/pulumi');
const { FileSet } = require('@stackyard-examples/components');

const config = new pulumi.Config();
const dataDir = config.require('dataDir');
const stack = pulumi.getStack();

const service = new FileSet('service', {
  dir: path.join(dataDir, 'payments-api', stack),
  files: {
    'payments.yaml': `currency: EUR\nprovider: sandbox\ntimeoutSeconds: ${
      config.getNumber('timeoutSeconds') ?? 30
    }\n`,
    'queue.json': `${JSON.stringify(
      { name: `payments-${stack}`, maxRetries: 5 },
      null,
      2,
    )}\n`,
  },
});

module.exports = { configDir: service.dir };
