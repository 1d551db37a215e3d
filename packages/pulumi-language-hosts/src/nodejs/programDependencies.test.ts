import path from 'node:path';
import { symlinkSync } from 'node:fs';
import { listProgramDependencies } from './programDependencies';
import { useTempDirs, writeFiles } from '../common/testing/files';

describe('listProgramDependencies', () => {
  const tempDir = useTempDirs();

  function project(): string {
    const dir = tempDir();
    writeFiles(dir, {
      'package.json': {
        name: 'prog',
        dependencies: { '@pulumi/pulumi': '^3.0.0', missing: '^1.0.0' },
        devDependencies: { typescript: '~5.8.0' },
      },
      'node_modules/@pulumi/pulumi/package.json': {
        name: '@pulumi/pulumi',
        version: '3.259.0',
        dependencies: { semver: '^7.0.0', minimist: '^1.2.6' },
      },
      'node_modules/@pulumi/pulumi/node_modules/semver/package.json': {
        name: 'semver',
        version: '7.7.1',
      },
      'node_modules/semver/package.json': { name: 'semver', version: '6.3.1' },
      'node_modules/typescript/package.json': {
        name: 'typescript',
        version: '5.8.3',
      },
      'src/index.ts': '',
    });
    return dir;
  }

  it('lists the declared dependencies with their installed versions', () => {
    expect(listProgramDependencies(project(), false)).toEqual([
      { name: 'typescript', version: '5.8.3' },
      { name: '@pulumi/pulumi', version: '3.259.0' },
      { name: 'missing', version: '^1.0.0' },
    ]);
  });

  it('adds what they depend on, resolved as Node.js resolves it, with transitive', () => {
    const deps = listProgramDependencies(path.join(project(), 'src'), true);
    expect(deps).toContainEqual({ name: 'semver', version: '7.7.1' });
    expect(deps).not.toContainEqual({ name: 'semver', version: '6.3.1' });
    expect(deps.map(d => d.name)).not.toContain('minimist');
  });

  it("resolves through pnpm's links", () => {
    const dir = tempDir();
    writeFiles(dir, {
      'package.json': { name: 'prog', dependencies: { a: '1' } },
      'node_modules/.pnpm/a@1.0.0/node_modules/a/package.json': {
        name: 'a',
        version: '1.0.0',
        dependencies: { b: '2' },
      },
      'node_modules/.pnpm/a@1.0.0/node_modules/b/package.json': {
        name: 'b',
        version: '2.0.0',
      },
    });
    symlinkSync(
      path.join(dir, 'node_modules/.pnpm/a@1.0.0/node_modules/a'),
      path.join(dir, 'node_modules/a'),
    );
    expect(listProgramDependencies(dir, true)).toEqual([
      { name: 'a', version: '1.0.0' },
      { name: 'b', version: '2.0.0' },
    ]);
  });
});
