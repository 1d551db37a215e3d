/* eslint-disable no-console */
// What the API adds to a drift check: one drift run through the REST API (queue, worker, engine events
// stored, stack status updated) divided by the raw `pulumi refresh --preview-only` of the same stack, the
// two interleaved. `yarn bench` (scripts/bench.sh) runs it.
import {
  createTestProject,
  createTestStacks,
} from '@stackyard/plugin-pulumi-node/testUtils';
import knexFactory from 'knex';
import { percentile } from './benchUtils';
import { startInProcessBackend } from './inProcessBackend';
import { rawRefresh } from './rawCli';

const ROUNDS = 7;

/** One drift check of files/dev through the REST API, from the POST to the run's success, in ms. */
async function driftCheckThroughApi(base: string): Promise<number> {
  const start = process.hrtime.bigint();
  const created = await fetch(`${base}/stacks/local/files/dev/drift/check`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({}),
  }).then(r => r.json());
  for (;;) {
    const state = await fetch(`${base}/runs/${created.id}`).then(r => r.json());
    if (state.status === 'succeeded') break;
    if (state.status !== 'queued' && state.status !== 'running') {
      throw new Error(`drift run ${state.status}: ${state.error}`);
    }
    await new Promise(r => setTimeout(r, 10));
  }
  return Number(process.hrtime.bigint() - start) / 1e6;
}

function report(api: number[], cli: number[]) {
  const line = (name: string, t: number[]) =>
    console.log(
      `${name.padEnd(40)} p50 ${percentile(t, 50).toFixed(
        0,
      )} ms  p95 ${percentile(t, 95).toFixed(0)} ms  (${t.length} runs)`,
    );
  line('drift check through the API', api);
  line('raw pulumi refresh --preview-only', cli);
  console.log(
    `ratio API / raw CLI (p50)                 ${(
      percentile(api, 50) / percentile(cli, 50)
    ).toFixed(2)}`,
  );
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
  const refresh = rawRefresh({ engine, backend, projectDir });
  const raw = () => refresh('organization/files/dev');
  try {
    await throughApi(); // warm-up of both paths
    await raw();
    const apiTimes: number[] = [];
    const cliTimes: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      apiTimes.push(await throughApi());
      cliTimes.push(await raw());
    }
    report(apiTimes, cliTimes);
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
