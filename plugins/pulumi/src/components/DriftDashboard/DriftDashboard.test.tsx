import { catalogApiRef, entityRouteRef } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { PulumiDriftSummary } from '@stackyard/plugin-pulumi-common';
import { makeFinding, makeStack } from '../../__testUtils__/fixtures';
import { DriftedStack, PulumiApi, pulumiApiRef } from '../../api';
import { rootRouteRef } from '../../routes';
import { DriftDashboard } from './DriftDashboard';

const summary: PulumiDriftSummary = {
  counts: { in_sync: 7, unknown: 2, error: 1, drifted: 3 },
  driftedPerDay: [
    { day: '2026-02-01', stacks: 1 },
    { day: '2026-02-02', stacks: 3 },
    { day: '2026-02-03', stacks: 2 },
  ],
  timeToResolve: { episodes: 4, medianSeconds: 5400, meanSeconds: 7200 },
  topResourceTypes: [{ type: 'aws:s3/bucket:Bucket', findings: 5 }],
};

const drifted: DriftedStack = {
  stack: makeStack({
    project: 'website',
    stack: 'prod',
    driftStatus: 'drifted',
    owner: 'group:default/web-team',
  }),
  findings: [
    makeFinding({
      properties: [
        { path: 'tags.team', expected: 'web', actual: 'ops' },
        { path: 'tags.lastSeen', expected: 1, actual: 2, ignored: true },
      ],
    }),
    makeFinding({
      urn: 'urn:pulumi:prod::website::aws:s3/bucketObject:BucketObject::index',
      type: 'aws:s3/bucketObject:BucketObject',
      name: 'index',
      kind: 'deleted',
    }),
  ],
};

function stubs(overrides: Partial<PulumiApi> = {}) {
  const catalog = {
    getEntities: jest.fn(async () => ({
      items: ['web-team', 'api-team'].map(name => ({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Group',
        metadata: { name, namespace: 'default' },
      })),
    })),
  };
  const api = {
    getDriftSummary: jest.fn(async () => summary),
    listDriftedStacks: jest.fn(async () => ({ items: [drifted] })),
    ...overrides,
  } satisfies Partial<PulumiApi>;
  return { catalog, api };
}

const render = ({ catalog, api }: ReturnType<typeof stubs>) =>
  renderInTestApp(
    <TestApiProvider
      apis={[
        [catalogApiRef, catalog],
        [pulumiApiRef, api],
      ]}
    >
      <DriftDashboard />
    </TestApiProvider>,
    {
      mountedRoutes: {
        '/pulumi': rootRouteRef,
        '/catalog/:namespace/:kind/:name': entityRouteRef,
      },
    },
  );

describe('DriftDashboard', () => {
  it('shows the count of stacks in each drift status', async () => {
    await render(stubs());
    const counts = await screen.findAllByTestId(/^count-/);
    expect(counts.map(c => c.textContent)).toEqual([
      '3Drifted',
      '1Check failed',
      '2Not checked',
      '7In sync',
    ]);
  });

  it('describes the chart of drifted stacks per day in its text alternative', async () => {
    await render(stubs());
    expect(
      await screen.findByRole('img', {
        name: 'Drifted stacks per day over 3 days: at most 3, 6 stack-days in all',
      }),
    ).toBeInTheDocument();
  });

  it('shows how long drift takes to resolve and the most drifted types', async () => {
    await render(stubs());
    expect(await screen.findByText('1.5 h')).toBeInTheDocument();
    expect(
      screen.getByText('median over 4 resolved episodes; mean 2.0 h'),
    ).toBeInTheDocument();
    expect(screen.getByText('aws:s3/bucket:Bucket: 5')).toBeInTheDocument();
  });

  it('lists the drifted stacks with their drifted resources', async () => {
    await render(stubs());
    const list = await screen.findByRole('list', { name: 'drifted stacks' });
    expect(
      within(list).getByRole('link', { name: 'website/prod' }),
    ).toHaveAttribute('href', '/pulumi/stacks/local/website/prod');
    expect(
      within(list).getByRole('link', { name: /web-team/ }),
    ).toHaveAttribute('href', '/catalog/default/group/web-team');
    const site = within(list).getByText('site').parentElement!;
    // The ignored property is left out.
    expect(site).toHaveTextContent(
      /^site \(aws:s3\/bucket:Bucket\) changed: tags\.team$/,
    );
    expect(within(list).getByText('index').parentElement!).toHaveTextContent(
      /^index \(aws:s3\/bucketObject:BucketObject\) deleted$/,
    );
  });

  it('asks again for the owner chosen', async () => {
    const stubbed = stubs();
    await render(stubbed);
    await screen.findByRole('list', { name: 'drifted stacks' });
    expect(stubbed.api.getDriftSummary).toHaveBeenLastCalledWith({
      days: 30,
      owner: undefined,
    });

    await userEvent.click(screen.getByLabelText('Owner'));
    await userEvent.click(
      within(await screen.findByRole('listbox')).getByRole('option', {
        name: 'group:default/web-team',
      }),
    );

    await waitFor(() =>
      expect(stubbed.api.getDriftSummary).toHaveBeenLastCalledWith({
        days: 30,
        owner: 'group:default/web-team',
      }),
    );
    expect(stubbed.api.listDriftedStacks).toHaveBeenLastCalledWith({
      owner: 'group:default/web-team',
      limit: 25,
      cursor: undefined,
    });
    expect(stubbed.catalog.getEntities).toHaveBeenCalledWith(
      expect.objectContaining({ filter: { kind: 'Group' } }),
    );
  });

  it('says when no stack is drifted', async () => {
    await render(
      stubs({ listDriftedStacks: jest.fn(async () => ({ items: [] })) }),
    );
    expect(await screen.findByText('No drifted stacks')).toBeInTheDocument();
    expect(screen.queryByRole('list', { name: 'drifted stacks' })).toBeNull();
  });

  it('shows a failure of the summary as an error panel', async () => {
    await render(
      stubs({
        getDriftSummary: jest.fn(async () => {
          throw new Error('summary failed');
        }),
      }),
    );
    expect(
      await screen.findByText('Error: summary failed'),
    ).toBeInTheDocument();
  });
});
