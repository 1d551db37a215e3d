import * as grpc from '@grpc/grpc-js';
import { AnalyzerClient } from '@pulumi/pulumi/proto/analyzer_grpc_pb';
import {
  AnalyzerInfo,
  AnalyzerStackConfigureRequest,
  AnalyzerStackConfigureResponse,
} from '@pulumi/pulumi/proto/analyzer_pb';
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
  RuntimeOptionsRequest,
  RuntimeOptionsResponse,
} from '@pulumi/pulumi/proto/language_pb';
import { PluginInfo } from '@pulumi/pulumi/proto/plugin_pb';
import { Empty } from 'google-protobuf/google/protobuf/empty_pb';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { useTempDirs, writeFiles } from '../common/testing/files';
import { programInfo, useHost } from '../common/testing/useHost';
import { call, readStream } from '../common/testing/hostProcess';

jest.setTimeout(60_000);

// Stands in for @pulumi/pulumi's cmd/run and cmd/run-plugin (PULUMI_LANGUAGE_NODEJS_RUN_PATH): it records
// how it was started and exits with the code the config asks for, so Run's contract is tested without an
// engine.
const fakeRunner = `
const fs = require('node:fs');
const args = process.argv.slice(2);
if (args.includes('--monitor')) {
  const pwd = args[args.indexOf('--pwd') + 1];
  const config = JSON.parse(process.env.PULUMI_CONFIG);
  fs.writeFileSync(pwd + '/run.json', JSON.stringify({ args, cwd: process.cwd(), env: {
    PULUMI_CONFIG: process.env.PULUMI_CONFIG,
    PULUMI_CONFIG_SECRET_KEYS: process.env.PULUMI_CONFIG_SECRET_KEYS,
    PULUMI_NODEJS_TYPESCRIPT: process.env.PULUMI_NODEJS_TYPESCRIPT,
    PULUMI_NODEJS_TSCONFIG_PATH: process.env.PULUMI_NODEJS_TSCONFIG_PATH,
  }}));
  console.log('hello from the program');
  if (config['lh:config:sleep']) {
    console.log('the program sleeps');
    setTimeout(() => process.exit(0), 60000);
  } else {
    process.exit(Number(config['lh:config:exit'] || 0));
  }
} else {
  process.stdout.write('plugin args ' + JSON.stringify(args) + ' in ' + process.cwd() + '\\n');
  process.stderr.write('plugin says ' + process.env.PLUGIN_WORD + '\\n');
  process.exit(Number(process.env.PLUGIN_EXIT || 0));
}
`;

// Stands in for @pulumi/pulumi/cmd/run-policy-pack in a pack's node_modules: an Analyzer that reports the
// stack it was started for, so the policy proxy's hand-over is tested.
function fakePolicyPack(): string {
  const grpcPath = require.resolve('@grpc/grpc-js');
  const stubs = path.dirname(
    require.resolve('@pulumi/pulumi/proto/analyzer_pb'),
  );
  return `
const grpc = require(${JSON.stringify(grpcPath)});
const { AnalyzerService } = require(${JSON.stringify(
    `${stubs}/analyzer_grpc_pb`,
  )});
const pb = require(${JSON.stringify(`${stubs}/analyzer_pb`)});
let configured = 'none';
const server = new grpc.Server();
server.addService(AnalyzerService, {
  configureStack: (call, cb) => { configured = call.request.getStack(); cb(null, new pb.AnalyzerStackConfigureResponse()); },
  getAnalyzerInfo: (call, cb) => cb(null, new pb.AnalyzerInfo()
    .setName('pack-' + process.env.PULUMI_NODEJS_STACK)
    .setDisplayname(JSON.stringify({ args: process.argv.slice(2), cwd: process.cwd(), configured,
      config: process.env.PULUMI_CONFIG, dryRun: process.env.PULUMI_NODEJS_DRY_RUN }))),
});
server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, port) => {
  console.log(port);
  console.log('the pack is running');
});
`;
}

describe('pulumi-language-nodejs as the engine starts it', () => {
  const tempDir = useTempDirs();
  let runnerPath: string;
  const host = useHost('nodejs', tempDir, () => {
    const scripts = tempDir();
    writeFiles(scripts, { 'runner.js': fakeRunner });
    runnerPath = path.join(scripts, 'runner.js');
    const env = {
      PATH: `${path.dirname(process.execPath)}:${process.env.PATH}`,
      HOME: tempDir(),
      PULUMI_LANGUAGE_NODEJS_RUN_PATH: runnerPath,
      // npm installs the test projects' local dependencies without the network.
      npm_config_offline: 'true',
      npm_config_audit: 'false',
      npm_config_fund: 'false',
      npm_config_update_notifier: 'false',
    };
    return { args: ['--logflow', '127.0.0.1:9'], env };
  });

  it('prints nothing but its port on stdout', () => {
    expect(host.stdout()).toMatch(/^\d+\n$/);
  });

  it('reports the SDK version it serves', async () => {
    const info = await call<PluginInfo>(done =>
      host.client.getPluginInfo(new Empty(), done),
    );
    expect(info.getVersion()).toBe('3.259.0');
  });

  it('finds the packages a program needs', async () => {
    const dir = tempDir();
    writeFiles(dir, {
      'node_modules/@pulumi/aws/package.json': {
        name: '@pulumi/aws',
        version: '6.1.0',
        pulumi: { resource: true },
      },
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
        .map(p => [p.getName(), p.getKind(), p.getVersion()]),
    ).toEqual([['aws', 'resource', 'v6.1.0']]);
  });

  it('installs dependencies with npm and streams its output', async () => {
    const dir = tempDir();
    writeFiles(dir, {
      'package.json': {
        name: 'p',
        version: '1.0.0',
        private: true,
        dependencies: { dep: 'file:./dep' },
      },
      'dep/package.json': { name: 'dep', version: '2.0.0' },
    });
    const stream = host.client.installDependencies(
      new InstallDependenciesRequest()
        .setInfo(programInfo(dir))
        .setIsTerminal(false),
    );
    const { messages, error } = await readStream<InstallDependenciesResponse>(
      stream,
    );
    expect(error).toBeUndefined();
    const stdout = messages
      .map(m => Buffer.from(m.getStdout_asU8()).toString())
      .join('');
    expect(stdout).toMatch(/^Installing dependencies\.\.\.\n\n/);
    expect(stdout).toMatch(/Finished installing dependencies\n\n$/);
    expect(
      readFileSync(path.join(dir, 'node_modules/dep/package.json'), 'utf8'),
    ).toContain('2.0.0');

    const deps = await call<GetProgramDependenciesResponse>(done =>
      host.client.getProgramDependencies(
        new GetProgramDependenciesRequest().setInfo(programInfo(dir)),
        done,
      ),
    );
    expect(
      deps.getDependenciesList().map(d => [d.getName(), d.getVersion()]),
    ).toEqual([['dep', '2.0.0']]);
  });

  it('fails an install whose package manager fails', async () => {
    const dir = tempDir();
    writeFiles(dir, {
      'package.json': { name: 'p', scripts: { install: 'exit 7' } },
    });
    const { error } = await readStream(
      host.client.installDependencies(
        new InstallDependenciesRequest().setInfo(programInfo(dir)),
      ),
    );
    expect(error?.details).toBe(`npm install failed in ${dir}: exit status 7`);

    writeFiles(dir, { 'package.json': '{ "name": "p", ' });
    const broken = await readStream(
      host.client.installDependencies(
        new InstallDependenciesRequest().setInfo(programInfo(dir)),
      ),
    );
    expect(broken.error?.details).toMatch(
      /^failure while trying to find workspace root: failed to parse workspaces from .*package.json: /,
    );
  });

  it('tells about node and the package manager', async () => {
    const dir = tempDir();
    writeFiles(dir, { 'package.json': { name: 'p' } });
    const response = await call<AboutResponse>(done =>
      host.client.about(
        new AboutRequest().setInfo(programInfo(dir, { packagemanager: 'npm' })),
        done,
      ),
    );
    expect(response.getVersion()).toBe(process.version);
    expect(path.basename(response.getExecutable())).toBe('node');
    expect(response.getMetadataMap().get('packagemanager')).toBe('npm');
    expect(response.getMetadataMap().get('packagemanagerVersion')).toMatch(
      /^\d+\.\d+\.\d+/,
    );
  });

  it('asks for a package manager unless the project names one', async () => {
    const ask = (options: Record<string, unknown>) =>
      call<RuntimeOptionsResponse>(done =>
        host.client.runtimeOptionsPrompts(
          new RuntimeOptionsRequest().setInfo(programInfo(tempDir(), options)),
          done,
        ),
      );
    const prompts = (await ask({})).getPromptsList();
    expect(prompts.map(p => p.getKey())).toEqual(['packagemanager']);
    expect(
      prompts[0]
        .getChoicesList()
        .map(c => c.getStringvalue())
        .sort(),
    ).toEqual(['bun', 'npm', 'pnpm', 'yarn']);
    expect((await ask({ packagemanager: 'yarn' })).getPromptsList()).toEqual(
      [],
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
    function run(dir: string, config: Record<string, string>, options = {}) {
      const request = new RunRequest()
        .setMonitorAddress('127.0.0.1:7')
        .setProject('lh')
        .setStack('dev')
        .setParallel(4)
        .setDryrun(true)
        .setConfigsecretkeysList(['lh:secret'])
        .setInfo(programInfo(dir, options, 'index.ts'));
      Object.entries(config).forEach(([k, v]) =>
        request.getConfigMap().set(k, v),
      );
      return call<RunResponse>(done => host.client.run(request, done));
    }

    it('runs the program through cmd/run with its config, and forwards its output', async () => {
      const dir = tempDir();
      const response = await run(
        dir,
        { 'lh:name': 'x' },
        { tsconfig: 'tsconfig.pulumi.json' },
      );
      expect([response.getError(), response.getBail()]).toEqual(['', false]);
      const recorded = JSON.parse(
        readFileSync(path.join(dir, 'run.json'), 'utf8'),
      );
      expect(recorded.args).toEqual([
        '--monitor',
        '127.0.0.1:7',
        '--engine',
        '127.0.0.1:9',
        '--project',
        'lh',
        '--root-directory',
        dir,
        '--stack',
        'dev',
        '--pwd',
        dir,
        '--dry-run',
        '--parallel',
        '4',
        'index.ts',
      ]);
      expect(recorded.env).toEqual({
        PULUMI_CONFIG: '{"lh:config:name":"x"}',
        PULUMI_CONFIG_SECRET_KEYS: '["lh:secret"]',
        PULUMI_NODEJS_TYPESCRIPT: 'true',
        PULUMI_NODEJS_TSCONFIG_PATH: 'tsconfig.pulumi.json',
      });
      await host.waitForStdout('hello from the program\n');
    });

    it('bails on exit code 32 and reports other exit codes', async () => {
      const bail = await run(tempDir(), { 'lh:exit': '32' });
      expect([bail.getError(), bail.getBail()]).toEqual(['', true]);
      const failed = await run(
        tempDir(),
        { 'lh:exit': '3' },
        { typescript: false },
      );
      expect([failed.getError(), failed.getBail()]).toEqual([
        'Program exited with non-zero exit code: 3',
        false,
      ]);
    });
  });

  describe('RunPlugin', () => {
    it('runs a plugin from source and streams its output back', async () => {
      const dir = tempDir();
      const pwd = tempDir();
      const stream = host.client.runPlugin(
        new RunPluginRequest()
          .setInfo(programInfo(dir))
          .setPwd(pwd)
          .setKind('resource')
          .setArgsList(['127.0.0.1:9'])
          .setEnvList([`PATH=${process.env.PATH}`, 'PLUGIN_WORD=hi']),
      );
      const { messages, error } = await readStream<RunPluginResponse>(stream);
      expect(error).toBeUndefined();
      const text = (pick: (m: RunPluginResponse) => Uint8Array) =>
        messages.map(m => Buffer.from(pick(m)).toString()).join('');
      expect(text(m => m.getStdout_asU8())).toBe(
        `plugin args ${JSON.stringify([dir, '127.0.0.1:9'])} in ${pwd}\n`,
      );
      expect(text(m => m.getStderr_asU8())).toBe('plugin says hi\n');
    });

    it('fails with the exit code of a failing plugin', async () => {
      const stream = host.client.runPlugin(
        new RunPluginRequest()
          .setInfo(programInfo(tempDir()))
          .setKind('resource')
          .setEnvList([`PATH=${process.env.PATH}`, 'PLUGIN_EXIT=4']),
      );
      const { error } = await readStream(stream);
      expect(error?.details).toBe('Program exited with non-zero exit code: 4');
    });

    it('starts a policy pack behind a proxy that hands it the stack configuration', async () => {
      const pack = tempDir();
      writeFiles(pack, {
        'PulumiPolicy.yaml': 'runtime: nodejs\n',
        'node_modules/@pulumi/pulumi/cmd/run-policy-pack/index.js':
          fakePolicyPack(),
      });
      const stream = host.client.runPlugin(
        new RunPluginRequest()
          .setInfo(programInfo(pack))
          .setPwd(tempDir())
          .setKind('analyzer')
          .setArgsList(['127.0.0.1:9'])
          .setEnvList([`PATH=${process.env.PATH}`]),
      );
      let stdout = '';
      const lines = new Promise<string[]>(resolve =>
        stream.on('data', (message: RunPluginResponse) => {
          stdout += Buffer.from(message.getStdout_asU8()).toString();
          if (stdout.includes('the pack is running\n'))
            resolve(stdout.split('\n'));
        }),
      );
      const portLine = await new Promise<string>(resolve => {
        const check = () =>
          stdout.includes('\n') ? resolve(stdout.split('\n')[0]) : undefined;
        stream.on('data', check);
      });
      const analyzer = new AnalyzerClient(
        `127.0.0.1:${portLine}`,
        grpc.credentials.createInsecure(),
      );
      const configure = new AnalyzerStackConfigureRequest()
        .setStack('dev')
        .setProject('lh');
      configure.getConfigMap().set('lh:region', 'north');
      await call<AnalyzerStackConfigureResponse>(done =>
        analyzer.configureStack(configure, done),
      );
      const info = await call<AnalyzerInfo>(done =>
        analyzer.getAnalyzerInfo(new Empty(), done),
      );
      expect(info.getName()).toBe('pack-dev');
      expect(JSON.parse(info.getDisplayname())).toEqual({
        args: ['127.0.0.1:9', pack],
        cwd: pack,
        configured: 'dev',
        config: '{"lh:region":"north"}',
        dryRun: 'false',
      });
      expect((await lines).slice(1)).toEqual(['the pack is running', '']);
      analyzer.close();
      const ended = readStream(stream);
      stream.cancel();
      await ended;
    });
  });
});

describe('pulumi-language-nodejs started without an engine address', () => {
  const tempDir = useTempDirs();
  const host = useHost('nodejs', tempDir, () => {
    const scripts = tempDir();
    writeFiles(scripts, { 'runner.js': fakeRunner });
    const env = {
      PATH: `${path.dirname(process.execPath)}:${process.env.PATH}`,
      PULUMI_LANGUAGE_NODEJS_RUN_PATH: path.join(scripts, 'runner.js'),
    };
    return { args: [], env };
  });

  function run(config: Record<string, string>) {
    const request = new RunRequest()
      .setMonitorAddress('127.0.0.1:7')
      .setInfo(programInfo(tempDir()));
    Object.entries(config).forEach(([k, v]) =>
      request.getConfigMap().set(k, v),
    );
    return call<RunResponse>(done => host.client.run(request, done));
  }

  it('runs programs once the engine has shaken hands, and stops them on Cancel', async () => {
    await expect(run({})).rejects.toMatchObject({
      details:
        'when debugging or running explicitly, must call Handshake before Run',
    });
    await call<LanguageHandshakeResponse>(done =>
      host.client.handshake(
        new LanguageHandshakeRequest().setEngineAddress('127.0.0.1:9'),
        done,
      ),
    );
    expect((await run({})).getError()).toBe('');

    const sleeping = run({ 'lh:sleep': 'true' });
    await host.waitForStdout('the program sleeps\n');
    await call<Empty>(done => host.client.cancel(new Empty(), done));
    expect((await sleeping).getError()).toBe(
      'Program exited with non-zero exit code: -1',
    );
  });
});
