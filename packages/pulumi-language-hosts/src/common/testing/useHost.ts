import { ProgramInfo } from '@pulumi/pulumi/proto/language_pb';
import { Struct } from 'google-protobuf/google/protobuf/struct_pb';
import { bundleHost, HostProcess, startHost } from './hostProcess';

/** How a suite starts its host, once the host is bundled. */
export interface HostStart {
  args: string[];
  env: NodeJS.ProcessEnv;
}

/** The host of a suite, and the bundle it was started from. */
export interface SuiteHost extends HostProcess {
  bundle(): string;
}

/**
 * Bundles the host of `language` into a temporary folder and starts it before the suite's tests, as
 * `start` says, and stops it after them. What it returns stands for the started host.
 */
export function useHost(
  language: 'nodejs' | 'python' | 'go',
  tempDir: () => string,
  start: (bundle: string) => HostStart | Promise<HostStart>,
): SuiteHost {
  let host: HostProcess | undefined;
  let bundle = '';
  beforeAll(async () => {
    bundle = await bundleHost(tempDir(), language);
    const { args, env } = await start(bundle);
    host = await startHost(bundle, args, env);
  });
  afterAll(() => host?.stop());
  const started = () => {
    if (!host) throw new Error('the host has not started');
    return host;
  };
  return {
    get client() {
      return started().client;
    },
    stdout: () => started().stdout(),
    stderr: () => started().stderr(),
    waitForStdout: text => started().waitForStdout(text),
    stop: () => started().stop(),
    bundle: () => bundle,
  };
}

/** The engine's ProgramInfo for a program whose root and program folder are `dir`. */
export function programInfo(
  dir: string,
  options: Record<string, unknown> = {},
  entryPoint = '.',
): ProgramInfo {
  return new ProgramInfo()
    .setRootDirectory(dir)
    .setProgramDirectory(dir)
    .setEntryPoint(entryPoint)
    .setOptions(Struct.fromJavaScript(options as never));
}
