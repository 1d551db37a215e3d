import type { Entity } from '@backstage/catalog-model';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { PulumiStack } from '@stackyard/plugin-pulumi-common';
import {
  makeEntity,
  makeRun,
  makeStack,
  makeStackDetail,
} from '../../__testUtils__/fixtures';
import { PulumiApi, pulumiApiRef } from '../../api';
import { rootRouteRef } from '../../routes';
import { EntityPulumiStacksCard } from './EntityPulumiStacksCard';

const updatedAt = '2026-03-01T12:00:00.000Z';
const at = (ms: number) => new Date(Date.parse(updatedAt) + ms).toISOString();

function stubApi(stacks: PulumiStack[], overrides: Partial<PulumiApi> = {}) {
  return {
    listStacks: jest.fn(async () => ({ items: stacks })),
    getStack: jest.fn(async ({ stack }) =>
      makeStackDetail({ ...stacks.find(s => s.stack === stack) }),
    ),
    listRuns: jest.fn(async () => []),
    ...overrides,
  } satisfies Partial<PulumiApi>;
}

const render = (entity: Entity, api: Partial<PulumiApi>) =>
  renderInTestApp(
    <TestApiProvider apis={[[pulumiApiRef, api]]}>
      <EntityProvider entity={entity}>
        <EntityPulumiStacksCard />
      </EntityProvider>
    </TestApiProvider>,
    { mountedRoutes: { '/pulumi': rootRouteRef } },
  );

describe('EntityPulumiStacksCard', () => {
  it('shows the standard empty state without the annotation', async () => {
    const api = stubApi([]);
    await render(makeEntity(), api);
    expect(screen.getByText('Missing Annotation')).toBeInTheDocument();
    expect(
      screen.getAllByText(/pulumi\.com\/project-slug/).length,
    ).toBeGreaterThan(0);
    expect(api.listStacks).not.toHaveBeenCalled();
  });

  it("shows the parser's message for a malformed annotation", async () => {
    const api = stubApi([]);
    await render(makeEntity('a/b/c/d'), api);
    expect(
      screen.getByText(
        'Error: The pulumi.com/project-slug annotation is not valid',
      ),
    ).toBeInTheDocument();
    expect(screen.getByText(/'a\/b\/c\/d' has 4 parts/)).toBeInTheDocument();
    expect(api.listStacks).not.toHaveBeenCalled();
  });

  it("asks for the entity's stacks and shows one tab per stack", async () => {
    const api = stubApi([
      makeStack({ stack: 'dev', driftStatus: 'drifted' }),
      makeStack({ stack: 'prod', driftStatus: 'in_sync' }),
    ]);
    await render(makeEntity('organization/website'), api);

    expect(api.listStacks).toHaveBeenCalledWith({
      entityRef: 'component:default/website',
      limit: 100,
    });
    const tabs = await screen.findAllByRole('tab');
    expect(tabs.map(t => t.textContent)).toEqual(['dev', 'prod']);
    expect(
      screen.getByRole('link', { name: 'website/dev' }),
    ).toBeInTheDocument();
    expect(screen.getByText('Drifted')).toBeInTheDocument();

    await userEvent.click(screen.getByRole('tab', { name: 'prod' }));

    const link = await screen.findByRole('link', { name: 'website/prod' });
    expect(link).toHaveAttribute('href', '/pulumi/stacks/local/website/prod');
    expect(screen.queryByRole('link', { name: 'website/dev' })).toBeNull();
    expect(screen.getByText('In sync')).toBeInTheDocument();
    expect(screen.queryByText('Drifted')).toBeNull();
    expect(api.getStack).toHaveBeenLastCalledWith({
      backendId: 'local',
      project: 'website',
      stack: 'prod',
    });
  });

  it('shows a single stack without tabs, with its outputs and secrets masked', async () => {
    const stack = makeStack({ resourceCount: 4 });
    const api = stubApi([stack], {
      getStack: jest.fn(async () =>
        makeStackDetail({
          ...stack,
          outputs: { url: 'https://example.test', dbPassword: '[secret]' },
        }),
      ),
    });
    await render(makeEntity('organization/website/prod'), api);

    expect(await screen.findByText(/https:\/\/example\.test/)).toBeVisible();
    expect(screen.queryByRole('tab')).toBeNull();
    const secret = screen.getByText('dbPassword').parentElement!;
    expect(secret).toHaveTextContent('dbPassword: [secret]');
    expect(screen.getByText(/4 resources · backend local/)).toBeVisible();
  });

  it('names the user whose run made the last update', async () => {
    const stack = makeStack({
      lastUpdate: { time: updatedAt, result: 'succeeded', kind: 'update' },
    });
    const api = stubApi([stack], {
      listRuns: jest.fn(async () => [
        // A preview writes nothing, so it cannot have made the update.
        makeRun({
          kind: 'preview',
          finishedAt: at(5_000),
          requestedBy: 'user:default/bob',
        }),
        makeRun({
          kind: 'up',
          finishedAt: at(30_000),
          requestedBy: 'user:default/alice',
        }),
      ]),
    });
    await render(makeEntity('organization/website/prod'), api);
    expect(
      await screen.findByText(/by user:default\/alice/),
    ).toBeInTheDocument();
    expect(screen.queryByText(/bob/)).toBeNull();
    expect(api.listRuns).toHaveBeenCalledWith(
      { backendId: 'local', project: 'website', stack: 'prod' },
      20,
    );
  });

  it('says an update was made outside Stackyard when no run ended then', async () => {
    const stack = makeStack({
      lastUpdate: { time: updatedAt, result: 'succeeded', kind: 'update' },
    });
    const api = stubApi([stack], {
      listRuns: jest.fn(async () => [
        makeRun({
          kind: 'up',
          finishedAt: at(-60 * 60_000),
          requestedBy: 'user:default/alice',
        }),
      ]),
    });
    await render(makeEntity('organization/website/prod'), api);
    expect(await screen.findByText(/by outside Stackyard/)).toBeInTheDocument();
    expect(screen.queryByText(/alice/)).toBeNull();
  });

  it('shows a failure of the backend as an error panel', async () => {
    const api = stubApi([], {
      listStacks: jest.fn(async () => {
        throw new Error('backend down');
      }),
    });
    await render(makeEntity('organization/website'), api);
    expect(await screen.findByText('Error: backend down')).toBeInTheDocument();
    expect(screen.queryByText('No stacks found')).toBeNull();
  });

  it('says so when no stack matches the annotation', async () => {
    const api = stubApi([]);
    await render(makeEntity('organization/website'), api);
    await waitFor(() =>
      expect(screen.getByText('No stacks found')).toBeInTheDocument(),
    );
  });

  it('shows stack names without links in an app that does not mount the Pulumi page', async () => {
    const api = stubApi([makeStack({ project: 'website', stack: 'prod' })]);
    await renderInTestApp(
      <TestApiProvider apis={[[pulumiApiRef, api]]}>
        <EntityProvider entity={makeEntity('local:organization/website/prod')}>
          <EntityPulumiStacksCard />
        </EntityProvider>
      </TestApiProvider>,
    );
    expect(await screen.findByText('website/prod')).toBeInTheDocument();
    expect(
      screen.queryByRole('link', { name: 'website/prod' }),
    ).not.toBeInTheDocument();
  });
});
