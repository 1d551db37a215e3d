import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { exists, findExecutable } from '../common/files';
import { parseOptions } from './options';
import type { ProgramLocation } from '../common/programInfo';
import type { RuntimeOptionPrompt } from '../common/types';

const packageManagers = ['npm', 'pnpm', 'yarn', 'bun'];

/**
 * The runtime options `pulumi new` should ask for, as the Go host's RuntimeOptionsPrompts: the package
 * manager, unless the template sets one or the runtime is bun. Package managers found on the PATH come
 * first; the others are marked "[not found]".
 */
export function runtimeOptionPrompts(
  options: Record<string, unknown>,
  runtime: string,
  searchPath: string = process.env.PATH ?? '',
): RuntimeOptionPrompt[] {
  if (runtime === 'bun' || 'packagemanager' in options) {
    return [];
  }
  const found = packageManagers.map(name => ({
    name,
    found: findExecutable(name, searchPath) !== undefined,
  }));
  const ordered = [
    ...found.filter(pm => pm.found),
    ...found.filter(pm => !pm.found),
  ];
  return [
    {
      key: 'packagemanager',
      description: 'The package manager to use for installing dependencies',
      choices: ordered.map(pm => ({
        value: pm.name,
        displayName: pm.found ? pm.name : `${pm.name} [not found]`,
      })),
      defaultValue: 'npm',
    },
  ];
}

/**
 * Adjusts a new project made from a template, as the Go host's Template: a pnpm project gets a
 * pnpm-workspace.yaml that skips protobufjs's needless install script, which pnpm 11 would otherwise
 * refuse to install without.
 */
export function applyTemplate(info: ProgramLocation, runtime: string): void {
  if (parseOptions(info.options, runtime).packagemanager !== 'pnpm') {
    return;
  }
  const file = path.join(info.programDirectory, 'pnpm-workspace.yaml');
  if (!exists(file)) {
    writeFileSync(
      file,
      "# Don't run protobufjs's unnecessary install script (pnpm 11 fails install unless it's listed here).\n" +
        'allowBuilds:\n  protobufjs: false\n',
      { mode: 0o600 },
    );
  }
}
