import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

/** Folders that a template's version leaves out: what installs and tools add, not the template. */
const SKIPPED = new Set([
  'node_modules',
  '.git',
  'venv',
  '.venv',
  '__pycache__',
]);

async function filesOf(dir: string, base = dir): Promise<string[]> {
  const files: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (SKIPPED.has(entry.name)) continue;
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      files.push(...(await filesOf(file, base)));
    } else if (entry.isFile()) {
      files.push(path.relative(base, file));
    }
  }
  return files;
}

/**
 * A template folder's version when its stackyard.yaml gives none: the first 12 hex digits of a SHA-256 of
 * its files' paths and contents, so that any edit, and only an edit, gives a new version.
 */
export async function templateFolderHash(dir: string): Promise<string> {
  const hash = createHash('sha256');
  for (const file of (await filesOf(dir)).sort()) {
    hash.update(`${file.split(path.sep).join('/')}\0`);
    hash.update(await readFile(path.join(dir, file)));
    hash.update('\0');
  }
  return hash.digest('hex').slice(0, 12);
}
