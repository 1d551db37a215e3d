import { existsSync } from 'node:fs';
import { cp, readFile, writeFile } from 'node:fs/promises';
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

  it('leaves out what makes a folder a template: its template section and its stackyard.yaml', async () => {
    const template = path.join(setup.workspacePath, 'template');
    await cp(path.join(setup.workspacePath, 'infra'), template, {
      recursive: true,
    });
    const manifest = yaml.parse(
      await readFile(path.join(template, 'Pulumi.yaml'), 'utf8'),
    );
    await writeFile(
      path.join(template, 'Pulumi.yaml'),
      yaml.stringify({
        ...manifest,
        template: { config: { content: { default: 'Hello' } } },
      }),
    );
    await writeFile(path.join(template, 'stackyard.yaml'), 'version: 2\n');
    await setup.run(createPulumiNewAction, {
      ...inputOf(examples[0]),
      template: 'template',
      directory: 'created',
    });
    const created = path.join(setup.workspacePath, 'created');
    const project = yaml.parse(
      await readFile(path.join(created, 'Pulumi.yaml'), 'utf8'),
    );
    expect(project.name).toBe('shop-site');
    expect(project).not.toHaveProperty('template');
    expect(existsSync(path.join(created, 'stackyard.yaml'))).toBe(false);
    expect(await stacks()).toEqual(['dev']);
  });

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
