import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { expectedPulumiVersion } from '@stackyard/plugin-pulumi-node';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { pulumiPlugin } from './plugin';

jest.setTimeout(60_000);

describe('pulumiPlugin', () => {
  it('starts with the real engine and reports it on /health', async () => {
    const { server } = await startTestBackend({
      features: [
        pulumiPlugin,
        mockServices.rootConfig.factory({
          data: {
            pulumi: {
              backends: [
                {
                  id: 'local',
                  url: 'file:///tmp/stackyard-unused',
                  passphrase: 'x',
                },
              ],
            },
          },
        }),
      ],
    });
    const res = await request(server).get('/api/pulumi/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      status: 'ok',
      engine: { version: expectedPulumiVersion() },
      backends: ['local'],
    });
    expect(JSON.stringify(res.body)).not.toContain('passphrase');
  });

  it('still starts without an engine, and says why on /health', async () => {
    const empty = await mkdtemp(path.join(os.tmpdir(), 'no-engine-'));
    try {
      const { server } = await startTestBackend({
        features: [
          pulumiPlugin,
          mockServices.rootConfig.factory({
            data: { pulumi: { engine: { root: empty } } },
          }),
        ],
      });
      const res = await request(server).get('/api/pulumi/health');
      expect(res.status).toBe(503);
      expect(res.body.status).toBe('unavailable');
      expect(res.body.engine.message).toContain(
        `No Pulumi engine at ${empty} (from pulumi.engine.root)`,
      );
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });
});
