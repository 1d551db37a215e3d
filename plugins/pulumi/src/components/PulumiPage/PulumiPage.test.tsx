import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { PulumiApi, pulumiApiRef } from '../../api';
import { rootRouteRef } from '../../routes';
import { PulumiPage } from './PulumiPage';

const render = (api: Pick<PulumiApi, 'getHealth'>) =>
  renderInTestApp(
    <TestApiProvider
      apis={[
        [
          pulumiApiRef,
          {
            // The stacks explorer beside the engine card.
            listBackends: async () => ['local'],
            listStacks: async () => ({ items: [] }),
            ...api,
          },
        ],
      ]}
    >
      <PulumiPage />
    </TestApiProvider>,
    { mountedRoutes: { '/pulumi': rootRouteRef } },
  );

describe('PulumiPage', () => {
  it('shows the engine version and the backends', async () => {
    await render({
      getHealth: async () => ({
        status: 'ok',
        engine: { version: '3.259.0' },
        backends: ['local', 'shared'],
      }),
    });
    expect(await screen.findByText('v3.259.0')).toBeInTheDocument();
    expect(screen.getByText('ready')).toBeInTheDocument();
    expect(screen.getByText('local, shared')).toBeInTheDocument();
  });

  it('shows why the engine is unavailable', async () => {
    await render({
      getHealth: async () => ({
        status: 'unavailable',
        engine: { message: 'No Pulumi engine at /opt/pulumi' },
        backends: [],
      }),
    });
    expect(await screen.findByText('unavailable')).toBeInTheDocument();
    expect(
      screen.getByText('No Pulumi engine at /opt/pulumi'),
    ).toBeInTheDocument();
  });

  it('shows a backend failure as an error panel', async () => {
    await render({
      getHealth: async () => {
        throw new Error('backend down');
      },
    });
    expect(await screen.findByText('Error: backend down')).toBeInTheDocument();
  });
});
