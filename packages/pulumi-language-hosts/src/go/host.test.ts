import * as grpc from '@grpc/grpc-js';
import {
  AboutRequest,
  AboutResponse,
  GenerateProgramRequest,
  GenerateProgramResponse,
  GetProgramDependenciesRequest,
  GetProgramDependenciesResponse,
  GetRequiredPackagesRequest,
  GetRequiredPackagesResponse,
  InstallDependenciesRequest,
  InstallDependenciesResponse,
  LanguageHandshakeRequest,
  LanguageHandshakeResponse,
  RunPluginRequest,
  RunPluginResponse,
  RunRequest,
  RunResponse,
} from '@pulumi/pulumi/proto/language_pb';
import { PluginInfo } from '@pulumi/pulumi/proto/plugin_pb';
import { execFileSync } from 'node:child_process';
import { Empty } from 'google-protobuf/google/protobuf/empty_pb';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { useTempDirs, writeFiles } from '../common/testing/files';
import { programInfo, useHost } from '../common/testing/useHost';
import { call, readStream } from '../common/testing/hostProcess';

// The first build of a Go program compiles the standard library into Go's build cache.
jest.setTimeout(180_000);

// A Go program with nothing but the standard library, so that it builds offline: it records the
// environment the Go SDK would read and exits with the code the config asks for.
const recorder = `package main

import (
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"time"
)

func main() {
	env := map[string]string{}
	for _, name := range []string{"PULUMI_ORGANIZATION", "PULUMI_PROJECT", "PULUMI_ROOT_DIRECTORY",
		"PULUMI_STACK", "PULUMI_CONFIG", "PULUMI_CONFIG_SECRET_KEYS", "PULUMI_DRY_RUN", "PULUMI_PARALLEL",
		"PULUMI_MONITOR", "PULUMI_ENGINE", "FROM_HOST"} {
		if value, ok := os.LookupEnv(name); ok {
			env[name] = value
		}
	}
	cwd, _ := os.Getwd()
	data, _ := json.Marshal(map[string]any{"env": env, "cwd": cwd})
	// In the working folder: a file written into the program folder would be a change of its sources.
	_ = os.WriteFile("run.json", data, 0o644)
	fmt.Println("hello from go")
	var config map[string]string
	_ = json.Unmarshal([]byte(os.Getenv("PULUMI_CONFIG")), &config)
	if config["lh:sleep"] != "" {
		fmt.Println("the program sleeps")
		time.Sleep(time.Minute)
	}
	code, _ := strconv.Atoi(config["lh:exit"])
	os.Exit(code)
}
`;

const plugin = `package main

import (
	"fmt"
	"os"
	"strconv"
)

func main() {
	cwd, _ := os.Getwd()
	fmt.Printf("plugin args %q in %s\\n", os.Args[1:], cwd)
	fmt.Fprintf(os.Stderr, "plugin says %s\\n", os.Getenv("PLUGIN_WORD"))
	code, _ := strconv.Atoi(os.Getenv("PLUGIN_EXIT"))
	os.Exit(code)
}
`;

/** The host's environment: Go's caches are the test machine's, and the network is off limits. */
function hostEnv(tempDir: () => string): NodeJS.ProcessEnv {
  const [gocache, gomodcache] = execFileSync(
    'go',
    ['env', 'GOCACHE', 'GOMODCACHE'],
    {
      encoding: 'utf8',
    },
  )
    .trim()
    .split('\n');
  return {
    PATH: process.env.PATH,
    HOME: tempDir(),
    PULUMI_HOME: tempDir(),
    GOCACHE: gocache,
    GOMODCACHE: gomodcache,
    GOPROXY: 'off',
    GOTOOLCHAIN: 'local',
    GOFLAGS: '-buildvcs=false',
    FROM_HOST: 'host-value',
  };
}

function goModule(dir: string, files: Record<string, string> = {}) {
  writeFiles(dir, {
    'go.mod': 'module example.test/prog\n\ngo 1.21\n',
    'main.go': recorder,
    ...files,
  });
  return dir;
}

describe('pulumi-language-go as the engine starts it', () => {
  const tempDir = useTempDirs();
  let env: NodeJS.ProcessEnv;
  const host = useHost('go', tempDir, () => {
    env = hostEnv(tempDir);
    return { args: ['--logtostderr', '-v=5', '127.0.0.1:9'], env };
  });
  const builds = () =>
    host.stderr().split('Attempting to build go program').length - 1;

  it('prints nothing but its port on stdout, and reports the SDK version', async () => {
    expect(host.stdout()).toMatch(/^\d+\n$/);
    const info = await call<PluginInfo>(done =>
      host.client.getPluginInfo(new Empty(), done),
    );
    expect(info.getVersion()).toBe('3.259.0');
  });

  it("finds the packages of the program's modules, and its dependencies", async () => {
    const dir = tempDir();
    writeFiles(dir, {
      'go.mod': `module example.test/prog

go 1.21

require (
\tgithub.com/pulumi/pulumi-random/sdk/v4 v4.16.0
\texample.test/thing v1.0.0
\texample.test/util v0.1.0 // indirect
)

replace github.com/pulumi/pulumi-random/sdk/v4 => ./random

replace example.test/thing => ./thing

replace example.test/util => ./util
`,
      'main.go': 'package main\n\nfunc main() {}\n',
      'random/go.mod':
        'module github.com/pulumi/pulumi-random/sdk/v4\n\ngo 1.21\n',
      'thing/go.mod': 'module example.test/thing\n\ngo 1.21\n',
      'thing/go/thing/pulumi-plugin.json': {
        resource: true,
        name: 'thing',
        version: 'v2.0.0',
        server: 'https://plugins.example.test',
      },
      'util/go.mod': 'module example.test/util\n\ngo 1.21\n',
    });
    const response = await call<GetRequiredPackagesResponse>(done =>
      host.client.getRequiredPackages(
        new GetRequiredPackagesRequest().setInfo(programInfo(dir)),
        done,
      ),
    );
    expect(
      response
        .getPackagesList()
        .map(p => [p.getName(), p.getKind(), p.getVersion(), p.getServer()])
        .sort(),
    ).toEqual([
      ['random', 'resource', 'v4.16.0', ''],
      ['thing', 'resource', 'v2.0.0', 'https://plugins.example.test'],
    ]);

    const deps = (transitive: boolean) =>
      call<GetProgramDependenciesResponse>(done =>
        host.client.getProgramDependencies(
          new GetProgramDependenciesRequest()
            .setInfo(programInfo(dir))
            .setTransitivedependencies(transitive),
          done,
        ),
      );
    expect(
      (await deps(false))
        .getDependenciesList()
        .map(d => [d.getName(), d.getVersion()]),
    ).toEqual([
      ['github.com/pulumi/pulumi-random/sdk/v4', ''],
      ['example.test/thing', ''],
    ]);
    expect((await deps(true)).getDependenciesList()).toHaveLength(3);
  });

  it('needs no packages outside a module', async () => {
    const response = await call<GetRequiredPackagesResponse>(done =>
      host.client.getRequiredPackages(
        new GetRequiredPackagesRequest().setInfo(programInfo(tempDir())),
        done,
      ),
    );
    expect(response.getPackagesList()).toEqual([]);
  });

  it('tells about go', async () => {
    const response = await call<AboutResponse>(done =>
      host.client.about(
        new AboutRequest().setInfo(programInfo(tempDir())),
        done,
      ),
    );
    expect(response.getVersion()).toMatch(/^go version go1\.\d+/);
    expect(path.basename(response.getExecutable())).toBe('go');
  });

  it('installs dependencies with go mod tidy and streams its output', async () => {
    const dir = goModule(tempDir());
    const { messages, error } = await readStream<InstallDependenciesResponse>(
      host.client.installDependencies(
        new InstallDependenciesRequest().setInfo(programInfo(dir)),
      ),
    );
    expect(error).toBeUndefined();
    const stdout = messages
      .map(m => Buffer.from(m.getStdout_asU8()).toString())
      .join('');
    expect(stdout).toMatch(/^Installing dependencies\.\.\.\n\n/);
    expect(stdout).toMatch(/Finished installing dependencies\n\n$/);

    writeFiles(dir, {
      'main.go': 'package main\n\nimport "example.test/absent"\n',
    });
    const failed = await readStream(
      host.client.installDependencies(
        new InstallDependenciesRequest().setInfo(programInfo(dir)),
      ),
    );
    expect(failed.error?.details).toBe(
      '`go mod tidy` failed to install dependencies: exit status 1',
    );
  });

  it('answers code generation with UNIMPLEMENTED', async () => {
    await expect(
      call<GenerateProgramResponse>(done =>
        host.client.generateProgram(new GenerateProgramRequest(), done),
      ),
    ).rejects.toMatchObject({ code: grpc.status.UNIMPLEMENTED });
  });

  describe('Run', () => {
    const pwd = tempDir();
    function run(
      dir: string,
      config: Record<string, string> = {},
      options: Record<string, unknown> = {},
    ) {
      const request = new RunRequest()
        .setMonitorAddress('127.0.0.1:7')
        .setOrganization('acme')
        .setProject('lh')
        .setStack('dev')
        .setParallel(4)
        .setDryrun(true)
        .setPwd(pwd)
        .setConfigsecretkeysList(['lh:secret'])
        .setInfo(programInfo(dir, options));
      Object.entries(config).forEach(([k, v]) =>
        request.getConfigMap().set(k, v),
      );
      return call<RunResponse>(done => host.client.run(request, done));
    }
    const cacheDir = () =>
      path.join(env.PULUMI_HOME!, 'stackyard/go-builds/lh');
    const cached = () =>
      readdirSync(cacheDir()).map(key => {
        const stat = statSync(path.join(cacheDir(), key, 'program'));
        return `${key}:${stat.ino}:${stat.mtimeMs}`;
      });

    it('builds the program, runs it with what the Go SDK reads, and forwards its output', async () => {
      const dir = goModule(tempDir());
      const response = await run(dir, {
        'lh:name': 'x',
        'aws:region': 'north',
      });
      expect([response.getError(), response.getBail()]).toEqual(['', false]);
      expect(
        JSON.parse(readFileSync(path.join(pwd, 'run.json'), 'utf8')),
      ).toEqual({
        cwd: pwd,
        env: {
          PULUMI_ORGANIZATION: 'acme',
          PULUMI_PROJECT: 'lh',
          PULUMI_ROOT_DIRECTORY: dir,
          PULUMI_STACK: 'dev',
          PULUMI_CONFIG: '{"aws:region":"north","lh:name":"x"}',
          PULUMI_CONFIG_SECRET_KEYS: '["lh:secret"]',
          PULUMI_DRY_RUN: 'true',
          PULUMI_PARALLEL: '4',
          PULUMI_MONITOR: '127.0.0.1:7',
          PULUMI_ENGINE: '127.0.0.1:9',
          FROM_HOST: 'host-value',
        },
      });
      await host.waitForStdout('hello from go\n');
    });

    it('runs unchanged sources again without building them, and rebuilds them once changed', async () => {
      const dir = goModule(tempDir());
      const before = builds();
      expect((await run(dir)).getError()).toBe('');
      expect(builds()).toBe(before + 1);
      const first = cached();

      // Exit codes come from the config: the same binary runs each time.
      const bail = await run(dir, { 'lh:exit': '32' });
      expect([bail.getError(), bail.getBail()]).toEqual(['', true]);
      const failed = await run(dir, { 'lh:exit': '3' });
      expect([failed.getError(), failed.getBail()]).toEqual([
        'Program exited with non-zero exit code: 3',
        false,
      ]);
      expect(builds()).toBe(before + 1);
      expect(cached()).toEqual(first);
      expect(host.stderr()).toContain('using the cached build');

      // A hidden folder's files are not sources; main.go is.
      writeFiles(dir, { '.idea/workspace.xml': '<x/>' });
      expect((await run(dir)).getError()).toBe('');
      expect(builds()).toBe(before + 1);
      writeFiles(dir, { 'main.go': `${recorder}\n// edited\n` });
      expect((await run(dir)).getError()).toBe('');
      expect(builds()).toBe(before + 2);
    });

    it("fails a build with the compiler's output", async () => {
      const dir = goModule(tempDir(), {
        'main.go': 'package main\n\nfunc main() {\n\tundefinedThing()\n}\n',
      });
      const response = await run(dir);
      expect(response.getBail()).toBe(false);
      expect(response.getError()).toMatch(
        /^error in compiling Go: unable to run `go build`: exit status 1\n/,
      );
      expect(response.getError()).toContain(
        'main.go:4:2: undefined: undefinedThing',
      );
      const empty = await run(tempDir());
      expect(empty.getError()).toMatch(
        /^Failed to find go files for 'go build' matching /,
      );
    });

    it('puts the binary at buildTarget, and runs a prebuilt binary as it is', async () => {
      const dir = goModule(tempDir());
      expect((await run(dir, {}, { buildTarget: 'bin/app' })).getError()).toBe(
        '',
      );
      expect(statSync(path.join(dir, 'bin/app')).mode & 0o111).not.toBe(0);
      expect((await run(dir, {}, { buildTarget: 'bin/app' })).getError()).toBe(
        '',
      );

      const before = builds();
      const prebuilt = await run(
        dir,
        { 'lh:exit': '5' },
        { binary: 'bin/app' },
      );
      expect(prebuilt.getError()).toBe(
        'Program exited with non-zero exit code: 5',
      );
      expect(builds()).toBe(before);
      expect((await run(dir, {}, { binary: 'bin/absent' })).getError()).toBe(
        "unable to find 'bin/absent' executable: unable to find program: bin/absent",
      );
      await expect(
        run(dir, {}, { binary: 'a', buildTarget: 'b' }),
      ).rejects.toMatchObject({
        details: 'binary and buildTarget cannot both be specified',
      });
    });
  });

  describe('RunPlugin', () => {
    function runPlugin(dir: string, pwd: string, extraEnv: string[]) {
      return readStream<RunPluginResponse>(
        host.client.runPlugin(
          new RunPluginRequest()
            .setInfo(programInfo(dir))
            .setPwd(pwd)
            .setKind('resource')
            .setArgsList(['127.0.0.1:9'])
            .setEnvList([`PATH=${process.env.PATH}`, ...extraEnv]),
        ),
      );
    }

    it('builds a plugin from source, runs it and streams its output back, then its exit code', async () => {
      const dir = goModule(tempDir(), { 'main.go': plugin });
      const pwd = tempDir();
      const { messages, error } = await runPlugin(dir, pwd, ['PLUGIN_WORD=hi']);
      expect(error).toBeUndefined();
      const text = (pick: (m: RunPluginResponse) => Uint8Array) =>
        messages.map(m => Buffer.from(pick(m)).toString()).join('');
      expect(text(m => m.getStdout_asU8())).toBe(
        `plugin args ["127.0.0.1:9"] in ${pwd}\n`,
      );
      expect(text(m => m.getStderr_asU8())).toBe('plugin says hi\n');
      expect(messages.some(m => m.hasExitcode())).toBe(false);

      const failed = await runPlugin(dir, pwd, ['PLUGIN_EXIT=4']);
      expect(failed.error).toBeUndefined();
      expect(failed.messages.at(-1)?.getExitcode()).toBe(4);
      expect(
        existsSync(
          path.join(
            env.PULUMI_HOME!,
            'stackyard/go-builds',
            `plugin-${path.basename(dir)}`,
          ),
        ),
      ).toBe(true);
    });
  });
});

describe('pulumi-language-go started without an engine address', () => {
  const tempDir = useTempDirs();
  const host = useHost('go', tempDir, () => ({
    args: [],
    env: hostEnv(tempDir),
  }));

  function run(dir: string, config: Record<string, string> = {}) {
    const request = new RunRequest()
      .setMonitorAddress('127.0.0.1:7')
      .setProject('lh')
      .setInfo(programInfo(dir));
    Object.entries(config).forEach(([k, v]) =>
      request.getConfigMap().set(k, v),
    );
    return call<RunResponse>(done => host.client.run(request, done));
  }

  it('runs programs once the engine has shaken hands, and stops them on Cancel', async () => {
    const dir = goModule(tempDir());
    await expect(run(dir)).rejects.toMatchObject({
      details:
        'when debugging or running explicitly, must call Handshake before Run',
    });
    const handshake = (address: string) =>
      call<LanguageHandshakeResponse>(done =>
        host.client.handshake(
          new LanguageHandshakeRequest().setEngineAddress(address),
          done,
        ),
      );
    await expect(handshake('')).rejects.toMatchObject({
      details: 'Must contain address in request',
    });
    await handshake('127.0.0.1:9');
    expect((await run(dir)).getError()).toBe('');

    const sleeping = run(dir, { 'lh:sleep': 'true' });
    await host.waitForStdout('the program sleeps\n');
    await call<Empty>(done => host.client.cancel(new Empty(), done));
    expect((await sleeping).getError()).toBe(
      'Program exited with non-zero exit code: -1',
    );
  });
});
