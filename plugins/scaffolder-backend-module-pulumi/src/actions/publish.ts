import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  findStoredProject,
  projectStoreFolder,
  projectStoreUrl,
  readProjectStore,
  type ProjectStore,
} from '@stackyard/plugin-pulumi-node';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { isFolder, workspaceFolder } from './folders';
import { validName } from './inputs';
import { examples } from './publish.examples';

const SKIPPED = new Set(['node_modules', '.git']);

function requireStore(config: Config): ProjectStore {
  const store = readProjectStore(config);
  if (!store) {
    throw new InputError(
      'pulumi:project:publish needs a project store: set pulumi.projectStore.dir in app config',
    );
  }
  return store;
}

/**
 * Creates the `pulumi:project:publish` action: puts a project of the task workspace in the project store
 * (`pulumi.projectStore.dir`), where the catalog reads its `catalog-info.yaml` and later preview, up and
 * drift runs find its program. It stands in for `publish:github` and friends where there is no Git host.
 *
 * @public
 */
export function createPulumiProjectPublishAction(options: { config: Config }) {
  return createTemplateAction({
    id: 'pulumi:project:publish',
    description:
      'Publishes a Pulumi project of the task workspace to the project store (pulumi.projectStore.dir), for catalog:register and later runs',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        project: z =>
          z.string({
            description:
              'The Pulumi project name; the folder must hold a Pulumi.yaml of that name, at its top or in a subfolder',
          }),
        sourcePath: z =>
          z
            .string({
              description:
                'The folder of the task workspace to publish, relative to it; by default the whole workspace',
            })
            .optional(),
        catalogInfoPath: z =>
          z
            .string({
              description:
                'The catalog entity file, relative to the published folder; by default catalog-info.yaml',
            })
            .optional(),
      },
      output: {
        remoteUrl: z =>
          z.string({ description: 'The file:// URL of the published folder' }),
        repoContentsUrl: z =>
          z.string({
            description: 'The same URL, as publish:* actions name it',
          }),
        catalogInfoUrl: z =>
          z.string({
            description:
              'The file:// URL of the catalog entity file, for catalog:register',
          }),
      },
    },
    async handler(ctx) {
      const project = validName('project', ctx.input.project);
      const store = requireStore(options.config);
      const source = workspaceFolder(
        ctx.workspacePath,
        ctx.input.sourcePath ?? '.',
        'sourcePath',
      );
      if (!isFolder(source)) {
        throw new InputError(
          `sourcePath '${ctx.input.sourcePath}' is not a folder of the task workspace`,
        );
      }
      const catalogInfoPath = ctx.input.catalogInfoPath ?? 'catalog-info.yaml';
      const catalogInfo = workspaceFolder(
        source,
        catalogInfoPath,
        'catalogInfoPath',
      );
      if (!existsSync(catalogInfo)) {
        throw new InputError(
          `catalogInfoPath '${catalogInfoPath}' does not exist in the published folder`,
        );
      }
      const target = projectStoreFolder(store, project);
      const urls = {
        remoteUrl: projectStoreUrl(target),
        repoContentsUrl: projectStoreUrl(target),
        catalogInfoUrl: projectStoreUrl(
          path.join(target, path.relative(source, catalogInfo)),
        ),
      };
      await ctx.checkpoint({
        key: `pulumi:project:publish:${project}`,
        fn: () =>
          copyToStore({
            store,
            project,
            source,
            sourcePath: ctx.input.sourcePath ?? '.',
            target,
            dryRun: Boolean(ctx.isDryRun),
            log: message => ctx.logger.info(message),
            url: urls.remoteUrl,
          }),
      });
      ctx.output('remoteUrl', urls.remoteUrl);
      ctx.output('repoContentsUrl', urls.repoContentsUrl);
      ctx.output('catalogInfoUrl', urls.catalogInfoUrl);
    },
  });
}

/**
 * Copies the project into a staging folder of the store, checks there that the store will find its
 * program, and moves it into place in one rename, so that the catalog never sees a half-copied project.
 * A dry run stops after the check.
 */
async function copyToStore(options: {
  store: ProjectStore;
  project: string;
  source: string;
  sourcePath: string;
  target: string;
  dryRun: boolean;
  log: (message: string) => void;
  url: string;
}): Promise<void> {
  const { store, project, target } = options;
  await mkdir(store.dir, { recursive: true });
  const staging = await mkdtemp(path.join(store.dir, '.publishing-'));
  try {
    const copy = path.join(staging, project);
    await cp(options.source, copy, {
      recursive: true,
      filter: file => !SKIPPED.has(path.basename(file)),
    });
    // The rule by which the engine finds the program in the store, checked on the copy.
    if (!findStoredProject({ dir: staging }, project)) {
      throw new InputError(
        `sourcePath '${options.sourcePath}' holds no Pulumi.yaml of project '${project}', at its top or in a subfolder`,
      );
    }
    if (options.dryRun) {
      options.log(
        `Dry run: would publish project '${project}' to ${options.url}`,
      );
      return;
    }
    if (existsSync(target)) {
      throw new InputError(
        `project '${project}' is already in the project store; choose another project name`,
      );
    }
    await rename(copy, target);
    options.log(`Published project '${project}' to ${options.url}`);
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}
