import path from 'node:path';
import { useTempDirs, writeFiles } from '../common/testing/files';
import { findWorkspaceRoot, globMatches } from './workspaceRoot';

describe('findWorkspaceRoot', () => {
  const tempDir = useTempDirs();

  it('finds an npm or yarn workspace root whose workspaces match the project', () => {
    const root = tempDir();
    writeFiles(root, {
      'package.json': { name: 'root', workspaces: ['packages/*', 'infra'] },
      'packages/a/package.json': { name: 'a' },
      'infra/package.json': { name: 'infra' },
      'infra/src/index.ts': '',
      'other/package.json': { name: 'other' },
    });
    expect(findWorkspaceRoot(path.join(root, 'packages/a'))).toBe(root);
    expect(findWorkspaceRoot(path.join(root, 'infra/src'))).toBe(root);
    expect(findWorkspaceRoot(path.join(root, 'other'))).toBeUndefined();
  });

  it("reads yarn's { packages } form and pnpm-workspace.yaml", () => {
    const yarn = tempDir();
    writeFiles(yarn, {
      'package.json': { name: 'root', workspaces: { packages: ['apps/*'] } },
      'apps/x/package.json': { name: 'x' },
    });
    expect(findWorkspaceRoot(path.join(yarn, 'apps/x'))).toBe(yarn);

    const pnpm = tempDir();
    writeFiles(pnpm, {
      'package.json': { name: 'root' },
      'pnpm-workspace.yaml': 'packages:\n  - "stacks/*"\n',
      'stacks/dev/package.json': { name: 'dev' },
    });
    expect(findWorkspaceRoot(path.join(pnpm, 'stacks/dev'))).toBe(pnpm);
  });

  it('is undefined outside any workspace', () => {
    const dir = tempDir();
    writeFiles(dir, { 'package.json': { name: 'alone' } });
    expect(findWorkspaceRoot(dir)).toBeUndefined();
  });
});

describe('globMatches', () => {
  it('matches one segment per star, as Go filepath.Match', () => {
    expect(globMatches('/r/packages/*', '/r/packages/a')).toBe(true);
    expect(globMatches('/r/packages/*', '/r/packages/a/b')).toBe(false);
    expect(globMatches('/r/./packages/?', '/r/packages/a')).toBe(true);
    expect(globMatches('/r/packages/[ab]*', '/r/packages/bee')).toBe(true);
    expect(globMatches('/r/packages/[^ab]*', '/r/packages/bee')).toBe(false);
    expect(globMatches('/r/pkg.x', '/r/pkgax')).toBe(false);
  });
});
