// The platform team's gateway: a namespace, its settings and a Deployment on a real Kubernetes API server,
// through the real Kubernetes provider. The provider finds the cluster through KUBECONFIG, which the demo's
// config gives this project's runs (scripts/start.sh starts a private control plane). There is no kubelet
// in the demo, so the Deployment does not wait for pods.
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';

const config = new pulumi.Config();
const logLevel = config.get('logLevel') ?? 'info';
const replicas = config.getNumber('replicas') ?? 2;

const namespace = new k8s.core.v1.Namespace('platform', {
  metadata: {
    name: `platform-${pulumi.getStack()}`,
    labels: { team: 'platform' },
  },
});
const labels = { app: 'gateway' };

const settings = new k8s.core.v1.ConfigMap('gateway-settings', {
  metadata: {
    name: 'gateway-settings',
    namespace: namespace.metadata.name,
    labels,
  },
  data: { LOG_LEVEL: logLevel, RATE_LIMIT: '100' },
});

const gateway = new k8s.apps.v1.Deployment('gateway', {
  metadata: {
    name: 'gateway',
    namespace: namespace.metadata.name,
    labels,
    annotations: { 'pulumi.com/skipAwait': 'true' },
  },
  spec: {
    replicas,
    selector: { matchLabels: labels },
    template: {
      metadata: { labels },
      spec: {
        containers: [
          {
            name: 'gateway',
            image: 'nginx:1.27',
            envFrom: [{ configMapRef: { name: settings.metadata.name } }],
          },
        ],
      },
    },
  },
});

export const namespaceName = namespace.metadata.name;
export const deployment = gateway.metadata.name;
