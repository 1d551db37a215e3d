import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import yaml from 'yaml';
import { readPulumiTemplate } from './pulumiTemplate';

// A Pulumi template folder, read as the template provider reads it: its template section, its hand edits,
// and its version, with bad files refused by file and field.
describe('readPulumiTemplate', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'stackyard-template-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  const write = (file: string, content: unknown) =>
    writeFile(path.join(dir, file), yaml.stringify(content));
  const project = {
    name: 'queue',
    runtime: 'yaml',
    description: 'A queue',
    template: {
      displayName: 'A work queue',
      config: {
        size: { description: 'How big', default: 'small' },
        replicas: { default: 2 },
        token: { description: 'The API token', secret: true },
        region: null,
      },
    },
  };

  it('is undefined for a program without a template section', async () => {
    await write('Pulumi.yaml', { name: 'p', runtime: 'yaml' });
    expect(await readPulumiTemplate('p', dir)).toBeUndefined();
  });

  it('reads the config keys in their order, and the version from a hash of the files', async () => {
    await write('Pulumi.yaml', project);
    const template = await readPulumiTemplate('queue', dir);
    expect(template).toMatchObject({
      name: 'queue',
      title: 'A work queue',
      description: 'A queue',
      tags: [],
    });
    expect(template!.config.map(k => [k.key, k.default, k.secret])).toEqual([
      ['size', 'small', false],
      ['replicas', 2, false],
      ['token', undefined, true],
      ['region', undefined, false],
    ]);
    expect(template!.version).toMatch(/^[0-9a-f]{12}$/);
    // Any edit is a new version; the same files, the same version.
    expect((await readPulumiTemplate('queue', dir))!.version).toBe(
      template!.version,
    );
    await writeFile(path.join(dir, 'index.ts'), '// more');
    expect((await readPulumiTemplate('queue', dir))!.version).not.toBe(
      template!.version,
    );
  });

  it('takes the hand edits of stackyard.yaml: version, order, choices and hidden keys', async () => {
    await write('Pulumi.yaml', project);
    await write('stackyard.yaml', {
      version: 3,
      title: 'Queue',
      tags: ['messaging'],
      order: ['region', 'token'],
      config: {
        size: { enum: ['small', 'large'], title: 'Size' },
        replicas: { hidden: true },
      },
    });
    const template = (await readPulumiTemplate('queue', dir))!;
    expect(template).toMatchObject({
      version: '3',
      title: 'Queue',
      tags: ['messaging'],
    });
    expect(template.config.map(k => k.key)).toEqual([
      'region',
      'token',
      'size',
      'replicas',
    ]);
    expect(template.config[2]).toMatchObject({
      title: 'Size',
      enum: ['small', 'large'],
    });
    expect(template.config[3].hidden).toBe(true);
  });

  it.each([
    [
      'an unknown field of stackyard.yaml',
      { colour: 'red' },
      /stackyard\.yaml: Unrecognized key: "colour"/,
    ],
    [
      'a key that Pulumi.yaml lacks',
      { order: ['nope'] },
      /names the config key 'nope'/,
    ],
    [
      'a hidden key without a default',
      { config: { region: { hidden: true } } },
      /config\.region\.hidden: only a key with a default/,
    ],
    [
      'a hidden secret',
      { config: { token: { hidden: true } } },
      /config\.token\.hidden/,
    ],
    [
      'names that do not match the choices',
      { config: { size: { enum: ['small'], enumNames: ['Small', '1 CPU'] } } },
      /config\.size\.enumNames: give one name for each of enum's 1 choices/,
    ],
    [
      'choices that are not a list',
      { config: { size: { enum: 'small' } } },
      /stackyard\.yaml config\.size\.enum/,
    ],
  ])('refuses %s, naming it', async (_, edits, message) => {
    await write('Pulumi.yaml', project);
    await write('stackyard.yaml', edits);
    await expect(readPulumiTemplate('queue', dir)).rejects.toThrow(message);
  });

  it('refuses a template section that is not as Pulumi reads it, naming the field', async () => {
    await write('Pulumi.yaml', {
      ...project,
      template: { config: { size: { secret: 'yes' } } },
    });
    await expect(readPulumiTemplate('queue', dir)).rejects.toThrow(
      /Pulumi\.yaml template\.config\.size\.secret/,
    );
  });
});
