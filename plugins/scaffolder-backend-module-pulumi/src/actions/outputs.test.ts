import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { PulumiEngineClient } from '@stackyard/plugin-pulumi-node';
import { createTestStacks } from '@stackyard/plugin-pulumi-node/testUtils';
import yaml from 'yaml';
import { createPulumiOutputsAction } from './outputs';
import { examples } from './outputs.examples';

jest.setTimeout(180_000);

describe('pulumi:outputs, through the real engine', () => {
  let dispose: () => Promise<void>;
  let client: PulumiEngineClient;

  beforeAll(async () => {
    const setup = await createTestStacks({
      stacks: [{ project: 'website', stack: 'dev' }],
    });
    ({ client, dispose } = setup);
  });
  afterAll(() => dispose?.());

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
