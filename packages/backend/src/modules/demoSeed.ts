import {
  coreServices,
  createBackendModule,
  LoggerService,
} from '@backstage/backend-plugin-api';
import type { StackConfigValue } from '@stackyard/plugin-pulumi-node';
import { PulumiEngineClient } from '@stackyard/plugin-pulumi-node';
import { kubernetesApi } from '@stackyard/plugin-pulumi-node/testUtils';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** The tags that tell the catalog a stack's owner, system and component. */
const serves = (component: string, owner: string) => ({
  'backstage.io:component': component,
  'backstage.io:owner': owner,
  'backstage.io:system': 'online-store',
});

/**
 * The demo's stacks: the network the others share (first: the website reads it through a stack reference),
 * dev and prod of the website, and a payments service.
 */
export const DEMO_STACKS: Array<{
  project: string;
  stack: string;
  config: Record<string, StackConfigValue>;
  tags: Record<string, string>;
}> = [
  {
    project: 'shared-network',
    stack: 'shared',
    config: {},
    tags: serves('shared-network', 'platform-team'),
  },
  {
    project: 'website',
    stack: 'dev',
    config: {
      greeting: { value: 'Welcome to the store (dev)', secret: false },
      replicas: { value: '1', secret: false },
      apiKey: { value: 'demo-dev-key-4821', secret: true },
    },
    tags: serves('website', 'guests'),
  },
  {
    project: 'website',
    stack: 'prod',
    config: {
      greeting: { value: 'Welcome to the store', secret: false },
      replicas: { value: '3', secret: false },
      apiKey: { value: 'demo-prod-key-9174', secret: true },
    },
    tags: { ...serves('website', 'guests'), 'stackyard:drift-interval': '15m' },
  },
  {
    project: 'payments-api',
    stack: 'dev',
    config: { timeoutSeconds: { value: '30', secret: false } },
    tags: serves('payments-api', 'payments-team'),
  },
];

/**
 * The demo's stack on the real Kubernetes provider, seeded when the demo has a Kubernetes API server: the
 * platform team's gateway, linked to the component platform-gateway.
 */
export const KUBERNETES_DEMO_STACK = {
  project: 'platform-k8s',
  stack: 'prod',
  config: {} as Record<string, StackConfigValue>,
  tags: serves('platform-gateway', 'platform-team'),
};

/** The ConfigMap key that the demo changes through the API server, as `kubectl edit` would. */
export const KUBERNETES_DEMO_EDIT = {
  path: '/api/v1/namespaces/platform-prod/configmaps/gateway-settings',
  data: { RATE_LIMIT: '500' },
};

/** The file that the demo changes by hand after its update, so that the first drift check finds it. */
export function driftedDemoFile(dataDir: string): string {
  return path.join(dataDir, 'website', 'prod', 'index.html');
}

type DemoStack = (typeof DEMO_STACKS)[number];
type DemoEngine = Pick<
  PulumiEngineClient,
  'listStacks' | 'createStack' | 'runOperation' | 'installDependencies'
>;

/** Creates one demo stack with its config and tags, and runs `up` on it through the engine. */
async function seedStack(
  engine: DemoEngine,
  backendId: string,
  dataDir: string,
  { project, stack, config, tags }: DemoStack,
): Promise<void> {
  const ref = { backendId, project, stack };
  await engine.createStack(ref, {
    config: { ...config, dataDir: { value: dataDir, secret: false } },
    tags,
  });
  const result = await engine.runOperation({ ...ref, kind: 'up' });
  if (result.status !== 'succeeded') {
    throw new Error(
      `up of the demo stack ${project}/${stack} ${result.status}: ${result.message}`,
    );
  }
}

/**
 * Seeds the demo into an empty state backend: installs the example projects' dependencies through their
 * language host (unless `installDependencies` is false), creates the demo stacks from them, runs `up` on
 * each through the engine, then edits one managed file outside Pulumi. A backend that already has stacks is
 * left alone.
 */
export async function seedDemo(options: {
  engine: DemoEngine;
  backendId: string;
  dataDir: string;
  logger: LoggerService;
  installDependencies?: boolean;
}): Promise<boolean> {
  const { engine, backendId, dataDir, logger } = options;
  if ((await engine.listStacks(backendId)).length > 0) {
    logger.info(`The demo backend '${backendId}' has stacks; not seeding`);
    return false;
  }
  await mkdir(dataDir, { recursive: true });
  // As `pulumi install` would after a clone: the Node.js language host installs each project's packages.
  if (options.installDependencies !== false) {
    for (const project of new Set(DEMO_STACKS.map(s => s.project))) {
      logger.info(`Installing the dependencies of the demo project ${project}`);
      await engine.installDependencies({ backendId, project });
    }
  }
  for (const demoStack of DEMO_STACKS) {
    logger.info(
      `Seeding the demo stack ${demoStack.project}/${demoStack.stack}`,
    );
    await seedStack(engine, backendId, dataDir, demoStack);
  }
  // A hand edit on the "server": prod now differs from its state, and the first drift check says so.
  await writeFile(
    driftedDemoFile(dataDir),
    '<h1>Hotfix edited by hand on the server</h1>\n',
  );
  logger.info(`Seeded ${DEMO_STACKS.length} demo stacks into '${backendId}'`);
  return true;
}

/**
 * Seeds platform-k8s/prod into the demo backend when it is missing there: `up` on the demo's Kubernetes API
 * server (named by `kubeconfig`, which the project's runs get as KUBECONFIG from app-config), then a
 * ConfigMap key changed through the API, as `kubectl edit` would, so that the first drift check finds a
 * real provider's drift. It runs after {@link seedDemo}, and also when the Kubernetes pieces were built
 * after the rest of the demo was seeded.
 */
export async function seedKubernetesDemo(options: {
  engine: DemoEngine;
  backendId: string;
  dataDir: string;
  kubeconfig: string;
  logger: LoggerService;
  installDependencies?: boolean;
}): Promise<boolean> {
  const { engine, backendId, logger } = options;
  const { project, stack } = KUBERNETES_DEMO_STACK;
  const stacks = await engine.listStacks(backendId);
  if (stacks.some(s => s.project === project && s.stack === stack)) {
    return false;
  }
  if (options.installDependencies !== false) {
    await engine.installDependencies({ backendId, project });
  }
  logger.info(`Seeding the demo stack ${project}/${stack} on Kubernetes`);
  await seedStack(engine, backendId, options.dataDir, KUBERNETES_DEMO_STACK);
  await kubernetesApi(options.kubeconfig).patch(KUBERNETES_DEMO_EDIT.path, {
    data: KUBERNETES_DEMO_EDIT.data,
  });
  return true;
}

/**
 * Seeds the demo when `stackyard.demo.seed` is true and the demo backend is empty. It runs before the
 * Pulumi plugin starts, so that the plugin's first sync already sees the stacks.
 */
export const pulumiModuleDemoSeed = createBackendModule({
  pluginId: 'pulumi',
  moduleId: 'demo-seed',
  register(reg) {
    reg.registerInit({
      deps: { config: coreServices.rootConfig, logger: coreServices.logger },
      async init({ config, logger }) {
        const demo = config.getOptionalConfig('stackyard.demo');
        if (!demo?.getOptionalBoolean('seed')) {
          return;
        }
        try {
          const engine = await PulumiEngineClient.fromConfig(config);
          const seed = {
            engine,
            backendId: demo.getOptionalString('backend') ?? 'local',
            dataDir: path.resolve(demo.getString('dataDir')),
            logger,
            installDependencies: demo.getOptionalBoolean('installDependencies'),
          };
          await seedDemo(seed);
          const kubeconfig = demo.getOptionalString('kubeconfig');
          if (kubeconfig) await seedKubernetesDemo({ ...seed, kubeconfig });
        } catch (error) {
          // The app still starts: the demo is a convenience, and the error says what to fix.
          logger.error(
            `Could not seed the demo: ${
              error instanceof Error ? error.message : String(error)
            }`,
          );
        }
      },
    });
  },
});
