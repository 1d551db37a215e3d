// The shop front: a TypeScript program, run by the Node.js language host with the project's own SDK.
import * as path from 'node:path';
import * as pulumi from '@pulumi/pulumi';
import { FileSet } from '@stackyard-examples/components';

const config = new pulumi.Config();
const dataDir = config.require('dataDir');
const stack = pulumi.getStack();
const greeting = config.get('greeting') ?? 'Welcome to the store';
const replicas = config.getNumber('replicas') ?? 1;
// A secret: it reaches the program, and Stackyard shows it only as [secret].
const apiKey = config.requireSecret('apiKey');

// The shared network's stack: the catalog shows this reference as the website's stack depending on it.
const network = new pulumi.StackReference('organization/shared-network/shared');

const site = new FileSet('site', {
  dir: path.join(dataDir, 'website', stack),
  files: {
    'index.html': `<h1>${greeting}</h1>\n<p>Environment: ${stack}</p>\n`,
    'settings.json': `${JSON.stringify(
      { replicas, cache: stack === 'prod' },
      null,
      2,
    )}\n`,
  },
});

export const url = site.dir.apply(
  dir => `file://${path.join(dir, 'index.html')}`,
);
export { replicas };
export const hostsFile = network.getOutput('hostsFile');
export const apiKeyFingerprint = pulumi.secret(
  apiKey.apply(key => key.slice(-4)),
);
