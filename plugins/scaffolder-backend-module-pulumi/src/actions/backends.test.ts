import { testBackendKinds } from '@stackyard/plugin-pulumi-node/testUtils';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import {
  runExampleSteps,
  useActionTestSetup,
} from './__testUtils__/actionTestSetup';

// A template's steps, the examples of pulumi:new, pulumi:config:set and pulumi:up, with the state in S3,
// GCS and Azure Blob through their local servers, whose credentials and emulator settings the backend's
// env in config carries.
const objectStores = testBackendKinds().filter(
  kind => kind !== 'file' && kind !== 'postgres',
);

// A loop, as describe.each refuses an empty table: without the servers, outside strict mode, there are none.
for (const kind of objectStores) {
  describe(`pulumi:new and pulumi:up on a ${kind} state backend`, () => {
    const setup = useActionTestSetup({ kind });

    it('creates the project and its stack, and deploys it', async () => {
      const task = setup.task();
      await runExampleSteps(task, 'deployed');
      // pulumi:new's output, and pulumi:up's.
      expect(task.outputs).toMatchObject({
        stackRef: 'local:organization/shop-site/dev',
      });
      expect(task.outputs.changeSummary).toEqual({ create: 3 });
      expect(
        await readFile(
          path.join(setup.workspacePath, 'infra', 'out', 'dev', 'index.html'),
          'utf8',
        ),
      ).toBe('Hello from the template');
      expect(
        (await setup.client.listStacks('local')).map(s => s.stack),
      ).toEqual(['dev']);
      expect(await setup.client.getStackTags(setup.stack)).toMatchObject({
        'backstage.io:owner': 'team-a',
      });
      expect(await setup.client.getHistory(setup.stack)).toHaveLength(1);
    });
  });
}
