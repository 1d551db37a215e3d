import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { JsonObject } from '@backstage/types';
import type { TemporaryBackend } from '@stackyard/plugin-pulumi-node/testUtils';

/** The owner of the catalog entity that the test catalog links to `files/dev`. */
export const FILES_DEV_OWNER = 'group:default/team-a';

/**
 * What the plugin's end-to-end tests share: a catalog whose one component names the stack `files/dev`
 * (owned by team-a), and app config with the temporary state backend as `local`, the test project's
 * folder, and a sync that runs once at start-up. `pulumi` adds or overrides keys of `pulumi`.
 */
export function pulumiTestBackendFeatures(options: {
  backend: TemporaryBackend;
  projectDir: string;
  pulumi?: JsonObject;
}) {
  return [
    catalogServiceMock.factory({
      entities: [
        {
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
        },
      ],
    }),
    mockServices.rootConfig.factory({
      data: {
        pulumi: {
          homeDir: options.backend.pulumiHome,
          backends: [
            {
              id: 'local',
              url: options.backend.url,
              passphrase: options.backend.passphrase ?? null,
            },
          ],
          projects: [{ dir: options.projectDir }],
          sync: {
            schedule: { frequency: { minutes: 30 }, timeout: { minutes: 5 } },
          },
          ...options.pulumi,
        },
      },
    }),
  ];
}
