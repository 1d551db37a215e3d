import { existsSync } from 'node:fs';
import path from 'node:path';
import { inputOf, useActionTestSetup } from './__testUtils__/actionTestSetup';
import { createPulumiDestroyAction } from './destroy';
import { examples } from './destroy.examples';

// pulumi:destroy on a real stack, deployed by the examples of pulumi:new, pulumi:config:set and pulumi:up:
// only with confirm, only the targets when given, and the whole stack.
describe('pulumi:destroy, through the real engine', () => {
  // The tests share the stack, in the order they stand: the targeted destroy keeps the stack, which the
  // example then removes.
  const setup = useActionTestSetup({ stage: 'deployed' });
  const outFile = (name: string) =>
    path.join(setup.workspacePath, 'infra', 'out', 'dev', name);
  const urns = async () =>
    (await setup.client.exportState(setup.stack)).resources.map(r => r.urn);

  it('with targets destroys only those, and keeps the rest', async () => {
    const about = (await urns()).find(u => u.endsWith('::about'))!;
    const stack = { backend: 'local', project: 'shop-site', stack: 'dev' };
    await expect(
      setup.run(createPulumiDestroyAction, { ...stack, confirm: false }),
    ).rejects.toThrow(/confirm must be true/);
    const { outputs } = await setup.run(createPulumiDestroyAction, {
      ...stack,
      confirm: true,
      targets: [about],
    });
    expect(outputs.changeSummary).toMatchObject({ delete: 1 });
    expect(existsSync(outFile('about.html'))).toBe(false);
    expect(existsSync(outFile('index.html'))).toBe(true);
    const left = await urns();
    expect(left.some(u => u.endsWith('::index'))).toBe(true);
    expect(left).not.toContain(about);
  });

  it.each(examples)(
    'runs the example: $description; it destroys every resource and removes the stack',
    async example => {
      const { outputs } = await setup.run(
        createPulumiDestroyAction,
        inputOf(example),
      );
      expect(outputs.changeSummary).toMatchObject({
        delete: expect.any(Number),
      });
      expect(existsSync(outFile('index.html'))).toBe(false);
      expect(existsSync(outFile('about.html'))).toBe(false);
      expect(await setup.client.listStacks('local')).toEqual([]);
    },
  );

  it('never lets the secret into a log line or the stored checkpoints', () => {
    const { logged, checkpointed } = setup.recorded();
    expect(logged).toContain('apiKey (secret)');
    expect(logged).not.toContain(setup.secret);
    expect(checkpointed).not.toContain(setup.secret);
  });
});
