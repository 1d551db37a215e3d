import path from 'node:path';
import { resolvePackageManager } from './packageManager';
import { useTempDirs, writeFiles } from '../common/testing/files';

describe('resolvePackageManager', () => {
  const tempDir = useTempDirs();

  /** A folder of stand-in executables, used as the whole PATH. */
  function fakePath(...names: string[]): NodeJS.ProcessEnv {
    const dir = tempDir();
    writeFiles(
      dir,
      Object.fromEntries(names.map(name => [`bin/${name}`, '#!/bin/sh\n'])),
    );
    return { PATH: path.join(dir, 'bin') };
  }

  function project(files: Record<string, string | object>): string {
    const dir = tempDir();
    writeFiles(dir, { 'package.json': { name: 'p' }, ...files });
    return dir;
  }

  const all = () => fakePath('npm', 'yarn', 'pnpm', 'bun');

  it('chooses by the lock file, in the Go host order', () => {
    const env = all();
    expect(resolvePackageManager('auto', project({}), env).name).toBe('npm');
    expect(
      resolvePackageManager('auto', project({ 'yarn.lock': '' }), env).name,
    ).toBe('yarn');
    expect(
      resolvePackageManager('auto', project({ 'pnpm-lock.yaml': '' }), env)
        .name,
    ).toBe('pnpm');
    expect(
      resolvePackageManager('auto', project({ 'bun.lock': '' }), env).name,
    ).toBe('bun');
    expect(
      resolvePackageManager('auto', project({ 'bun.lockb': '' }), env).name,
    ).toBe('bun');
    expect(
      resolvePackageManager(
        'auto',
        project({ 'yarn.lock': '', 'pnpm-lock.yaml': '' }),
        env,
      ).name,
    ).toBe('yarn');
  });

  it('finds a lock file in a folder above, as in a workspace', () => {
    const root = project({
      'pnpm-lock.yaml': '',
      'infra/package.json': { name: 'infra' },
    });
    expect(
      resolvePackageManager('auto', path.join(root, 'infra'), all()).name,
    ).toBe('pnpm');
  });

  it('prefers yarn when PULUMI_PREFER_YARN is set', () => {
    const env = { ...all(), PULUMI_PREFER_YARN: 'true' };
    expect(resolvePackageManager('auto', project({}), env).name).toBe('yarn');
  });

  it('falls through to the next when the lock file’s package manager is missing', () => {
    const env = fakePath('npm', 'pnpm');
    expect(
      resolvePackageManager(
        'auto',
        project({ 'yarn.lock': '', 'pnpm-lock.yaml': '' }),
        env,
      ).name,
    ).toBe('pnpm');
    expect(
      resolvePackageManager('auto', project({ 'yarn.lock': '' }), env).name,
    ).toBe('npm');
  });

  it('uses the packagemanager option, and fails when it is missing', () => {
    const dir = project({ 'yarn.lock': '' });
    const pnpm = resolvePackageManager('pnpm', dir, all());
    expect(pnpm).toMatchObject({
      name: 'pnpm',
      installArgs: ['install', '--use-stderr'],
    });
    expect(pnpm.executable).toMatch(/bin\/pnpm$/);
    expect(() => resolvePackageManager('bun', dir, fakePath('npm'))).toThrow(
      'Could not find `bun` executable.',
    );
  });

  it('needs pnpm for a package.yaml', () => {
    const dir = tempDir();
    writeFiles(dir, { 'package.yaml': 'name: p\n' });
    expect(resolvePackageManager('auto', dir, all()).name).toBe('pnpm');
    expect(() => resolvePackageManager('npm', dir, all())).toThrow(
      "the project's manifest is package.yaml, which is only supported by pnpm",
    );
  });

  it('installs quietly with npm and with retries with yarn', () => {
    expect(resolvePackageManager('npm', project({}), all())).toMatchObject({
      installArgs: ['install', '--loglevel=error'],
      attempts: 1,
      stderrOnFailureOnly: false,
    });
    expect(resolvePackageManager('yarn', project({}), all())).toMatchObject({
      installArgs: ['install'],
      attempts: 3,
      stderrOnFailureOnly: true,
    });
  });

  it('fails without npm', () => {
    expect(() =>
      resolvePackageManager('auto', project({}), fakePath()),
    ).toThrow('could not find npm on the $PATH');
  });
});
