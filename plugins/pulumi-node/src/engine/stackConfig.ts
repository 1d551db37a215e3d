import { InputError } from '@backstage/errors';
import type { ConfigMap, LocalWorkspace } from '@pulumi/pulumi/automation';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { EngineContext, stackLabel } from './engineContext';
import { translateEngineError } from './engineErrors';
import { assertTagName } from './names';
import { openWorkspace, runCli } from './openStack';
import { Redactor, SECRET_PLACEHOLDER } from './redact';
import type { StackConfigValue, StackRef } from './types';

const STACK_FILE_EXTENSIONS = ['yaml', 'yml', 'json'];
// `key` or `namespace:key`, as `pulumi config set` takes them (without `--path`).
const CONFIG_KEY = /^([A-Za-z0-9_.-]+:)?[A-Za-z0-9_.-]+$/;

/** Config keys and values as `createStack` and `setConfig` take them; a bad one is an InputError naming it. */
export function assertValidConfig(
  config: Record<string, StackConfigValue>,
): void {
  for (const [key, entry] of Object.entries(config)) {
    if (!CONFIG_KEY.test(key)) {
      throw new InputError(
        `config key ${JSON.stringify(
          key,
        )} is not a valid key, such as 'replicas' or 'aws:region'`,
      );
    }
    if (typeof entry?.value !== 'string') {
      throw new InputError(`config.${key}.value must be a string`);
    }
  }
}

/** Stack tags as `createStack` takes them; a bad one is an InputError naming it. */
export function assertValidTags(tags: Record<string, string>): void {
  for (const [name, value] of Object.entries(tags)) {
    assertTagName('tags:', name);
    if (typeof value !== 'string' || value.length > 256) {
      throw new InputError(
        `tags.${name} must be a string of at most 256 characters`,
      );
    }
  }
}

/**
 * Opens the workspace of the folder that takes a stack's config (`programDir`, or the project's) and runs
 * `change` in it, then writes `config` where `preview` and `up` read it: the folder's
 * `Pulumi.<stack>.yaml`. Secret values reach the CLI on its standard input and never come out.
 */
export async function configureStack(
  context: EngineContext,
  ref: StackRef,
  options: { config: Record<string, StackConfigValue>; programDir?: string },
  change: (workspace: LocalWorkspace) => Promise<void>,
): Promise<void> {
  const backend = context.backend(ref.backendId);
  const { config } = options;
  const folder = context.configFolder(
    ref,
    options.programDir,
    Object.keys(config).length > 0,
  );
  const redactor = context
    .credentialRedactor(backend, folder)
    .with(Object.values(config).flatMap(e => (e.secret ? [e.value] : [])));
  const { workspace, close } = await openWorkspace({
    ...context.callOptions(backend, folder),
    project: ref.project,
  });
  try {
    await change(workspace);
    await writeConfig(context, workspace, ref.stack, config, redactor);
  } catch (error) {
    throw translateEngineError(error, { redactor, stack: stackLabel(ref) });
  } finally {
    await close();
  }
}

/** Plain values in one call; each secret through standard input, so that no command line holds it. */
export async function writeConfig(
  context: EngineContext,
  workspace: LocalWorkspace,
  stack: string,
  config: Record<string, StackConfigValue>,
  redactor: Redactor,
): Promise<void> {
  const entries = Object.entries(config);
  const plain = entries.filter(([, e]) => !e.secret);
  if (plain.length > 0) {
    await workspace.setAllConfig(
      stack,
      Object.fromEntries(
        plain.map(([key, { value }]) => [key, { value, secret: false }]),
      ),
    );
  }
  for (const [key, { value }] of entries.filter(([, e]) => e.secret)) {
    await runCli(
      context.engine,
      workspace,
      ['config', 'set', '--secret', '--non-interactive', '--stack', stack, key],
      redactor,
      { input: value },
    );
  }
}

/**
 * The stack's config, secrets as `[secret]`. With a project folder that holds a `Pulumi.<stack>.yaml`,
 * that file is the config, as it is what the next `preview` or `up` uses; otherwise it is the config of
 * the stack's last update, as the backend recorded it.
 */
export async function readStackConfig(
  context: EngineContext,
  ref: StackRef,
): Promise<Record<string, StackConfigValue>> {
  const folder = context.projectFolder(ref.backendId, ref.project);
  const useFolder =
    folder &&
    STACK_FILE_EXTENSIONS.some(ext =>
      existsSync(path.join(folder.dir, `Pulumi.${ref.stack}.${ext}`)),
    );
  return context.withStack(
    ref,
    async stack => {
      const config: ConfigMap = useFolder
        ? await stack.getAllConfig()
        : (await stack.info(false))?.config ?? {};
      return Object.fromEntries(
        Object.entries(config).map(([key, { value, secret }]) => [
          key,
          {
            value: secret ? SECRET_PLACEHOLDER : configText(value),
            secret: Boolean(secret),
          },
        ]),
      );
    },
    useFolder ? { folder } : {},
  );
}

function configText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}
