import { ConfigReader } from '@backstage/config';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import {
  locatePulumiEngine,
  PulumiEngineClient,
} from '@stackyard/plugin-pulumi-node';
import {
  createTemporaryBackend,
  deployTestStack,
  TemporaryBackend,
} from '@stackyard/plugin-pulumi-node/testUtils';
import yaml from 'yaml';
import { createPulumiOutputsAction } from './outputs';
import { examples } from './outputs.examples';

jest.setTimeout(180_000);

describe('pulumi:outputs, through the real engine', () => {
  let backend: TemporaryBackend;
  let client: PulumiEngineClient;

  beforeAll(async () => {
    const engine = await locatePulumiEngine();
    backend = await createTemporaryBackend({ kind: 'file' });
    await deployTestStack({
      engine,
      backend,
      project: 'website',
      stack: 'dev',
    });
    client = await PulumiEngineClient.fromConfig(
      new ConfigReader({
        pulumi: {
          homeDir: backend.pulumiHome,
          backends: [
            { id: 'local', url: backend.url, passphrase: backend.passphrase },
          ],
        },
      }),
      { engine },
    );
  });
  afterAll(() => backend?.dispose());

  it.each(examples.map(e => [e.description, e]))(
    'runs the example: %s',
    async (_, example) => {
      const action = createPulumiOutputsAction({ client: async () => client });
      const ctx = createMockActionContext({
        input: yaml.parse(example.example).steps[0].input,
      });
      await action.handler(ctx);
      expect(ctx.output).toHaveBeenCalledWith('outputs', {
        files: {
          'index.html': expect.stringMatching(/website\/dev\/index\.html$/),
        },
        token: '[secret]',
      });
    },
  );

  it('fails clearly for a stack that does not exist', async () => {
    const action = createPulumiOutputsAction({ client: async () => client });
    const ctx = createMockActionContext({
      input: { backend: 'local', project: 'website', stack: 'missing' },
    });
    await expect(action.handler(ctx)).rejects.toThrow(
      "No stack website/missing in backend 'local'",
    );
  });
});
