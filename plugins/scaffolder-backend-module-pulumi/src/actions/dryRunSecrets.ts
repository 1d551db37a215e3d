import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * In a dry run, pulumi:config:set sets nothing, yet the preview that follows must know which keys the
 * stack will hold as secrets (a program may require them). The names of those keys, never their values,
 * go to this file of the project folder, which only dry runs write.
 */
const fileOf = (dir: string, stack: string) =>
  path.join(dir, `.stackyard-dry-run-secrets.${stack}.json`);

/** The secret keys that pulumi:config:set named in this dry run. */
export async function dryRunSecretKeys(
  dir: string,
  stack: string,
): Promise<string[]> {
  const file = fileOf(dir, stack);
  if (!existsSync(file)) return [];
  return JSON.parse(await readFile(file, 'utf8')) as string[];
}

/** Adds the names of secret keys that a dry run's pulumi:config:set would have set. */
export async function recordDryRunSecretKeys(
  dir: string,
  stack: string,
  keys: string[],
): Promise<void> {
  const known = await dryRunSecretKeys(dir, stack);
  await writeFile(
    fileOf(dir, stack),
    JSON.stringify([...new Set([...known, ...keys])].sort()),
  );
}
