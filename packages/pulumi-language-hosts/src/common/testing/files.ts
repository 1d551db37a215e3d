import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Temporary folders in os.tmpdir() that a test suite removes when it ends. */
export function useTempDirs(): (prefix?: string) => string {
  const dirs: string[] = [];
  afterAll(() =>
    dirs.forEach(dir => rmSync(dir, { recursive: true, force: true })),
  );
  return (prefix = 'lh-test-') => {
    const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
    dirs.push(dir);
    return dir;
  };
}

/** Writes files under a folder: objects are written as JSON, strings as they are. */
export function writeFiles(
  root: string,
  files: Record<string, string | object>,
): void {
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(root, name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(
      file,
      typeof content === 'string'
        ? content
        : `${JSON.stringify(content, null, 2)}\n`,
      { mode: name.startsWith('bin/') ? 0o755 : 0o644 },
    );
  }
}
