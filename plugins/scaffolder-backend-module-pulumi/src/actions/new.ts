import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  PULUMI_NAME_PATTERN,
  stringifyStackRef,
} from '@stackyard/plugin-pulumi-common';
import {
  projectStoreFolder,
  readProjectStore,
} from '@stackyard/plugin-pulumi-node';
import { readFileSync } from 'node:fs';
import { cp, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import yaml from 'yaml';
import { isFolder, namedFolders, workspaceFolder } from './folders';
import {
  EngineProvider,
  STACK_REF_INPUTS,
  checkStackInput,
  plainConfigInput,
  plainConfigValues,
} from './inputs';
import { examples } from './new.examples';

/**
 * The organisation's config for every new stack, `pulumi.stackDefaults.config`: settings such as a
 * region or a data folder that templates should not each repeat. A template's own config wins.
 */
function defaultStackConfig(config: Config): Record<string, string> {
  return Object.fromEntries(
    (config.getOptionalConfigArray('pulumi.stackDefaults.config') ?? []).map(
      c => [c.getString('key'), c.getString('value')],
    ),
  );
}

/** A config key as the stack file holds it: keys without a namespace belong to the project. */
function namespacedKey(project: string, key: string): string {
  return key.includes(':') ? key : `${project}:${key}`;
}

/**
 * The folder of a template: a named template of `pulumi.templates`, a folder of the task workspace, or a
 * Pulumi template published to the project store, in that order.
 */
function templateFolder(
  config: Config,
  workspacePath: string,
  template: unknown,
): string {
  if (typeof template !== 'string' || template === '') {
    throw new InputError('template must name a folder or a template');
  }
  const named = namedFolders(config, 'pulumi.templates').get(template);
  if (named && isFolder(named)) return named;
  const workspace = workspaceFolder(workspacePath, template, 'template');
  if (isFolder(workspace)) return workspace;
  const stored = storedTemplateFolder(config, template);
  if (stored) return stored;
  throw new InputError(
    `template '${template}' is neither a folder of the task workspace, a template in pulumi.templates, nor a Pulumi template in the project store`,
  );
}

/**
 * A Pulumi template that pulumi:project:publish put in the project store: its folder there, when its
 * Pulumi.yaml has a `template` section. A published project that is no template is not one.
 */
function storedTemplateFolder(
  config: Config,
  name: string,
): string | undefined {
  const store = readProjectStore(config);
  if (!store || !PULUMI_NAME_PATTERN.test(name)) return undefined;
  const dir = projectStoreFolder(store, name);
  try {
    const manifest = yaml.parse(
      readFileSync(path.join(dir, 'Pulumi.yaml'), 'utf8'),
    );
    return manifest?.template ? dir : undefined;
  } catch {
    return undefined;
  }
}

/** Copies a template's project to `target`, named `name`, with its description when one is given. */
async function copyProject(
  source: string,
  target: string,
  project: { template: string; name: string; description?: string },
): Promise<void> {
  let manifest: Record<string, unknown>;
  try {
    manifest = yaml.parse(
      await readFile(path.join(source, 'Pulumi.yaml'), 'utf8'),
    );
  } catch {
    throw new InputError(
      `template '${project.template}' holds no readable Pulumi.yaml`,
    );
  }
  if (path.resolve(source) !== path.resolve(target)) {
    // A template's stackyard.yaml shapes its generated form; the project it creates has no use for it.
    const edits = path.join(source, 'stackyard.yaml');
    await cp(source, target, { recursive: true, filter: f => f !== edits });
  }
  // As with `pulumi new`, the project keeps no `template` section: it is a program, not a template.
  const { template: _template, ...program } = manifest;
  await writeFile(
    path.join(target, 'Pulumi.yaml'),
    yaml.stringify({
      ...program,
      name: project.name,
      ...(project.description ? { description: project.description } : {}),
    }),
  );
}

/** The stack file as the real run would leave it, so that a dry-run preview sees the config. */
async function writeStackFile(
  target: string,
  ref: { project: string; stack: string },
  stackConfig: Record<string, string>,
): Promise<void> {
  await writeFile(
    path.join(target, `Pulumi.${ref.stack}.yaml`),
    yaml.stringify({
      config: Object.fromEntries(
        Object.entries(stackConfig).map(([key, value]) => [
          namespacedKey(ref.project, key),
          value,
        ]),
      ),
    }),
  );
}

/**
 * Creates the `pulumi:new` action: a Pulumi project in the task workspace, from a template folder of the
 * skeleton or a named template of `pulumi.templates`, and its stack in a configured state backend. No
 * network: nothing is downloaded and no dependencies are installed.
 *
 * @public
 */
export function createPulumiNewAction(options: {
  engine: EngineProvider;
  config: Config;
}) {
  return createTemplateAction({
    id: 'pulumi:new',
    description:
      'Creates a Pulumi project in the task workspace from a template, and its stack in a configured state backend',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        ...STACK_REF_INPUTS,
        template: z =>
          z.string({
            description:
              'A folder of the task workspace that holds a Pulumi project (such as one fetched from the skeleton), or the name of a template in pulumi.templates',
          }),
        directory: z =>
          z
            .string({
              description:
                'Where the project goes, relative to the task workspace; by default the project name',
            })
            .optional(),
        description: z =>
          z
            .string({ description: 'The project description in Pulumi.yaml' })
            .optional(),
        config: z =>
          plainConfigInput(
            z,
            'Plain config values of the new stack, by key, over the defaults of pulumi.stackDefaults.config; secrets go through pulumi:config:set',
          ),
        tags: z =>
          z
            .record(z.string(), z.string(), {
              description:
                'Stack tags, such as backstage.io:owner and backstage.io:component for the catalog, or stackyard:ttl for a time to live; a tag whose value is empty is left out, so that a template can make one optional',
            })
            .optional(),
      },
      output: {
        directory: z =>
          z.string({
            description: 'The project folder, relative to the task workspace',
          }),
        stackRef: z =>
          z.string({
            description: 'The stack, as backend:organization/project/stack',
          }),
      },
    },
    async handler(ctx) {
      const engine = await options.engine();
      const ref = checkStackInput(engine, ctx.input);
      const source = templateFolder(
        options.config,
        ctx.workspacePath,
        ctx.input.template,
      );
      const relative = ctx.input.directory ?? ref.project;
      const target = workspaceFolder(ctx.workspacePath, relative, 'directory');
      await copyProject(source, target, {
        template: ctx.input.template,
        name: ref.project,
        description: ctx.input.description,
      });
      const stackConfig = {
        ...defaultStackConfig(options.config),
        ...plainConfigValues(ctx.input.config),
      };
      const stackRef = stringifyStackRef({
        ...ref,
        organization: 'organization',
      });
      ctx.output('directory', relative);
      ctx.output('stackRef', stackRef);
      if (ctx.isDryRun) {
        await writeStackFile(target, ref, stackConfig);
        ctx.logger.info(
          `Dry run: would create the stack ${ref.project}/${ref.stack} in backend '${ref.backendId}'`,
        );
        return;
      }
      ctx.logger.info(
        `Creating the stack ${ref.project}/${ref.stack} in backend '${ref.backendId}'`,
      );
      // Once created, a recovered task does not try again (which would fail: the stack exists).
      await ctx.checkpoint({
        key: `pulumi:new:${ref.backendId}:${ref.project}/${ref.stack}`,
        fn: async () => {
          await engine.createStack(ref, {
            programDir: target,
            config: Object.fromEntries(
              Object.entries(stackConfig).map(([key, value]) => [
                key,
                { value, secret: false },
              ]),
            ),
            tags: Object.fromEntries(
              Object.entries(ctx.input.tags ?? {}).filter(([, v]) => v !== ''),
            ),
          });
        },
      });
    },
  });
}
