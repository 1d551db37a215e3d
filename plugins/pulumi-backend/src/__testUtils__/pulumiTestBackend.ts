import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { JsonObject } from '@backstage/types';
import type { TemporaryBackend } from '@stackyard/plugin-pulumi-node/testUtils';

/** The owner of the catalog entity that the test catalog links to `files/dev`. */
export const FILES_DEV_OWNER = 'group:default/team-a';

/** The component that names the stack `files/dev`. */
const filesServiceEntity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'files-service',
    namespace: 'default',
    annotations: {
      'pulumi.com/project-slug': 'local:organization/files/dev',
    },
  },
  spec: { owner: 'team-a', type: 'service', lifecycle: 'production' },
};

/**
 * What the plugin's end-to-end tests share: a catalog whose one component names the stack `files/dev`
 * (owned by team-a), and app config with the temporary state backend as `local`, the test project's
 * folder, and a sync that runs once at start-up. `pulumi` adds or overrides keys of `pulumi`; `config`
 * adds other top-level keys, such as `backend`.
 */
export function pulumiTestBackendFeatures(options: {
  backend: TemporaryBackend;
  projectDir: string;
  pulumi?: JsonObject;
  config?: JsonObject;
}) {
  return [
    catalogServiceMock.factory({ entities: [filesServiceEntity] }),
    mockServices.rootConfig.factory({
      data: { ...options.config, pulumi: pulumiTestConfig(options) },
    }),
  ];
}

/** The `pulumi` config of {@link pulumiTestBackendFeatures}, for a replica in a process of its own. */
export function pulumiTestConfig(options: {
  backend: TemporaryBackend;
  projectDir: string;
  pulumi?: JsonObject;
  /** Variables for the backend's engine processes (`pulumi.backends[].env`). */
  backendEnv?: Record<string, string>;
}): JsonObject {
  return {
    homeDir: options.backend.pulumiHome,
    backends: [
      {
        id: 'local',
        url: options.backend.url,
        passphrase: options.backend.passphrase ?? null,
        ...(options.backendEnv ? { env: options.backendEnv } : {}),
      },
    ],
    projects: [{ dir: options.projectDir }],
    sync: {
      schedule: { frequency: { minutes: 30 }, timeout: { minutes: 5 } },
    },
    ...options.pulumi,
  };
}
