import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { PulumiPage, PulumiStack } from '@stackyard/plugin-pulumi-common';
import { makeStack } from '../../__testUtils__/fixtures';
import { ListStacksRequest, PulumiApi, pulumiApiRef } from '../../api';
import { rootRouteRef } from '../../routes';
import { StacksExplorer } from './StacksExplorer';

const stacks = [
  makeStack({
    project: 'website',
    stack: 'prod',
    driftStatus: 'drifted',
    owner: 'group:default/web-team',
    resourceCount: 12,
  }),
  makeStack({ project: 'website', stack: 'dev' }),
];

function stubApi(
  listStacks: (
    request: ListStacksRequest,
  ) => Promise<PulumiPage<PulumiStack>> = async () => ({ items: stacks }),
) {
  return {
    listBackends: jest.fn(async () => ['local', 'shared']),
    listStacks: jest.fn(listStacks),
  } satisfies Partial<PulumiApi>;
}

const render = (api: Partial<PulumiApi>) =>
  renderInTestApp(
    <TestApiProvider apis={[[pulumiApiRef, api]]}>
      <StacksExplorer />
    </TestApiProvider>,
    {
      mountedRoutes: {
        '/pulumi': rootRouteRef,
        '/catalog/:namespace/:kind/:name': entityRouteRef,
      },
    },
  );

/** The last request, without the keys left undefined. */
const lastRequest = (api: ReturnType<typeof stubApi>) =>
  JSON.parse(JSON.stringify(api.listStacks.mock.lastCall?.[0]));

describe('StacksExplorer', () => {
  it('lists the first page sorted by name, with links to each stack and owner', async () => {
    const api = stubApi();
    await render(api);
    const link = await screen.findByRole('link', { name: 'website/prod' });
    expect(link).toHaveAttribute('href', '/pulumi/stacks/local/website/prod');
    expect(lastRequest(api)).toEqual({ sort: 'name', order: 'asc', limit: 25 });
    const row = link.closest('tr')!;
    expect(within(row).getByText('Drifted')).toBeInTheDocument();
    expect(within(row).getByText('12')).toBeInTheDocument();
    expect(within(row).getByRole('link', { name: /web-team/ })).toHaveAttribute(
      'href',
      '/catalog/default/group/web-team',
    );
  });

  it('asks for the stacks matching a search, once the typing pauses', async () => {
    const api = stubApi();
    await render(api);
    await screen.findByRole('link', { name: 'website/prod' });

    await userEvent.type(screen.getByLabelText('search stacks'), 'web');

    await waitFor(() =>
      expect(lastRequest(api)).toEqual({
        q: 'web',
        sort: 'name',
        order: 'asc',
        limit: 25,
      }),
    );
  });

  it('asks for the stacks of a drift status', async () => {
    const api = stubApi();
    await render(api);
    await screen.findByRole('link', { name: 'website/prod' });

    await userEvent.click(screen.getByLabelText('Drift'));
    await userEvent.click(
      within(await screen.findByRole('listbox')).getByRole('option', {
        name: 'Drifted',
      }),
    );

    await waitFor(() =>
      expect(lastRequest(api)).toEqual({
        drift: 'drifted',
        sort: 'name',
        order: 'asc',
        limit: 25,
      }),
    );
    expect(
      screen.getByRole('button', { name: 'Clear filters' }),
    ).toBeInTheDocument();
  });

  it('sorts by the header clicked, and reverses on a second click', async () => {
    const api = stubApi();
    await render(api);
    await screen.findByRole('link', { name: 'website/prod' });
    const header = screen.getByRole('columnheader', { name: 'Resources' });

    await userEvent.click(within(header).getByRole('button'));
    await waitFor(() =>
      expect(lastRequest(api)).toMatchObject({
        sort: 'resourceCount',
        order: 'desc',
      }),
    );

    await userEvent.click(within(header).getByRole('button'));
    await waitFor(() =>
      expect(lastRequest(api)).toMatchObject({
        sort: 'resourceCount',
        order: 'asc',
      }),
    );
  });

  it('pages forward with the next cursor and back again', async () => {
    const api = stubApi(async request =>
      request.cursor === 'page-2'
        ? { items: [makeStack({ project: 'zeta', stack: 'prod' })] }
        : { items: stacks, nextCursor: 'page-2' },
    );
    await render(api);
    await screen.findByRole('link', { name: 'website/prod' });
    const previous = screen.getByRole('button', { name: 'Previous' });
    expect(previous).toBeDisabled();

    await userEvent.click(screen.getByRole('button', { name: 'Next' }));

    expect(
      await screen.findByRole('link', { name: 'zeta/prod' }),
    ).toBeInTheDocument();
    expect(lastRequest(api)).toMatchObject({ cursor: 'page-2', limit: 25 });
    expect(screen.getByText('Page 2')).toBeInTheDocument();
    // The last page has no next cursor.
    expect(screen.getByRole('button', { name: 'Next' })).toBeDisabled();

    await userEvent.click(screen.getByRole('button', { name: 'Previous' }));

    expect(
      await screen.findByRole('link', { name: 'website/prod' }),
    ).toBeInTheDocument();
    expect(lastRequest(api).cursor).toBeUndefined();
    expect(screen.getByText('Page 1')).toBeInTheDocument();
  });

  it('shows the empty state when there are no stacks', async () => {
    await render(stubApi(async () => ({ items: [] })));
    expect(await screen.findByText('No stacks')).toBeInTheDocument();
    expect(
      screen.getByText(
        'No stacks yet: the backends are empty, or not synced yet.',
      ),
    ).toBeInTheDocument();
  });

  it('shows a failure as an error panel', async () => {
    await render(
      stubApi(async () => {
        throw new Error('backend down');
      }),
    );
    expect(await screen.findByText('Error: backend down')).toBeInTheDocument();
    expect(screen.queryByRole('table', { name: 'stacks' })).toBeNull();
  });
});
