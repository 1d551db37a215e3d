'use strict';

const path = require('node:path');
const pulumi = require('@pulumi/pulumi');
const { FileSet } = require('../../components/src');

const config = new pulumi.Config();
const dataDir = config.require('dataDir');

const hosts = {
  'website.store.internal': '10.0.1.10',
  'payments.store.internal': '10.0.2.10',
};

const network = new FileSet('network', {
  dir: path.join(dataDir, 'shared-network'),
  files: {
    'hosts.json': `${JSON.stringify(hosts, null, 2)}\n`,
    'routes.txt': '10.0.0.0/16 via 10.0.0.1\n',
  },
});

module.exports = {
  hostsFile: network.dir.apply(dir => path.join(dir, 'hosts.json')),
  hostCount: Object.keys(hosts).length,
};
