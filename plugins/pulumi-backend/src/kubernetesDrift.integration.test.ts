import { startTestBackend } from '@backstage/backend-test-utils';
import {
  createTemporaryBackend,
  createTestProject,
  deployTestStack,
  kubernetesApi,
  TemporaryBackend,
  testKubernetes,
  waitFor,
} from '@stackyard/plugin-pulumi-node/testUtils';
import { locatePulumiEngine } from '@stackyard/plugin-pulumi-node';
import { randomBytes } from 'node:crypto';
import { pluginApi } from './__testUtils__/pluginApi';
import { pulumiTestBackendFeatures } from './__testUtils__/pulumiTestBackend';
import { pulumiPlugin } from './plugin';

// Drift of a stack on the real Kubernetes provider, through the plugin's API: a deployed stack changed by hand through the API server, a Stackyard ignore rule on the
// Deployment's replicas, and a restore that puts everything back. The provider plugin comes from
// `pulumi.engine.pluginDirs` and the cluster from the backend's `env`, as a platform team would set them.
jest.setTimeout(300_000);

const cluster = testKubernetes();

(cluster ? describe : describe.skip)(
  'drift on the real Kubernetes provider, through the API',
  () => {
    const namespace = `stackyard-${randomBytes(4).toString('hex')}`;
    const ns = `/api/v1/namespaces/${namespace}`;
    const stackPath = '/stacks/local/cluster/prod';
    let state: TemporaryBackend;
    let backend: Awaited<ReturnType<typeof startTestBackend>>;
    let kube: ReturnType<typeof kubernetesApi>;

    const api = pluginApi(() => backend.server);
    const settle = api.settle;
    async function check() {
      const res = await api.post(`${stackPath}/drift/check`);
      expect(res.status).toBe(201);
      await settle(res.body.id);
      return (await api.get(`${stackPath}/drift`)).body;
    }

    beforeAll(async () => {
      state = await createTemporaryBackend({ kind: 'file' });
      const projectDir = await createTestProject({
        name: 'kubernetes',
        parentDir: state.workDir,
      });
      kube = kubernetesApi(cluster!.kubeconfig);
      const located = await locatePulumiEngine();
      await deployTestStack({
        engine: { ...located, pluginDirs: [cluster!.providerDir] },
        backend: { ...state, env: { KUBECONFIG: cluster!.kubeconfig } },
        project: 'cluster',
        stack: 'prod',
        projectDir,
        config: { namespace },
        secretConfig: { password: 'kube-api-secret-5519' },
      });
      backend = await startTestBackend({
        features: [
          pulumiPlugin,
          ...pulumiTestBackendFeatures({
            backend: state,
            projectDir,
            pulumi: {
              backends: [
                {
                  id: 'local',
                  url: state.url,
                  passphrase: state.passphrase ?? null,
                  env: { KUBECONFIG: cluster!.kubeconfig },
                },
              ],
              engine: { pluginDirs: [cluster!.providerDir] },
              runs: { pollSeconds: 0.2 },
              drift: {
                interval: { hours: 1 },
                poll: { milliseconds: 200 },
                manualCheckInterval: { milliseconds: 0 },
                ignore: [
                  {
                    stack: 'local:organization/cluster/prod',
                    type: 'kubernetes:apps/v1:Deployment',
                    property: 'spec.replicas',
                    reason: 'an autoscaler sets the replicas',
                  },
                ],
              },
            },
          }),
        ],
      });
    });
    afterAll(async () => {
      await kube?.remove(ns).catch(() => undefined);
      await backend?.stop();
      await state?.dispose();
    });

    it('reports a ConfigMap key changed by hand, and keeps the ignored replicas out of the status', async () => {
      await kube.patch(`${ns}/configmaps/settings`, {
        data: { MAX_CONN: '75' },
      });
      await kube.patch(
        `/apis/apps/v1/namespaces/${namespace}/deployments/web`,
        {
          spec: { replicas: 4 },
        },
      );
      const report = await check();
      expect(report.status).toBe('drifted');
      const byName = Object.fromEntries(
        report.findings.map((f: any) => [f.urn.split('::').pop(), f]),
      );
      expect(Object.keys(byName).sort()).toEqual(['settings', 'web']);
      expect(byName.settings).toMatchObject({
        kind: 'changed',
        ignored: false,
        properties: [{ path: 'data.MAX_CONN', expected: '10', actual: '75' }],
      });
      expect(byName.web).toMatchObject({
        kind: 'changed',
        ignored: true,
        properties: [
          { path: 'spec.replicas', expected: 2, actual: 4, ignored: true },
        ],
      });
      expect(report.lastCheck).toMatchObject({ findings: 1, ignored: 1 });
    });

    it('restores the cluster with an up, and the re-check finds it in sync', async () => {
      const res = await api.post(`${stackPath}/drift/remediate`, {
        action: 'restore',
      });
      expect(res.status).toBe(201);
      await settle(res.body.id);
      const report = await waitFor(
        'the re-check after restoring',
        async () => (await api.get(`${stackPath}/drift`)).body,
        r =>
          r.lastCheck?.requestedBy ===
          `stackyard:remediation-recheck:${res.body.id}`,
        { intervalMs: 200 },
      );
      expect(report).toMatchObject({ status: 'in_sync', findings: [] });
      const settings = await kube.get(`${ns}/configmaps/settings`);
      expect(settings.data.MAX_CONN).toBe('10');
    });
  },
);
