import { FINISHED_RUN_STATUSES } from '@stackyard/plugin-pulumi-common';
import { waitFor } from '@stackyard/plugin-pulumi-node/testUtils';
import request from 'supertest';

/**
 * The plugin's REST API on a test backend's server, which `server` returns once the backend has started;
 * `settle` waits for a run to finish and expects it to have succeeded.
 */
export function pluginApi(server: () => Parameters<typeof request>[0]) {
  const api = {
    get: (url: string) => request(server()).get(`/api/pulumi${url}`),
    post: (url: string, body: object = {}) =>
      request(server()).post(`/api/pulumi${url}`).send(body),
    async settle(runId: string) {
      const run = await waitFor(
        `run ${runId}`,
        async () => (await api.get(`/runs/${runId}`)).body,
        r => FINISHED_RUN_STATUSES.includes(r.status),
        { intervalMs: 100 },
      );
      expect(run).toMatchObject({ status: 'succeeded' });
      return run;
    },
  };
  return api;
}
