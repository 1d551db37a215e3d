import { createBackend } from '@backstage/backend-defaults';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { pulumiPlugin } from '../plugin';

// One replica of the Pulumi backend plugin in a process of its own, started by `startReplicaProcess` for
// the tests and benchmarks that run several replicas against one database and kill one of them. It is the
// plugin as an app wires it, with config from the `--config` files on its command line; only the catalog
// is an in-memory one with no entities.
const backend = createBackend();
backend.add(catalogServiceMock.factory({ entities: [] }));
backend.add(pulumiPlugin);
backend.start().catch(error => {
  process.stderr.write(`replica failed to start: ${error?.stack ?? error}\n`);
  process.exit(1);
});
