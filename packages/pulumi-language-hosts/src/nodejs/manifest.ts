import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';

/** The fields of a package.json (or pnpm's package.yaml) the host reads. */
export interface PackageManifest {
  name?: string;
  version?: string;
  main?: string;
  type?: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  workspaces?: string[] | { packages?: string[] };
  pulumi?: unknown;
}

/** Reads a package.json, or a package.yaml as YAML. */
export function readPackageManifest(file: string): PackageManifest {
  const text = readFileSync(file, 'utf8');
  const data =
    path.extname(file) === '.json' ? JSON.parse(text) : parseYaml(text);
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new Error(`${file} does not hold an object`);
  }
  return data as PackageManifest;
}
