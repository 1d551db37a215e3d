/* eslint-disable no-console */
// What running programs costs the backend: a preview of the demo's website stack through the engine
// client, beside the raw `pulumi preview --refresh` of the same folder, and the backend process's memory
// while 4 `up`s run at once. This process stands in for the backend. `yarn bench programRuns` runs it.
import {
  createEngineEnvironment,
  locatePulumiEngine,
  PulumiEngineClient,
  StackConfigValue,
} from '@stackyard/plugin-pulumi-node';
import {
  createTemporaryBackend,
  createTestEngineClient,
} from '@stackyard/plugin-pulumi-node/testUtils';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cp, mkdtemp, rm, symlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';

const ROUNDS = 5;
const ROOT = path.resolve(__dirname, '../../..');
const execFileAsync = promisify(execFile);

const median = (samples: number[]) =>
  [...samples].sort((a, b) => a - b)[Math.floor(samples.length / 2)];
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;

/** The process's peak resident set so far, from the kernel. */
function peakRss(): number {
  const line = readFileSync('/proc/self/status', 'utf8')
    .split('\n')
    .find(l => l.startsWith('VmHWM:'));
  return Number(line?.replace(/\D/g, '')) * 1024;
}

/**
 * Copies of the example projects, without the demo's stack files, in a temporary folder whose
 * node_modules links to the checkout's, so that their packages resolve as in the checkout while the
 * demo's own folders (examples/projects, .stackyard) stay untouched.
 */
async function copyExamples(): Promise<string> {
  const work = await mkdtemp(path.join(os.tmpdir(), 'stackyard-bench-runs-'));
  await cp(path.join(ROOT, 'examples/projects'), path.join(work, 'projects'), {
    recursive: true,
    filter: src =>
      !src.includes('node_modules') && !/Pulumi\.[^/]+\.yaml$/.test(src),
  });
  await symlink(
    path.join(ROOT, 'node_modules'),
    path.join(work, 'node_modules'),
    'dir',
  );
  return work;
}

async function up(
  client: PulumiEngineClient,
  project: string,
  stack: string,
  config: Record<string, StackConfigValue>,
) {
  const ref = { backendId: 'local', project, stack };
  await client.createStack(ref, { config });
  const result = await client.runOperation({ ...ref, kind: 'up' });
  if (result.status !== 'succeeded') {
    throw new Error(`up ${project}/${stack}: ${result.message}`);
  }
}

async function main() {
  console.log(
    'command: yarn bench programRuns (plugins/pulumi-node/bench/programRuns.bench.ts)',
  );
  const work = await copyExamples();
  const backend = await createTemporaryBackend({ kind: 'file' });
  try {
    const engine = await locatePulumiEngine();
    const projects = ['website', 'shared-network', 'payments-api'].map(
      name => ({ dir: path.join(work, 'projects', name) }),
    );
    const client = await createTestEngineClient({
      engine,
      backends: { local: backend },
      projects,
    });
    const data = (value: string) => ({ value, secret: false });
    const dataDir = data(path.join(backend.workDir, 'data'));
    const site = (greeting: string) => ({
      dataDir,
      greeting: data(greeting),
      apiKey: { value: 'bench-key-1234', secret: true },
    });
    await up(client, 'shared-network', 'shared', { dataDir });
    await up(client, 'website', 'dev', site('hello'));

    const ref = { backendId: 'local', project: 'website', stack: 'dev' };
    const viaClient: number[] = [];
    const raw: number[] = [];
    const env = createEngineEnvironment({
      engineRoot: engine.root,
      pulumiHome: backend.pulumiHome,
      backendUrl: backend.url,
      passphrase: backend.passphrase,
    });
    for (let i = 0; i < ROUNDS; i++) {
      let t0 = performance.now();
      const result = await client.runOperation({ ...ref, kind: 'preview' });
      viaClient.push(performance.now() - t0);
      if (result.status !== 'succeeded') throw new Error(result.message);
      t0 = performance.now();
      // Without a Node.js language host (before Stackyard had one) the CLI cannot run the folder at all.
      const rawRun = await execFileAsync(
        path.join(engine.root, 'bin', 'pulumi'),
        ['preview', '--refresh', '--stack', 'dev', '--non-interactive'],
        { cwd: projects[0].dir, env },
      ).catch((error: Error) => error);
      if (!(rawRun instanceof Error)) raw.push(performance.now() - t0);
    }
    const rawText =
      raw.length > 0
        ? `raw CLI median ${median(raw).toFixed(0)} ms`
        : 'the raw CLI cannot run this folder';
    console.log(
      `preview of website/dev   Stackyard median ${median(viaClient).toFixed(
        0,
      )} ms, ${rawText} (${ROUNDS} rounds each, interleaved)`,
    );

    const stacks = ['w1', 'w2', 'w3', 'w4'];
    for (const stack of stacks) {
      await client.createStack(
        { ...ref, stack },
        { config: site(`hello ${stack}`) },
      );
    }
    const before = process.memoryUsage().rss;
    let sampled = before;
    const sampler = setInterval(() => {
      sampled = Math.max(sampled, process.memoryUsage().rss);
    }, 20);
    const t0 = performance.now();
    const results = await Promise.all(
      stacks.map(stack => client.runOperation({ ...ref, stack, kind: 'up' })),
    );
    clearInterval(sampler);
    if (results.some(r => r.status !== 'succeeded')) {
      throw new Error(results.map(r => r.message).join('\n'));
    }
    console.log(
      `4 concurrent ups          ${(performance.now() - t0).toFixed(
        0,
      )} ms wall; backend RSS ${mib(before)} before, peak ${mib(
        sampled,
      )} sampled every 20 ms, VmHWM ${mib(peakRss())}`,
    );
  } finally {
    await backend.dispose();
    await rm(work, { recursive: true, force: true });
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
