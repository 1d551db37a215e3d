// The network the other stacks share: an ES module, run by the Node.js language host.
import path from 'node:path';
import * as pulumi from '@pulumi/pulumi';
import { FileSet } from '@stackyard-examples/components';

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

export const hostsFile = network.dir.apply(dir => path.join(dir, 'hosts.json'));
export const hostCount = Object.keys(hosts).length;
