import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { inputOf, useActionTestSetup } from './__testUtils__/actionTestSetup';
import { createPulumiUpAction } from './up';
import { examples } from './up.examples';

// pulumi:up on a real stack, made and configured by the examples of pulumi:new and pulumi:config:set: a
// preview under dry run, one update even when the task is recovered, outputs, and policy packs.
describe('pulumi:up, through the real engine', () => {
  // The tests share the stack, in the order they stand: those that find it not yet deployed come first.
  const setup = useActionTestSetup({ stage: 'configured', policyPacks: true });
  const history = () => setup.client.getHistory(setup.stack);

  it('enforces policy packs: a mandatory violation fails the step before anything is deployed', async () => {
    await expect(
      setup.run(createPulumiUpAction, {
        ...inputOf(examples[0]),
        policyPacks: setup.strictPolicyPacks,
      }),
    ).rejects.toThrow(/index is a name the organisation keeps for itself/);
    // Stopped before anything was deployed.
    expect(await history()).toHaveLength(0);
  });

  it.each(examples)(
    'runs the example: $description; it previews under dry run, then deploys once, even when the task is recovered',
    async example => {
      const task = setup.task();
      await task.run(createPulumiUpAction, inputOf(example), {
        isDryRun: true,
      });
      expect(task.outputs).toMatchObject({
        changeSummary: { create: 3 },
        outputs: {},
      });
      expect(await history()).toHaveLength(0);

      await task.run(createPulumiUpAction, inputOf(example));
      const index = path.join(
        setup.workspacePath,
        'infra',
        'out',
        'dev',
        'index.html',
      );
      expect(task.outputs.changeSummary).toEqual({ create: 3 });
      expect(task.outputs.outputs).toMatchObject({
        path: index,
        apiKeyDigest: '[secret]',
      });
      expect(await readFile(index, 'utf8')).toBe('Hello from the template');

      // Recovered after a crash: the checkpoint answers, and there is still only one update.
      await task.run(createPulumiUpAction, {
        ...inputOf(example),
        revealOutputs: ['apiKeyDigest'],
      });
      expect(await history()).toHaveLength(1);
      // Revealed because the template named it.
      expect((task.outputs.outputs as any).apiKeyDigest).toBe(
        `digest-of:${setup.secret}`,
      );
    },
  );

  it('never lets the secret into a log line or the stored checkpoints', () => {
    const { logged, checkpointed } = setup.recorded();
    expect(logged).toContain('apiKey (secret)');
    expect(logged).not.toContain(setup.secret);
    expect(checkpointed).not.toContain(setup.secret);
  });
});
