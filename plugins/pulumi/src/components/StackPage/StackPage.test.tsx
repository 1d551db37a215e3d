import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { makeStackDetail } from '../../__testUtils__/fixtures';
import { pulumiApiRef } from '../../api';
import { PulumiPage } from '../PulumiPage';
import { rootRouteRef } from '../../routes';

const render = (path: string) =>
  renderInTestApp(
    <TestApiProvider
      apis={[
        [
          pulumiApiRef,
          {
            getStack: async () =>
              makeStackDetail({ outputs: { url: 'https://shop.example' } }),
            getTtl: async () => undefined,
          },
        ],
      ]}
    >
      <PulumiPage />
    </TestApiProvider>,
    { routeEntries: [path], mountedRoutes: { '/': rootRouteRef } },
  );

describe('StackPage', () => {
  it('opens the section that the path names, as drift notifications link', async () => {
    await render('/stacks/local/website/prod/outputs');
    expect(
      await screen.findByRole('tab', { name: 'Outputs', selected: true }),
    ).toBeInTheDocument();
    expect(screen.getByText('https://shop.example')).toBeInTheDocument();
  });

  it('opens the overview without a section, or with one it does not know', async () => {
    await render('/stacks/local/website/prod/nonsense');
    expect(
      await screen.findByRole('tab', { name: 'Overview', selected: true }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('heading', { name: 'website/prod' }),
    ).toBeInTheDocument();
  });
});
