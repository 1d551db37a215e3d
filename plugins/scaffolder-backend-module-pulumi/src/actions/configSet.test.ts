import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { inputOf, useActionTestSetup } from './__testUtils__/actionTestSetup';
import { createPulumiConfigSetAction } from './configSet';
import { examples } from './configSet.examples';

// pulumi:config:set on a real stack, made by the pulumi:new example: secrets only from the task's secrets,
// stored encrypted.
describe('pulumi:config:set, through the real engine', () => {
  const setup = useActionTestSetup({ stage: 'created' });

  it.each(examples)(
    'runs the example: $description; it stores the secret from the task secrets, encrypted and nowhere in plain text',
    async example => {
      await setup.run(createPulumiConfigSetAction, inputOf(example));
      const stackFile = await readFile(
        path.join(setup.workspacePath, 'infra', 'Pulumi.dev.yaml'),
        'utf8',
      );
      expect(stackFile).toMatch(/shop-site:apiKey:\s+secure: /);
      expect(stackFile).toContain('Hello from the template');
      expect(stackFile).not.toContain(setup.secret);
    },
  );

  it('refuses a secret the task was not given, naming it', async () => {
    const error = await setup.inputError(createPulumiConfigSetAction, {
      ...inputOf(examples[0]),
      secrets: { apiKey: 'MISSING' },
    });
    expect(error.message).toBe(
      "secrets.apiKey names the task secret 'MISSING', which the task was not given",
    );
  });
});
