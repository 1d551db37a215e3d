import { NotFoundError } from '@backstage/errors';
import { createTestStacks } from '../testUtils';
import { PulumiEngineClient } from './PulumiEngineClient';

jest.setTimeout(180_000);

describe('PulumiEngineClient, through the real engine', () => {
  let dispose: () => Promise<void>;
  let client: PulumiEngineClient;

  beforeAll(async () => {
    const setup = await createTestStacks({
      stacks: [
        { project: 'web', stack: 'dev' },
        { project: 'web', stack: 'prod' },
        { project: 'db', stack: 'dev' },
      ],
    });
    ({ client, dispose } = setup);
  });
  afterAll(() => dispose?.());

  it('lists every stack of every project', async () => {
    const stacks = await client.listStacks('local');
    expect(stacks.map(s => `${s.project}/${s.stack}`).sort()).toEqual([
      'db/dev',
      'web/dev',
      'web/prod',
    ]);
    expect(stacks.every(s => s.resourceCount === 3)).toBe(true);
  });

  it('returns outputs with secrets masked', async () => {
    const outputs = await client.getOutputs({
      backendId: 'local',
      project: 'web',
      stack: 'dev',
    });
    expect(outputs.token).toBe('[secret]');
    expect(JSON.stringify(outputs)).not.toContain('s3cr3t-value');
    expect(outputs.files).toEqual({
      'index.html': expect.stringMatching(/web\/dev\/index\.html$/),
    });
  });

  it('names unknown stacks and backends as not found', async () => {
    await expect(
      client.getOutputs({ backendId: 'local', project: 'web', stack: 'nope' }),
    ).rejects.toThrow(NotFoundError);
    await expect(client.listStacks('elsewhere')).rejects.toThrow(
      "No Pulumi state backend with id 'elsewhere'",
    );
  });
});
