import { readFile } from 'node:fs/promises';
import path from 'node:path';
import yaml from 'yaml';
import { inputOf, useActionTestSetup } from './__testUtils__/actionTestSetup';
import { createPulumiNewAction } from './new';
import { examples } from './new.examples';

// pulumi:new on a real state backend: the project and its stack, once even when the task is recovered,
// and bad input refused before anything is created.
describe('pulumi:new, through the real engine', () => {
  // Each test starts from an empty backend and a task workspace with the skeleton in ./infra.
  const setup = useActionTestSetup({ each: true });
  const stacks = async () =>
    (await setup.client.listStacks('local')).map(s => s.stack);

  it.each(examples)(
    'runs the example: $description; it creates the project and its stack, with config and tags',
    async example => {
      const task = await setup.run(createPulumiNewAction, inputOf(example));
      expect(task.outputs).toMatchObject({
        directory: 'infra',
        stackRef: 'local:organization/shop-site/dev',
      });
      const manifest = yaml.parse(
        await readFile(
          path.join(setup.workspacePath, 'infra', 'Pulumi.yaml'),
          'utf8',
        ),
      );
      expect(manifest).toMatchObject({
        name: 'shop-site',
        description: 'The shop web site',
      });
      expect(await stacks()).toEqual(['dev']);
      expect(await setup.client.getStackTags(setup.stack)).toMatchObject({
        'backstage.io:owner': 'team-a',
      });
      // Run again, as a recovered task would: the checkpoint keeps it from creating the stack twice.
      await task.run(createPulumiNewAction, inputOf(example));
      expect(await stacks()).toEqual(['dev']);
    },
  );

  it.each([
    ['project', { project: 'a/b' }, /project "a\/b" is not a valid name/],
    ['project', { project: '..' }, /project "\.\." is not a valid name/],
    [
      'backend',
      { backend: 'elsewhere' },
      /backend 'elsewhere' is not configured/,
    ],
    [
      'template',
      { template: '../../etc' },
      /template '..\/..\/etc' is outside the task workspace/,
    ],
    [
      'directory',
      { directory: '../outside' },
      /directory '..\/outside' is outside the task workspace/,
    ],
  ])(
    'refuses a bad %s with an InputError, creating nothing',
    async (_, change, message) => {
      const error = await setup.inputError(createPulumiNewAction, {
        ...inputOf(examples[0]),
        stack: 'bad',
        ...change,
      });
      expect(error.message).toMatch(message);
      expect(await stacks()).toEqual([]);
    },
  );
});
