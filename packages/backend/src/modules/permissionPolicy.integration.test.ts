import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import permissionPlugin from '@backstage/plugin-permission-backend';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import pulumiPlugin from '@stackyard/plugin-pulumi-backend';
import {
  createTestStacks,
  waitFor,
} from '@stackyard/plugin-pulumi-node/testUtils';
import request from 'supertest';
import { permissionModuleStackyardPolicy } from './permissionPolicy';

// The demo's policy through the real permission backend and the Pulumi plugin's own permission
// integration, on stacks of the real engine: who may do what, at each door, decided from the stacks'
// owner tags alone, before the catalog has linked any entity to them.
jest.setTimeout(300_000);

const GUEST = 'user:default/guest';
const STRANGER = 'user:default/stranger';

/** The guest belongs to the guests group; the stranger to no group. */
const userInfoFactory = createServiceFactory({
  service: coreServices.userInfo,
  deps: {},
  factory: () => ({
    async getUserInfo(credentials: any) {
      const ref = credentials.principal.userEntityRef as string;
      return {
        userEntityRef: ref,
        ownershipEntityRefs:
          ref === GUEST ? [ref, 'group:default/guests'] : [ref],
      };
    },
  }),
});

/**
 * The mock HTTP auth service, except that a plugin's request on behalf of a user comes with the plugin as
 * its actor, as with the real auth service: the permission backend refuses resource permissions without a
 * resource ref from users who call it directly, and lets plugins ask for conditional decisions.
 */
const httpAuthFactory = createServiceFactory({
  service: coreServices.httpAuth,
  deps: { plugin: coreServices.pluginMetadata },
  factory({ plugin }) {
    const httpAuth = mockServices.httpAuth({ pluginId: plugin.getId() });
    const credentials = async (req: any, options?: any) => {
      const prefix = 'Bearer mock-service-token:';
      const header: string = req.headers.authorization ?? '';
      const obo = header.startsWith(prefix)
        ? JSON.parse(header.slice(prefix.length)).obo
        : undefined;
      const found = await httpAuth.credentials(req, options);
      return obo
        ? mockCredentials.user(obo, { actor: { subject: 'plugin:pulumi' } })
        : found;
    };
    return Object.assign(Object.create(httpAuth), { credentials });
  },
});

describe('the demo permission policy, through the permission backend', () => {
  let backend: Awaited<ReturnType<typeof startTestBackend>>;
  let dispose: () => Promise<void>;

  const post = (user: string, url: string, body: object) =>
    request(backend.server)
      .post(`/api/pulumi${url}`)
      .set('Authorization', mockCredentials.user.header(user))
      .send(body);

  beforeAll(async () => {
    const created = await createTestStacks({
      concurrency: 2,
      stacks: ['dev', 'prod'].map(stack => ({
        project: 'shop',
        stack,
        tags: { 'backstage.io:owner': 'guests' },
      })),
    });
    dispose = created.dispose;
    backend = await startTestBackend({
      features: [
        pulumiPlugin,
        permissionPlugin,
        permissionModuleStackyardPolicy,
        userInfoFactory,
        httpAuthFactory,
        // No catalog entity names these stacks: their owners come from their tags alone.
        catalogServiceMock.factory({ entities: [] }),
        mockServices.rootConfig.factory({
          data: {
            permission: { enabled: true },
            pulumi: {
              homeDir: created.backend.pulumiHome,
              backends: [
                {
                  id: 'local',
                  url: created.backend.url,
                  passphrase: created.backend.passphrase ?? null,
                },
              ],
              // Once, at start-up: the test scheduler runs tasks without an initial delay then.
              sync: {
                schedule: {
                  frequency: { minutes: 30 },
                  timeout: { minutes: 5 },
                },
              },
              drift: { enabled: false },
              // Runs stay queued: this test is about who may queue them, not about running them.
              runs: { concurrency: 0 },
            },
          },
        }),
      ],
    });
    await waitFor(
      'the first sync to record both stacks with their tag owner',
      async () =>
        (
          await request(backend.server)
            .get('/api/pulumi/stacks')
            .set('Authorization', mockCredentials.user.header(GUEST))
        ).body,
      (body: { items?: Array<{ owner?: string }> }) =>
        body.items?.length === 2 &&
        body.items.every(s => s.owner === 'group:default/guests'),
      { timeoutMs: 40_000 },
    );
  });

  afterAll(async () => {
    await backend?.stop();
    await dispose?.();
  });

  // The door, its body, and whether the guest (an owner by tag) may use it on dev and on prod.
  const doors: Array<[string, string, object, boolean, boolean]> = [
    ['runs', 'preview', { kind: 'preview' }, true, true],
    ['runs', 'up', { kind: 'up' }, true, true],
    ['runs', 'destroy', { kind: 'destroy' }, true, false],
    ['drift/check', 'drift check', {}, true, true],
    ['drift/remediate', 'accept', { action: 'accept' }, true, true],
  ];

  it.each(doors)(
    '%s %s: the tag owner may on dev, on prod as the policy says; a stranger never',
    async (door, _name, body, onDev, onProd) => {
      const outcomes = [];
      for (const stack of ['dev', 'prod']) {
        const url = `/stacks/local/shop/${stack}/${door}`;
        const stranger = await post(STRANGER, url, body);
        const guest = await post(GUEST, url, body);
        outcomes.push({
          url,
          stranger: stranger.status,
          guest: guest.status,
          refused: guest.body.error?.message.match(
            /\((pulumi\.[a-z.]+)\)$/,
          )?.[1],
        });
        if (guest.status === 201) {
          // Cancelled at once, so that the next door finds the stack free.
          await post(GUEST, `/runs/${guest.body.id}/cancel`, {});
        }
      }
      expect(outcomes).toEqual(
        [
          ['dev', onDev],
          ['prod', onProd],
        ].map(([stack, allowed]) => ({
          url: `/stacks/local/shop/${stack}/${door}`,
          stranger: 403,
          guest: allowed ? 201 : 403,
          refused: allowed ? undefined : 'pulumi.stack.destroy',
        })),
      );
    },
  );
});
