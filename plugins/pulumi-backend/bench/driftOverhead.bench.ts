import type { PulumiHealth } from '@stackyard/plugin-pulumi-common';
/* eslint-disable no-console */
// What the API adds to a drift check: one drift run through the REST API (queue, worker, engine events
// stored, stack status updated) divided by the raw `pulumi refresh --preview-only` of the same stack, the
// two interleaved. `yarn bench` (scripts/bench.sh) runs it.
import { mockServices } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { createConditionTransformer } from '@backstage/plugin-permission-node';
import {
  createEngineEnvironment,
  pulumiStackPermissionRules,
} from '@stackyard/plugin-pulumi-node';
import {
  createTestProject,
  createTestStacks,
} from '@stackyard/plugin-pulumi-node/testUtils';
import express from 'express';
import knexFactory from 'knex';
import { execFile } from 'node:child_process';
import { AddressInfo } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { createStores } from '../src/database/createStores';
import { readDriftConfig } from '../src/drift/driftConfig';
import { RunPipeline } from '../src/runs/RunPipeline';
import { createRouter } from '../src/service/router';
import { StackSync } from '../src/sync/StackSync';
import { percentile } from './benchUtils';

const ROUNDS = 7;
const run = promisify(execFile);

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
  const logger = mockServices.rootLogger({ level: 'none' });
  const auditor = {
    createEvent: async () => ({
      success: async () => {},
      fail: async () => {},
    }),
  };
  const database = mockServices.database({ knex, migrations: { skip: false } });
  const stores = await createStores(database);
  const { stacks, runs, drift } = stores;
  const sync = new StackSync({
    engine: client,
    stacks,
    logger,
    ownerTag: 'backstage.io:owner',
  });
  await sync.syncAll();
  const health = (): PulumiHealth => ({
    status: 'ok',
    engine: { version: client.version },
    backends: ['local'],
  });
  // The plugin's own wiring: drift checks record their findings (afterRun), as in the backend.
  const pipeline = new RunPipeline({
    stores,
    health,
    logger,
    auditor,
    drift: { ...readDriftConfig(mockServices.rootConfig()), enabled: false },
    settings: { concurrency: 1, leaseMs: 30_000, pollMs: 1000 },
  });
  pipeline.useEngine(client, sync);
  await pipeline.start();
  const router = await createRouter({
    health,
    backendIds: () => ['local'],
    stacks,
    runs,
    queue: pipeline.queue,
    config: mockServices.rootConfig(),
    logger,
    drift,
    driftRules: () => drift.listRules(),
    hasProgram: () => true,
    manualCheckIntervalMs: 0,
    onRunCancelRequested: runId => pipeline.cancel(runId),
    auth: mockServices.auth(),
    httpAuth: mockServices.httpAuth(),
    permissions: {
      authorize: async reqs =>
        reqs.map(() => ({ result: AuthorizeResult.ALLOW })) as any,
      authorizeConditional: async reqs =>
        reqs.map(() => ({ result: AuthorizeResult.ALLOW })) as any,
    },
    auditor,
    transformConditions: createConditionTransformer(
      Object.values(pulumiStackPermissionRules),
    ),
  });
  const app = express().use(express.Router().use('/api/pulumi', router));
  const server = app.listen(0);
  const base = `http://127.0.0.1:${
    (server.address() as AddressInfo).port
  }/api/pulumi`;

  const throughApi = async () => {
    const start = process.hrtime.bigint();
    const created = await fetch(`${base}/stacks/local/files/dev/drift/check`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({}),
    }).then(r => r.json());
    for (;;) {
      const state = await fetch(`${base}/runs/${created.id}`).then(r =>
        r.json(),
      );
      if (state.status === 'succeeded') break;
      if (state.status !== 'queued' && state.status !== 'running') {
        throw new Error(`drift run ${state.status}: ${state.error}`);
      }
      await new Promise(r => setTimeout(r, 10));
    }
    return Number(process.hrtime.bigint() - start) / 1e6;
  };
  const env = createEngineEnvironment({
    engineRoot: engine.root,
    pulumiHome: backend.pulumiHome,
    backendUrl: backend.url,
    passphrase: backend.passphrase,
  });
  const raw = async () => {
    const start = process.hrtime.bigint();
    await run(
      path.join(engine.root, 'bin', 'pulumi'),
      [
        'refresh',
        '--preview-only',
        '--non-interactive',
        '--stack',
        'organization/files/dev',
      ],
      { cwd: projectDir, env },
    );
    return Number(process.hrtime.bigint() - start) / 1e6;
  };

  try {
    await throughApi(); // warm-up of both paths
    await raw();
    const api: number[] = [];
    const cli: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      api.push(await throughApi());
      cli.push(await raw());
    }
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
  } finally {
    server.close();
    await pipeline.stop();
    await knex.destroy();
    await dispose();
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
