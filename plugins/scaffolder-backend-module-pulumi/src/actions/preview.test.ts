import { inputOf, useActionTestSetup } from './__testUtils__/actionTestSetup';
import { createPulumiPreviewAction } from './preview';
import { examples } from './preview.examples';

// pulumi:preview on a real stack, made and configured by the examples of pulumi:new and
// pulumi:config:set: the change summary and the steps, and the policy packs of app config.
describe('pulumi:preview, through the real engine', () => {
  // A preview changes nothing, so the tests share the stack.
  const setup = useActionTestSetup({ stage: 'configured', policyPacks: true });

  // The second example enforces the organisation's TypeScript policy pack, guardrails.
  it.each(examples)(
    'runs the example: $description; it returns the change summary and the steps',
    async example => {
      const { outputs } = await setup.run(
        createPulumiPreviewAction,
        inputOf(example),
      );
      expect(outputs.changeSummary).toEqual({ create: 3 });
      expect(outputs.steps).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            op: 'create',
            urn: expect.stringMatching(/::index$/),
            type: 'pulumi-nodejs:dynamic/stackyard:LocalFile',
          }),
        ]),
      );
    },
  );

  it('enforces policy packs: a mandatory violation fails the step with the policy message, advisory ones warn', async () => {
    const input = {
      ...inputOf(examples[0]),
      policyPacks: [{ pack: 'test-pack' }],
    };
    setup.logger.warn.mockClear();
    const { outputs } = await setup.run(createPulumiPreviewAction, input);
    expect(outputs.changeSummary).toEqual({ create: 3 });
    expect(setup.logger.warn).toHaveBeenCalledWith(
      expect.stringMatching(
        /^policy test-pack\/page-review \(advisory\) on urn:pulumi:dev::shop-site::.*::index: .*ask the web team to review index/,
      ),
    );

    await expect(
      setup.run(createPulumiPreviewAction, {
        ...input,
        policyPacks: setup.strictPolicyPacks,
      }),
    ).rejects.toThrow(
      /test-pack\/forbidden-names \(mandatory\) on urn:pulumi:dev::shop-site::.*::index: .*index is a name the organisation keeps for itself/,
    );
  });

  it('refuses an unknown policy pack, naming it', async () => {
    const error = await setup.inputError(createPulumiPreviewAction, {
      ...inputOf(examples[0]),
      policyPacks: [{ pack: 'nope' }],
    });
    expect(error.message).toMatch(
      /^policyPacks\[0\]\.pack 'nope' is neither a pack in pulumi.policyPacks \(test-pack, guardrails\)/,
    );
  });

  it('never lets the secret into a log line or the stored checkpoints', () => {
    const { logged, checkpointed } = setup.recorded();
    expect(logged).toContain('apiKey (secret)');
    expect(logged).not.toContain(setup.secret);
    expect(checkpointed).not.toContain(setup.secret);
  });
});
