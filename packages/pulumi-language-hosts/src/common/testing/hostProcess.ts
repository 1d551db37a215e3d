import * as grpc from '@grpc/grpc-js';
import { LanguageRuntimeClient } from '@pulumi/pulumi/proto/language_grpc_pb';
import { ChildProcess, spawn } from 'node:child_process';

/** A language host started as the engine starts it, and a client connected to it. */
export interface HostProcess {
  client: LanguageRuntimeClient;
  /** Everything the host wrote to stdout so far, the port line included. */
  stdout(): string;
  /** Everything the host wrote to stderr so far. */
  stderr(): string;
  /** Waits until stdout contains `text`. */
  waitForStdout(text: string): Promise<void>;
  stop(): Promise<void>;
}

/** Bundles the host of `language` with scripts/bundle.js into `dir`, as build.sh does, and returns the file. */
export async function bundleHost(
  dir: string,
  language: 'nodejs' | 'python' | 'go' = 'nodejs',
): Promise<string> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { bundle } = require('../../../scripts/bundle');
  return bundle(language, dir);
}

/** Starts `node <bundle> <args>` and connects to the port it prints. */
export async function startHost(
  bundle: string,
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<HostProcess> {
  const child: ChildProcess = spawn(process.execPath, [bundle, ...args], {
    env,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  const waiters: Array<() => void> = [];
  child.stdout!.on('data', chunk => {
    out += chunk;
    waiters.splice(0).forEach(wake => wake());
  });
  child.stderr!.on('data', chunk => {
    err += chunk;
  });
  const waitForStdout = (text: string) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (out.includes(text)) {
          resolve();
        } else if (child.exitCode !== null) {
          reject(new Error(`the host exited (${child.exitCode}): ${err}`));
        } else {
          waiters.push(check);
        }
      };
      child.once('exit', check);
      check();
    });
  await waitForStdout('\n');
  const port = Number.parseInt(out, 10);
  const client = new LanguageRuntimeClient(
    `127.0.0.1:${port}`,
    grpc.credentials.createInsecure(),
  );
  return {
    client,
    stdout: () => out,
    stderr: () => err,
    waitForStdout,
    stop: async () => {
      client.close();
      if (child.exitCode === null) {
        const exited = new Promise(resolve => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
    },
  };
}

/** Makes a unary gRPC call, `call<Response>(done => client.method(request, done))`, and returns its promise. */
export function call<Res>(
  invoke: (
    done: (error: grpc.ServiceError | null, response: Res) => void,
  ) => unknown,
): Promise<Res> {
  return new Promise((resolve, reject) =>
    invoke((error, response) => (error ? reject(error) : resolve(response))),
  );
}

/** Reads a server stream to its end: the messages, then the status error if it failed. */
export function readStream<Res>(
  stream: grpc.ClientReadableStream<Res>,
): Promise<{ messages: Res[]; error?: grpc.ServiceError }> {
  return new Promise(resolve => {
    const messages: Res[] = [];
    stream.on('data', message => messages.push(message));
    stream.on('error', error =>
      resolve({ messages, error: error as grpc.ServiceError }),
    );
    stream.on('end', () => resolve({ messages }));
  });
}
