import {
  AboutRequest,
  GetProgramDependenciesRequest,
  GetProgramDependenciesResponse,
  GetRequiredPackagesRequest,
  GetRequiredPackagesResponse,
  InstallDependenciesRequest,
  InstallDependenciesResponse,
  RunRequest,
  RunResponse,
  AboutResponse,
} from '@pulumi/pulumi/proto/language_pb';
import { PluginInfo } from '@pulumi/pulumi/proto/plugin_pb';
import { Empty } from 'google-protobuf/google/protobuf/empty_pb';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { useTempDirs, writeFiles } from '../common/testing/files';
import { programInfo, useHost } from '../common/testing/useHost';
import { call, readStream } from '../common/testing/hostProcess';

// The bundled Python host, started as the engine starts it, with Debian's python3. What needs an engine
// (Run, and the exec script) is tested through the real CLI in plugins/pulumi-node (pythonPrograms.test.ts).
jest.setTimeout(120_000);

/** A virtualenv without pip (made in a moment) that holds the given distributions, by name and version. */
function virtualenvWith(
  dir: string,
  dists: Array<{ name: string; version: string; plugin?: object }>,
): string {
  execFileSync('python3', ['-m', 'venv', '--without-pip', dir]);
  const lib = path.join(dir, 'lib');
  const site = path.join(lib, readdirSync(lib)[0], 'site-packages');
  for (const { name, version, plugin } of dists) {
    const module = name.replace(/-/g, '_');
    writeFiles(site, {
      [`${module}-${version}.dist-info/METADATA`]: `Metadata-Version: 2.1\nName: ${name}\nVersion: ${version}\n`,
      [`${module}/__init__.py`]: '',
      ...(plugin ? { [`${module}/pulumi-plugin.json`]: plugin } : {}),
    });
  }
  return dir;
}

describe('pulumi-language-python as the engine starts it', () => {
  const tempDir = useTempDirs();
  const host = useHost('python', tempDir, () => ({
    args: ['--logflow', '127.0.0.1:9'],
    env: { PATH: process.env.PATH, HOME: tempDir() },
  }));

  it('prints nothing but its port, and has its exec script beside it', async () => {
    expect(host.stdout()).toMatch(/^\d+\n$/);
    expect(
      existsSync(
        path.join(path.dirname(host.bundle()), 'pulumi-language-python-exec'),
      ),
    ).toBe(true);
    const info = await call<PluginInfo>(done =>
      host.client.getPluginInfo(new Empty(), done),
    );
    expect(info.getVersion()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it("reads the plugins of the packages in the program's virtualenv", async () => {
    const dir = tempDir();
    virtualenvWith(path.join(dir, 'venv'), [
      { name: 'pulumi-random', version: '4.18.2' },
      { name: 'requests', version: '2.32.0' },
      {
        name: 'acme-cloud',
        version: '0.3.0',
        plugin: { resource: true, name: 'acme', version: '0.3.1' },
      },
    ]);
    const info = programInfo(dir, { virtualenv: 'venv' });
    const found = await call<GetRequiredPackagesResponse>(done =>
      host.client.getRequiredPackages(
        new GetRequiredPackagesRequest().setInfo(info),
        done,
      ),
    );
    expect(
      found
        .getPackagesList()
        .map(p => `${p.getName()}@${p.getVersion()}`)
        .sort(),
    ).toEqual(['acme@v0.3.1', 'random@v4.18.2']);

    const deps = await call<GetProgramDependenciesResponse>(done =>
      host.client.getProgramDependencies(
        new GetProgramDependenciesRequest().setInfo(info),
        done,
      ),
    );
    expect(
      deps.getDependenciesList().map(d => `${d.getName()}==${d.getVersion()}`),
    ).toEqual(
      expect.arrayContaining(['pulumi-random==4.18.2', 'requests==2.32.0']),
    );

    const about = await call<AboutResponse>(done =>
      host.client.about(new AboutRequest().setInfo(info), done),
    );
    expect(about.getExecutable()).toBe(path.join(dir, 'venv/bin/python'));
    expect(about.getVersion()).toMatch(/^3\.\d+\.\d+$/);
    expect(about.getMetadataMap().get('toolchain')).toBe('pip');
  });

  it('names a virtualenv that does not exist, and how to create it', async () => {
    const dir = tempDir();
    const response = await call<RunResponse>(done =>
      host.client.run(
        new RunRequest().setInfo(programInfo(dir, { virtualenv: 'venv' })),
        done,
      ),
    );
    const missing = `The 'virtualenv' option in Pulumi.yaml is set to "${path.join(
      dir,
      'venv',
    )}", but it doesn't exist. Run \`pulumi install\` to create it`;
    expect(response.getError()).toContain(missing);
    const failed = await call<GetRequiredPackagesResponse>(done =>
      host.client.getRequiredPackages(
        new GetRequiredPackagesRequest().setInfo(
          programInfo(dir, { virtualenv: 'venv' }),
        ),
        done,
      ),
    ).catch((error: Error) => error);
    expect(String(failed)).toContain(
      `The 'virtualenv' option in Pulumi.yaml is set to "${path.join(
        dir,
        'venv',
      )}", but it doesn't exist`,
    );
  });

  it('creates the virtualenv that the options name, and installs requirements.txt into it', async () => {
    const dir = tempDir();
    // Nothing to fetch: the test needs no package index.
    writeFiles(dir, { 'requirements.txt': '# no requirements\n' });
    const { messages, error } = await readStream<InstallDependenciesResponse>(
      host.client.installDependencies(
        new InstallDependenciesRequest().setInfo(
          programInfo(dir, { virtualenv: 'venv' }),
        ),
      ),
    );
    expect(error).toBeUndefined();
    const stdout = messages
      .map(m => Buffer.from(m.getStdout_asU8()).toString())
      .join('');
    expect(stdout).toContain(`-m venv ${path.join(dir, 'venv')}`);
    expect(stdout).toContain('-m pip install -r');
    expect(existsSync(path.join(dir, 'venv/bin/python'))).toBe(true);
  });
});
