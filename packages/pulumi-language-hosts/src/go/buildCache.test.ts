import {
  mkdirSync,
  readdirSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { useTempDirs, writeFiles } from '../common/testing/files';
import {
  buildCacheKey,
  buildCacheRoot,
  buildsKeptPerProject,
  cachedBinaryPath,
  hashSourceTree,
  localReplaceDirs,
  pruneBuilds,
} from './buildCache';

describe('hashSourceTree', () => {
  const tempDir = useTempDirs();
  const program = () => {
    const dir = tempDir();
    writeFiles(dir, {
      'main.go': 'package main\n',
      'go.mod': 'module example.test/p\n',
      'vendor/modules.txt': '# none\n',
    });
    return dir;
  };

  it('is the same for the same files, wherever they are', () => {
    expect(hashSourceTree(program())).toBe(hashSourceTree(program()));
  });

  it('changes with the content, the name and the vendored files', () => {
    const dir = program();
    const before = hashSourceTree(dir);
    writeFiles(dir, { 'main.go': 'package main\n\nfunc main() {}\n' });
    const edited = hashSourceTree(dir);
    expect(edited).not.toBe(before);
    writeFiles(dir, { 'vendor/modules.txt': '# changed\n' });
    expect(hashSourceTree(dir)).not.toBe(edited);
    const renamed = program();
    writeFiles(renamed, { 'other.go': 'package main\n' });
    expect(hashSourceTree(renamed)).not.toBe(hashSourceTree(program()));
  });

  it('ignores hidden folders, node_modules and the build target', () => {
    const dir = program();
    const before = hashSourceTree(dir, 'bin/app');
    writeFiles(dir, {
      '.git/HEAD': 'ref: main\n',
      '.pulumi/x': 'y',
      'node_modules/a/index.js': '',
      'bin/app': 'a binary',
    });
    expect(hashSourceTree(dir, 'bin/app')).toBe(before);
    writeFiles(dir, { 'bin/other': 'x' });
    expect(hashSourceTree(dir, 'bin/app')).not.toBe(before);
  });

  it('counts a symbolic link by its target without following it', () => {
    const dir = program();
    const before = hashSourceTree(dir);
    symlinkSync('/nonexistent/folder', path.join(dir, 'link'));
    const linked = hashSourceTree(dir);
    expect(linked).not.toBe(before);
    expect(hashSourceTree(dir)).toBe(linked);
  });
});

describe('buildCacheKey', () => {
  const inputs = {
    toolchain: 'go version go1.26.8 linux/amd64\nlinux\namd64',
    buildTarget: '',
    programDirectory: '/p',
    sourceHashes: [['/p', 'abc']] as Array<[string, string]>,
  };

  it('changes with the toolchain, the platform, the build target and the sources', () => {
    const key = buildCacheKey(inputs);
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(buildCacheKey({ ...inputs })).toBe(key);
    for (const change of [
      { toolchain: 'go version go1.25.0 linux/amd64\nlinux\namd64' },
      { toolchain: 'go version go1.26.8 linux/amd64\nlinux\narm64' },
      { buildTarget: 'bin/app' },
      { programDirectory: '/q' },
      { sourceHashes: [['/p', 'abd']] as Array<[string, string]> },
    ]) {
      expect(buildCacheKey({ ...inputs, ...change })).not.toBe(key);
    }
  });
});

describe('localReplaceDirs', () => {
  it('finds the local targets of replace directives', () => {
    const goMod = `module example.test/p

replace github.com/pulumi/pulumi-random/sdk/v4 => ./random // local copy

replace (
\texample.test/a v1.0.0 => ../a
\texample.test/b => /abs/b
\texample.test/c => example.test/c2 v1.2.0
)
`;
    expect(localReplaceDirs(goMod, '/w/p')).toEqual([
      '/w/p/random',
      '/w/a',
      '/abs/b',
    ]);
  });
});

describe('the cache folders', () => {
  const tempDir = useTempDirs();

  it('lives under PULUMI_HOME, one folder per project and key', () => {
    expect(buildCacheRoot({ PULUMI_HOME: '/ph' })).toBe(
      '/ph/stackyard/go-builds',
    );
    expect(buildCacheRoot({ HOME: '/home/u' })).toBe(
      '/home/u/.pulumi/stackyard/go-builds',
    );
    expect(cachedBinaryPath('/c', 'my app/../x', 'k')).toBe(
      '/c/my_app_.._x/k/program',
    );
  });

  it('keeps only the newest builds of a project', () => {
    const project = tempDir();
    const builds = ['a', 'b', 'c', 'd', 'e'];
    builds.forEach((name, i) => {
      mkdirSync(path.join(project, name));
      writeFileSync(path.join(project, name, 'program'), name);
      const time = new Date(Date.UTC(2024, 0, 1 + i));
      utimesSync(path.join(project, name), time, time);
    });
    // `a` was just built: it stays, with the newest of the others.
    pruneBuilds(project, path.join(project, 'a'));
    expect(readdirSync(project).sort()).toEqual(['a', 'd', 'e']);
    expect(buildsKeptPerProject).toBe(3);
  });
});
