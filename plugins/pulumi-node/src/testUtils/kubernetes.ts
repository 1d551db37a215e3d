import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import { parse } from 'yaml';

/**
 * The private Kubernetes control plane that `scripts/test.sh` starts (scripts/lib/kubernetes.sh): its
 * kubeconfig and the plugin folder of pulumi-resource-kubernetes. Undefined outside the test command,
 * where the Kubernetes tests are skipped; the test command sets STACKYARD_TEST_STRICT, which makes them
 * fail instead.
 *
 * @public
 */
export function testKubernetes():
  | { kubeconfig: string; providerDir: string }
  | undefined {
  const kubeconfig = process.env.STACKYARD_TEST_KUBECONFIG;
  const providerDir = process.env.STACKYARD_TEST_KUBERNETES_PROVIDER_DIR;
  if (kubeconfig && providerDir) return { kubeconfig, providerDir };
  if (process.env.STACKYARD_TEST_STRICT === '1') {
    throw new Error(
      'The Kubernetes tests need STACKYARD_TEST_KUBECONFIG and STACKYARD_TEST_KUBERNETES_PROVIDER_DIR; scripts/test.sh starts a control plane and sets them.',
    );
  }
  return undefined;
}

/**
 * Calls to a Kubernetes API server, by path (`/api/v1/namespaces/…`). See {@link kubernetesApi}.
 *
 * @public
 */
export interface KubernetesApi {
  /** Reads an object or a list. */
  get(path: string): Promise<any>;
  /** A JSON merge patch, made by the field manager `kubectl-edit`, as `kubectl edit` makes one. */
  patch(path: string, body: unknown): Promise<any>;
  /** A strategic merge patch, which merges lists such as a pod's containers by name, as kubectl does. */
  strategicPatch(path: string, body: unknown): Promise<any>;
  /** Deletes an object, as `kubectl delete` does. */
  remove(path: string): Promise<any>;
}

/**
 * Calls the API server as `kubectl` would, with the kubeconfig's token and CA: what someone changing the
 * cluster by hand does behind Pulumi's back. Resolves to the parsed response; fails on a status of 400 or
 * more, with the server's message. The demo makes its hand edit with it too.
 *
 * @public
 */
export function kubernetesApi(kubeconfig: string): KubernetesApi {
  const config = parse(readFileSync(kubeconfig, 'utf8'));
  const server = new URL(config.clusters[0].cluster.server);
  const ca = Buffer.from(
    config.clusters[0].cluster['certificate-authority-data'],
    'base64',
  );
  const token: string = config.users[0].user.token;

  const call = (
    method: string,
    path: string,
    body?: unknown,
    contentType = 'application/merge-patch+json',
  ) =>
    new Promise<any>((resolve, reject) => {
      const payload = body === undefined ? undefined : JSON.stringify(body);
      const req = request(
        {
          host: server.hostname,
          port: server.port,
          path,
          method,
          ca,
          headers: {
            authorization: `Bearer ${token}`,
            accept: 'application/json',
            ...(payload ? { 'content-type': contentType } : {}),
          },
        },
        res => {
          const chunks: Buffer[] = [];
          res.on('data', c => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            const parsed = text ? JSON.parse(text) : undefined;
            if ((res.statusCode ?? 500) >= 400) {
              reject(new Error(`${method} ${path}: ${res.statusCode} ${text}`));
            } else resolve(parsed);
          });
        },
      );
      req.on('error', reject);
      req.end(payload);
    });

  return {
    get: path => call('GET', path),
    patch: (path, body) =>
      call('PATCH', `${path}?fieldManager=kubectl-edit`, body),
    strategicPatch: (path, body) =>
      call(
        'PATCH',
        `${path}?fieldManager=kubectl-edit`,
        body,
        'application/strategic-merge-patch+json',
      ),
    remove: path => call('DELETE', path),
  };
}
