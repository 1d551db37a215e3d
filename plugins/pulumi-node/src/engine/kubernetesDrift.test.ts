import { randomBytes } from 'node:crypto';
import {
  createTemporaryBackend,
  createTestEngineClient,
  createTestProject,
  deployTestStack,
  kubernetesApi,
  TemporaryBackend,
  testKubernetes,
} from '../testUtils';
import {
  CheckKind,
  cliTextDrift,
  PreviewDigest,
  runPulumiCli,
} from './__testUtils__/pulumiCli';
import { runRecorded } from './__testUtils__/runRecorded';
import type { DriftedResource } from './driftTypes';
import { parsePropertyPath } from './propertyPath';
import type { PulumiEngineClient } from './PulumiEngineClient';
import { locatePulumiEngine, PulumiEngine } from './locateEngine';

// Drift on the real Kubernetes provider against a real API server (scripts/lib/kubernetes.sh), through the
// fixture project `kubernetes`. The stack is shared and the tests build on each other in the order
// written: in sync, changed by hand as `kubectl edit` would, the CLI's view of that, accepted, changed
// again and restored, and a last check that no secret came out.
jest.setTimeout(300_000);

const cluster = testKubernetes();
const PASSWORD = 'k8s-password-7e31c9d2';
const ROTATED = 'rotated-by-hand-88412';
const ROTATED_AGAIN = 'rotated-again-30571';
const CM_TYPE = 'kubernetes:core/v1:ConfigMap';
const SECRET_TYPE = 'kubernetes:core/v1:Secret';
const DEPLOYMENT_TYPE = 'kubernetes:apps/v1:Deployment';

/** What the CLI says drifted, per URN: `delete`, or the sorted paths of the provider's detailed diff. */
function cliDrift(digest: PreviewDigest): Record<string, string[] | 'delete'> {
  const drift: Record<string, string[] | 'delete'> = {};
  for (const step of digest.steps) {
    if (/::pulumi:(pulumi:Stack|providers:)/.test(step.urn)) continue;
    if (step.op === 'delete') drift[step.urn] = 'delete';
    const paths = Object.keys(step.detailedDiff ?? {}).sort();
    if (step.op === 'update' && paths.length > 0) drift[step.urn] = paths;
  }
  return drift;
}

/** The names along the property paths, as the CLI's text diff marks them: keys, and indexes as `[0]`. */
function pathNames(properties: Array<{ path: string }>): string[] {
  const parts = properties.flatMap(p => parsePropertyPath(p.path) ?? [p.path]);
  return [
    ...new Set(
      parts.map(part => (typeof part === 'number' ? `[${part}]` : part)),
    ),
  ].sort();
}

/** The same view of our findings. */
function ourDrift(
  findings: DriftedResource[],
): Record<string, string[] | 'delete'> {
  return Object.fromEntries(
    findings.map(f => [
      f.urn,
      f.kind === 'deleted' ? 'delete' : f.properties.map(p => p.path).sort(),
    ]),
  );
}

(cluster ? describe : describe.skip)(
  'drift on the real Kubernetes provider',
  () => {
    const ref = { backendId: 'local', project: 'cluster', stack: 'drift' };
    const namespace = `stackyard-${randomBytes(4).toString('hex')}`;
    const ns = `/api/v1/namespaces/${namespace}`;
    const deployment = `/apis/apps/v1/namespaces/${namespace}/deployments/web`;
    let engine: PulumiEngine;
    let backend: TemporaryBackend;
    let client: PulumiEngineClient;
    let projectDir: string;
    let api: ReturnType<typeof kubernetesApi>;
    // Everything the client handed out, for the final secret check.
    const seen: unknown[] = [];

    const check = (kind: CheckKind) =>
      runRecorded(client, { ...ref, kind }, seen);
    const run = (kind: 'refresh' | 'up') =>
      runRecorded(client, { ...ref, kind }, seen);
    const cliOptions = () => ({
      engine,
      backend,
      projectDir,
      stack: `organization/${ref.project}/${ref.stack}`,
    });
    const cliDigest = async () =>
      JSON.parse(
        await runPulumiCli(cliOptions(), 'refresh', '--preview-only', '--json'),
      ) as PreviewDigest;
    /**
     * Changes made by hand, as `kubectl edit` makes them: a ConfigMap key and label, a Deployment's replicas
     * and image, and a Secret's value.
     */
    const editByHand = async (edit: {
      maxConn: string;
      app: string;
      replicas: number;
      image: string;
      password: string;
    }) => {
      await api.patch(`${ns}/configmaps/settings`, {
        data: { MAX_CONN: edit.maxConn },
        metadata: { labels: { app: edit.app } },
      });
      await api.strategicPatch(deployment, {
        spec: {
          replicas: edit.replicas,
          template: {
            spec: { containers: [{ name: 'web', image: edit.image }] },
          },
        },
      });
      await api.patch(`${ns}/secrets/credentials`, {
        data: { password: Buffer.from(edit.password).toString('base64') },
      });
    };

    beforeAll(async () => {
      // The provider's plugin folder, as `pulumi.engine.pluginDirs` gives it.
      const located = await locatePulumiEngine();
      engine = {
        ...located,
        pluginDirs: [cluster!.providerDir, ...(located.pluginDirs ?? [])],
      };
      const temporary = await createTemporaryBackend({ kind: 'file' });
      // The provider finds the cluster as it would on a laptop; the backend's config gives it.
      backend = {
        ...temporary,
        env: { ...temporary.env, KUBECONFIG: cluster!.kubeconfig },
      };
      projectDir = await createTestProject({
        name: 'kubernetes',
        parentDir: backend.workDir,
      });
      await deployTestStack({
        engine,
        backend,
        ...ref,
        projectDir,
        config: { namespace },
        secretConfig: { password: PASSWORD },
      });
      client = await createTestEngineClient({
        engine,
        backends: { local: backend },
        projects: [{ dir: projectDir, backend: 'local' }],
      });
      api = kubernetesApi(cluster!.kubeconfig);
    });
    afterAll(async () => {
      await api?.remove(ns).catch(() => undefined);
      await backend?.dispose();
    });

    it('finds nothing on a stack as it was deployed', async () => {
      expect(await check('drift-check')).toEqual([]);
      expect(await check('drift-check-program')).toEqual([]);
    });

    it("reports what was changed by hand with the provider's own paths", async () => {
      await editByHand({
        maxConn: '50',
        app: 'edited',
        replicas: 5,
        image: 'nginx:1.28',
        password: ROTATED,
      });
      // Another field manager's label: the provider, which applies server-side, does not manage it.
      await api.patch(ns, { metadata: { labels: { 'edited-by': 'kubectl' } } });
      await api.remove(`${ns}/configmaps/features`);

      const findings = await check('drift-check');
      const byName = Object.fromEntries(findings.map(f => [f.name, f]));
      expect(Object.keys(byName).sort()).toEqual([
        'credentials',
        'features',
        'settings',
        'web',
      ]);
      expect(byName.features).toMatchObject({
        type: CM_TYPE,
        kind: 'deleted',
        properties: [],
      });
      expect(byName.settings).toMatchObject({
        type: CM_TYPE,
        kind: 'changed',
        properties: [
          { path: 'data.MAX_CONN', expected: '10', actual: '50' },
          { path: 'metadata.labels.app', expected: 'web', actual: 'edited' },
        ],
      });
      expect(byName.web.type).toBe(DEPLOYMENT_TYPE);
      expect(byName.web.properties).toEqual(
        expect.arrayContaining([
          { path: 'spec.replicas', expected: 2, actual: 5 },
          {
            path: 'spec.template.spec.containers[0].image',
            expected: 'nginx:1.27',
            actual: 'nginx:1.28',
          },
        ]),
      );
      expect(byName.credentials.type).toBe(SECRET_TYPE);
      expect(byName.credentials.properties.length).toBeGreaterThan(0);
      for (const p of byName.credentials.properties) {
        expect(p).toMatchObject({ expected: '[secret]', actual: '[secret]' });
      }

      // The raw CLI reports the same resources and, per resource, the same property paths.
      expect(ourDrift(findings)).toEqual(cliDrift(await cliDigest()));
      // Its text diff marks the same resources, and the same properties by their last name.
      expect(
        cliTextDrift(
          await runPulumiCli(
            cliOptions(),
            'refresh',
            '--preview-only',
            '--diff',
          ),
        ),
      ).toEqual(
        Object.fromEntries(
          findings.map(f => [
            f.urn,
            f.kind === 'deleted' ? 'delete' : pathNames(f.properties),
          ]),
        ),
      );

      // The program check's refresh steps carry no detailed diff: it names the same properties, those the
      // program sets, from the state's inputs.
      const program = (await check('drift-check-program')).filter(
        f => f.source === 'outside',
      );
      expect(ourDrift(program)).toEqual(ourDrift(findings));
    });

    it('is in sync, as the CLI says, once the changes are accepted', async () => {
      await run('refresh');
      expect(await check('drift-check')).toEqual([]);
      expect(cliDrift(await cliDigest())).toEqual({});
    });

    it('is in sync, as the CLI says, once changes are restored', async () => {
      await editByHand({
        maxConn: '99',
        app: 'edited-again',
        replicas: 7,
        image: 'nginx:1.29',
        password: ROTATED_AGAIN,
      });
      expect((await check('drift-check')).map(f => f.name).sort()).toEqual([
        'credentials',
        'settings',
        'web',
      ]);
      await run('up');
      expect(await check('drift-check')).toEqual([]);
      expect(cliDrift(await cliDigest())).toEqual({});
      const restored = await api.get(`${ns}/configmaps/settings`);
      expect(restored.data).toEqual({ MAX_CONN: '10', MODE: 'safe' });
      expect((await api.get(deployment)).spec.replicas).toBe(2);
    });

    it("leaves out what the program's ignoreChanges ignores, as the CLI does", async () => {
      await client.setConfig(ref, {
        ignoreReplicas: { value: 'true', secret: false },
      });
      await run('up');
      await api.patch(deployment, { spec: { replicas: 9 } });
      // The engine applies ignoreChanges to the refresh's diff: the provider's detailed diff has no
      // spec.replicas, and neither the CLI nor Stackyard reports drift.
      expect(await check('drift-check')).toEqual([]);
      expect(cliDrift(await cliDigest())).toEqual({});
      // Nor would the next `up` change the replicas: no code finding.
      const program = await check('drift-check-program');
      expect(program.filter(f => f.source === 'code')).toEqual([]);
    });

    it('never let a secret out', () => {
      const everything = JSON.stringify(seen);
      expect(everything).toContain('[secret]');
      expect(everything).not.toContain(PASSWORD);
      expect(everything).not.toContain(ROTATED);
      expect(everything).not.toContain(ROTATED_AGAIN);
      expect(everything).not.toContain(Buffer.from(ROTATED).toString('base64'));
      expect(everything).not.toContain(backend.passphrase);
    });
  },
);
