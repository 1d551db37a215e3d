import type { Entity } from '@backstage/catalog-model';
import { catalogApiRef, entityRouteRef } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import {
  PULUMI_PROJECT_SLUG_ANNOTATION,
  type DriftStatus,
  type PulumiStack,
} from '@stackyard/plugin-pulumi-common';
import { makeStack } from '../../__testUtils__/fixtures';
import { ListStacksRequest, pulumiApiRef } from '../../api';
import { rootRouteRef } from '../../routes';
import { loadServices, ServicesView, worstDrift } from './ServicesView';

const entity = (
  kind: 'Component' | 'System',
  name: string,
  spec: { owner?: string; system?: string } = {},
  title?: string,
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: {
    name,
    namespace: 'default',
    ...(title ? { title } : {}),
    annotations: { [PULUMI_PROJECT_SLUG_ANNOTATION]: `organization/${name}` },
  },
  spec,
});

const stack = (project: string, name: string, driftStatus: DriftStatus) =>
  makeStack({ project, stack: name, driftStatus });

const shared = stack('shared', 'prod', 'in_sync');

const entities: Entity[] = [
  entity('System', 'shop', { owner: 'group:default/platform' }),
  entity('Component', 'website', { owner: 'web-team', system: 'shop' }),
  entity('Component', 'api', {
    owner: 'group:default/api-team',
    system: 'shop',
  }),
  // Its system names no stack itself, so it is not in the catalog's answer.
  entity('Component', 'worker', { system: 'backoffice' }),
  entity('Component', 'docs', {}, 'Documentation'),
];

const stacksByEntity: Record<string, PulumiStack[]> = {
  'system:default/shop': [stack('shop-infra', 'prod', 'in_sync')],
  'component:default/website': [
    stack('website', 'prod', 'drifted'),
    stack('website', 'dev', 'in_sync'),
    shared,
  ],
  'component:default/api': [stack('api', 'prod', 'error'), shared],
  'component:default/worker': [stack('worker', 'prod', 'unknown')],
  'component:default/docs': [],
};

function stubs() {
  const catalog = {
    getEntities: jest.fn(async (_request: unknown) => ({ items: entities })),
  };
  const api = {
    listStacks: jest.fn(async (request?: ListStacksRequest) => ({
      items: stacksByEntity[request!.entityRef!] ?? [],
    })),
  };
  return { catalog, api };
}

describe('worstDrift', () => {
  it.each<[DriftStatus[], DriftStatus | undefined]>([
    [['in_sync', 'drifted', 'error'], 'drifted'],
    [['unknown', 'error', 'in_sync'], 'error'],
    [['in_sync', 'unknown'], 'unknown'],
    [['in_sync'], 'in_sync'],
    [[], undefined],
  ])('of %j is %s', (statuses, worst) => {
    expect(worstDrift(statuses.map((s, i) => stack('p', `s${i}`, s)))).toBe(
      worst,
    );
  });
});

describe('loadServices', () => {
  it('asks the catalog for annotated components and systems, and each for its stacks', async () => {
    const { catalog, api } = stubs();
    await loadServices(catalog, api);
    expect(catalog.getEntities).toHaveBeenCalledWith(
      expect.objectContaining({
        filter: expect.objectContaining({
          kind: ['Component', 'System'],
          [`metadata.annotations.${PULUMI_PROJECT_SLUG_ANNOTATION}`]:
            expect.anything(),
        }),
      }),
    );
    const requests = api.listStacks.mock.calls.map(([r]) => r!);
    expect(requests.map(r => r.entityRef).sort()).toEqual(
      Object.keys(stacksByEntity).sort(),
    );
    expect(requests.every(r => r.limit === 100)).toBe(true);
  });

  it("gives systems their components' stacks, and lists the worst first", async () => {
    const { catalog, api } = stubs();
    const rows = await loadServices(catalog, api);

    expect(
      rows.map(r => [
        r.entityRef,
        r.worst,
        r.stacks.map(s => `${s.project}/${s.stack}`),
      ]),
    ).toEqual([
      [
        'component:default/website',
        'drifted',
        ['website/prod', 'website/dev', 'shared/prod'],
      ],
      [
        'system:default/shop',
        'drifted',
        [
          'shop-infra/prod',
          'website/prod',
          'website/dev',
          'shared/prod',
          'api/prod',
        ],
      ],
      ['component:default/api', 'error', ['api/prod', 'shared/prod']],
      ['component:default/worker', 'unknown', ['worker/prod']],
      ['system:default/backoffice', 'unknown', ['worker/prod']],
      ['component:default/docs', undefined, []],
    ]);
  });

  it('names owners and systems by full entity refs', async () => {
    const { catalog, api } = stubs();
    const rows = await loadServices(catalog, api);
    const byRef = Object.fromEntries(rows.map(r => [r.entityRef, r]));
    expect(byRef['component:default/website']).toMatchObject({
      kind: 'Component',
      title: 'website',
      owner: 'group:default/web-team',
      system: 'system:default/shop',
    });
    expect(byRef['component:default/docs']).toMatchObject({
      title: 'Documentation',
      owner: undefined,
    });
    expect(byRef['system:default/shop']).toMatchObject({
      kind: 'System',
      owner: 'group:default/platform',
    });
    // A system only known through its components still gets a row.
    expect(byRef['system:default/backoffice']).toMatchObject({
      kind: 'System',
      title: 'backoffice',
    });
  });
});

describe('ServicesView', () => {
  it('lists each service with a link to its entity, its worst drift and its stacks', async () => {
    const { catalog, api } = stubs();
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [catalogApiRef, catalog],
          [pulumiApiRef, api],
        ]}
      >
        <ServicesView />
      </TestApiProvider>,
      {
        mountedRoutes: {
          '/pulumi': rootRouteRef,
          '/catalog/:namespace/:kind/:name': entityRouteRef,
        },
      },
    );

    const link = await screen.findByRole('link', { name: 'Documentation' });
    expect(link).toHaveAttribute('href', '/catalog/default/component/docs');

    const row = screen.getByRole('link', { name: /^website$/ }).closest('tr')!;
    expect(within(row).getByText('Drifted')).toBeInTheDocument();
    expect(within(row).getByRole('link', { name: /web-team/ })).toHaveAttribute(
      'href',
      '/catalog/default/group/web-team',
    );
    expect(
      within(row).getByRole('link', { name: 'website/prod' }),
    ).toHaveAttribute('href', '/pulumi/stacks/local/website/prod');

    const docs = link.closest('tr')!;
    expect(within(docs).getByText('none found')).toBeInTheDocument();
  });
});
