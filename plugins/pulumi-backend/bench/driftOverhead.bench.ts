/* eslint-disable no-console */
// What the API adds to a drift check: one drift run through the REST API (queue, worker, engine events
// stored, stack status updated) beside the raw `pulumi refresh --preview-only` of the same stack, the two
// interleaved: their times (P1) and their CPU-seconds, of this process, which is the backend, and of every
// engine process (P4). `yarn bench` (scripts/bench.sh) runs it.
import {
  createTestProject,
  createTestStacks,
} from '@stackyard/plugin-pulumi-node/testUtils';
import knexFactory from 'knex';
import { cpuSeconds, percentile, recordFigure } from './benchUtils';
import { startInProcessBackend } from './inProcessBackend';
import { bareProjectFolder, rawRefresh } from './rawCli';

const ROUNDS = 7;

/**
 * One drift check of files/dev through the REST API, as the stack page runs it: the POST, then the run's
 * event stream until the event of its end. Returns how long that took, in ms.
 */
async function driftCheckThroughApi(base: string): Promise<number> {
  const start = process.hrtime.bigint();
  const created = await fetch(`${base}/stacks/local/files/dev/drift/check`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({}),
  }).then(r => r.json());
  const stream = await fetch(`${base}/runs/${created.id}/events/stream`);
  await stream.text(); // the stream ends after the event of the run's end
  const elapsed = Number(process.hrtime.bigint() - start) / 1e6;
  const run = await fetch(`${base}/runs/${created.id}`).then(r => r.json());
  if (run.status !== 'succeeded') {
    throw new Error(`drift run ${run.status}: ${run.error}`);
  }
  return elapsed;
}

/** A measured call: its time in ms and the CPU time it took, in seconds. */
interface Sample {
  ms: number;
  cpu: number;
}

/**
 * Runs `fn` and measures it: the CPU time of this process (the backend, when it is the API's call) and of
 * the engine processes that ended meanwhile.
 */
async function measured(
  fn: () => Promise<number>,
  counts: { self: boolean },
): Promise<Sample> {
  const before = cpuSeconds();
  const ms = await fn();
  const after = cpuSeconds();
  const self = counts.self ? after.self - before.self : 0;
  return { ms, cpu: self + after.children - before.children };
}

const median = (samples: number[]) => percentile(samples, 50);

function report(api: Sample[], cli: Sample[], inProgram: Sample[]) {
  const line = (name: string, t: Sample[]) =>
    console.log(
      `${name.padEnd(48)} p50 ${median(t.map(s => s.ms)).toFixed(
        0,
      )} ms  p95 ${percentile(
        t.map(s => s.ms),
        95,
      ).toFixed(0)} ms  CPU ${median(t.map(s => s.cpu)).toFixed(2)} s  (${
        t.length
      } runs)`,
    );
  line('drift check through the API', api);
  line('raw pulumi refresh --preview-only', cli);
  line('raw, in the program folder (not compared)', inProgram);
  const apiMs = median(api.map(s => s.ms));
  const cliMs = median(cli.map(s => s.ms));
  recordFigure({
    id: 'P1',
    name: 'drift check through the API ÷ raw refresh --preview-only (p50)',
    value: `${(apiMs / cliMs).toFixed(2)} (${apiMs.toFixed(0)} ms)`,
    beside: `raw ${cliMs.toFixed(0)} ms`,
    goal: '≤ 1.05',
    met: apiMs / cliMs <= 1.05,
  });
  const apiCpu = median(api.map(s => s.cpu));
  const cliCpu = median(cli.map(s => s.cpu));
  recordFigure({
    id: 'P4',
    name: 'CPU-seconds per drift check, backend and engine processes ÷ raw CLI (median)',
    value: `${(apiCpu / cliCpu).toFixed(2)} (${apiCpu.toFixed(2)} s)`,
    beside: `raw ${cliCpu.toFixed(2)} s`,
    goal: '≤ 1.1',
    met: apiCpu / cliCpu <= 1.1,
  });
}

async function main() {
  console.log(
    'command: yarn bench (plugins/pulumi-backend/bench/driftOverhead.bench.ts)',
  );
  const projectDir = await createTestProject();
  const { engine, backend, client, dispose } = await createTestStacks({
    stacks: [
      {
        project: 'files',
        stack: 'dev',
        projectDir,
        secretConfig: { apiKey: 'bench-secret-value' },
      },
    ],
  });
  const knex = knexFactory({
    client: 'better-sqlite3',
    connection: ':memory:',
    useNullAsDefault: true,
  });
  const api = await startInProcessBackend({ knex, engine: client });
  const throughApi = () => driftCheckThroughApi(api.base);
  // The raw CLI in the folder that Stackyard uses, so that both do the same work; the program's own
  // folder is printed too, where the CLI also asks the language host for the program's plugins.
  const bare = rawRefresh({
    engine,
    backend,
    projectDir: await bareProjectFolder('files'),
  });
  const inProgramFolder = rawRefresh({ engine, backend, projectDir });
  const raw = () => bare('organization/files/dev');
  const rawInProgram = () => inProgramFolder('organization/files/dev');
  try {
    await throughApi(); // warm-up of every path
    await raw();
    await rawInProgram();
    const apiSamples: Sample[] = [];
    const cliSamples: Sample[] = [];
    const inProgramSamples: Sample[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      apiSamples.push(await measured(throughApi, { self: true }));
      cliSamples.push(await measured(raw, { self: false }));
      inProgramSamples.push(await measured(rawInProgram, { self: false }));
    }
    report(apiSamples, cliSamples, inProgramSamples);
  } finally {
    await api.close();
    await knex.destroy();
    await dispose();
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
