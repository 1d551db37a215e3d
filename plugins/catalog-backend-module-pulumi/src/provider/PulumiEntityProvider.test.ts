import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { PulumiEngineClient } from '@stackyard/plugin-pulumi-node';
import { createTestStacks } from '@stackyard/plugin-pulumi-node/testUtils';
import { PulumiEntityProvider, stackEntityName } from './PulumiEntityProvider';

jest.setTimeout(180_000);

describe('stackEntityName', () => {
  it('keeps names within the catalog rules and apart when long', () => {
    const long = (stack: string) =>
      stackEntityName({
        backendId: 'local',
        organization: 'o',
        project: 'p'.repeat(60),
        stack,
      });
    expect(
      stackEntityName({
        backendId: 'local',
        organization: 'o',
        project: 'Web',
        stack: 'dev',
      }),
    ).toBe('local--web--dev');
    expect(long('a')).toMatch(/^[a-z0-9][a-z0-9-_.]{0,61}[a-z0-9]$/);
    expect(long('a')).not.toBe(long('b'));
  });
});

describe('PulumiEntityProvider, through the real engine', () => {
  let dispose: () => Promise<void>;
  let client: PulumiEngineClient;
  beforeAll(async () => {
    const setup = await createTestStacks({
      stacks: [{ project: 'website', stack: 'dev' }],
    });
    ({ client, dispose } = setup);
  });
  afterAll(() => dispose?.());

  it('applies one Resource entity per stack', async () => {
    const connection = { applyMutation: jest.fn(), refresh: jest.fn() };
    const taskRunner = { run: jest.fn() };
    const provider = PulumiEntityProvider.fromConfig(new ConfigReader({}), {
      logger: mockServices.logger.mock(),
      scheduler: mockServices.scheduler.mock(),
      taskRunner,
      client: async () => client,
    });
    await provider.connect(connection);
    expect(taskRunner.run).toHaveBeenCalledWith(
      expect.objectContaining({ id: 'PulumiEntityProvider:refresh' }),
    );
    await taskRunner.run.mock.calls[0][0].fn();
    expect(connection.applyMutation).toHaveBeenCalledWith({
      type: 'full',
      entities: [
        expect.objectContaining({
          entity: expect.objectContaining({
            kind: 'Resource',
            metadata: expect.objectContaining({
              name: 'local--website--dev',
              annotations: expect.objectContaining({
                'pulumi.com/project-slug': 'local:organization/website/dev',
              }),
            }),
            spec: { type: 'pulumi-stack', owner: 'group:default/platform' },
          }),
        }),
      ],
    });
  });
});
