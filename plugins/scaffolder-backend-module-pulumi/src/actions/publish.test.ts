import { ConfigReader } from '@backstage/config';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { existsSync } from 'node:fs';
import {
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  rm,
  writeFile,
} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import yaml from 'yaml';
import { createPulumiProjectPublishAction } from './publish';
import { examples } from './publish.examples';

describe('pulumi:project:publish', () => {
  let root: string;
  let store: string;
  const action = () =>
    createPulumiProjectPublishAction({
      config: new ConfigReader({ pulumi: { projectStore: { dir: store } } }),
    });

  /** A task workspace with a catalog entry and a Pulumi project in `infra/`. */
  async function workspace(project = 'site'): Promise<string> {
    const dir = await mkdtemp(path.join(root, 'workspace-'));
    await mkdir(path.join(dir, 'infra'));
    await mkdir(path.join(dir, 'node_modules', 'dep'), { recursive: true });
    await writeFile(path.join(dir, 'catalog-info.yaml'), 'kind: Component\n');
    await writeFile(
      path.join(dir, 'infra', 'Pulumi.yaml'),
      `name: ${project}\nruntime: nodejs\n`,
    );
    await writeFile(path.join(dir, 'node_modules', 'dep', 'index.js'), '');
    return dir;
  }

  beforeEach(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'stackyard-publish-'));
    store = path.join(root, 'store');
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  it('publishes the workspace to the store, without node_modules, and outputs the catalog entry URL', async () => {
    const ctx = createMockActionContext({
      workspacePath: await workspace(),
      input: { project: 'site' },
    });
    await action().handler(ctx);
    const target = path.join(store, 'site');
    expect(await readFile(path.join(target, 'catalog-info.yaml'), 'utf8')).toBe(
      'kind: Component\n',
    );
    expect(existsSync(path.join(target, 'infra', 'Pulumi.yaml'))).toBe(true);
    expect(existsSync(path.join(target, 'node_modules'))).toBe(false);
    expect(ctx.output).toHaveBeenCalledWith(
      'catalogInfoUrl',
      pathToFileURL(path.join(target, 'catalog-info.yaml')).href,
    );
    // Nothing of the copy is left behind beside the project.
    expect(await readdir(store)).toEqual(['site']);
  });

  it.each(examples.map(e => [e.description, e]))(
    'runs the example: %s',
    async (_, example) => {
      const [publish, ...later] = yaml.parse(example.example).steps;
      const ctx = createMockActionContext({
        workspacePath: await workspace(publish.input.project),
        input: publish.input,
      });
      await action().handler(ctx);
      const target = path.join(store, publish.input.project);
      expect(existsSync(path.join(target, 'infra', 'Pulumi.yaml'))).toBe(true);
      const outputs = Object.fromEntries((ctx.output as jest.Mock).mock.calls);
      expect(outputs.catalogInfoUrl).toBe(
        pathToFileURL(path.join(target, 'catalog-info.yaml')).href,
      );
      // The later steps, such as catalog:register, read only outputs that the step gives.
      const read = [
        ...JSON.stringify(later).matchAll(
          new RegExp(`steps\\['${publish.id}'\\]\\.output\\.(\\w+)`, 'g'),
        ),
      ].map(m => m[1]);
      expect(read).not.toEqual([]);
      for (const name of read) expect(outputs).toHaveProperty(name);
    },
  );

  it('publishes nothing in a dry run, and gives the same outputs', async () => {
    // The mock context takes no isDryRun option.
    const ctx = {
      ...createMockActionContext({
        workspacePath: await workspace(),
        input: { project: 'site' },
      }),
      isDryRun: true,
    };
    await action().handler(ctx);
    expect(existsSync(path.join(store, 'site'))).toBe(false);
    expect(ctx.output).toHaveBeenCalledWith(
      'remoteUrl',
      pathToFileURL(path.join(store, 'site')).href,
    );
  });

  it('rejects bad input with an InputError naming the field, and publishes nothing', async () => {
    const cases: Array<[Record<string, unknown>, RegExp, string?]> = [
      [{ project: '../escape' }, /^project "\.\.\/escape" is not a valid name/],
      [
        { project: 'site', sourcePath: '../..' },
        /^sourcePath '\.\.\/\.\.' is outside/,
      ],
      [
        { project: 'site', catalogInfoPath: 'missing.yaml' },
        /^catalogInfoPath 'missing.yaml' does not exist/,
      ],
      [{ project: 'other' }, /holds no Pulumi.yaml of project 'other'/],
    ];
    for (const [input, message] of cases) {
      const ctx = createMockActionContext({
        workspacePath: await workspace(),
        input: input as { project: string },
      });
      await expect(action().handler(ctx)).rejects.toMatchObject({
        name: 'InputError',
        message: expect.stringMatching(message),
      });
    }
    expect(existsSync(path.join(store, 'site'))).toBe(false);
    expect(existsSync(path.join(store, 'other'))).toBe(false);
  });

  it('refuses a project that is published already, and one without a store', async () => {
    await action().handler(
      createMockActionContext({
        workspacePath: await workspace(),
        input: { project: 'site' },
      }),
    );
    await writeFile(path.join(store, 'site', 'marker'), 'first');
    await expect(
      action().handler(
        createMockActionContext({
          workspacePath: await workspace(),
          input: { project: 'site' },
        }),
      ),
    ).rejects.toMatchObject({
      name: 'InputError',
      message: expect.stringContaining('already in the project store'),
    });
    expect(await readFile(path.join(store, 'site', 'marker'), 'utf8')).toBe(
      'first',
    );
    const noStore = createPulumiProjectPublishAction({
      config: new ConfigReader({}),
    });
    await expect(
      noStore.handler(
        createMockActionContext({
          workspacePath: await workspace(),
          input: { project: 'site' },
        }),
      ),
    ).rejects.toMatchObject({
      name: 'InputError',
      message: expect.stringContaining('pulumi.projectStore.dir'),
    });
  });
});
