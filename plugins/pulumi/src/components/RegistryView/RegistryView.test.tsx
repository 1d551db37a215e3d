import { catalogApiRef, entityRouteRef } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { PulumiRegistryPackage } from '@stackyard/plugin-pulumi-common';
import { PulumiApi, pulumiApiRef } from '../../api';
import { rootRouteRef } from '../../routes';
import { RegistryView } from './RegistryView';

const stackyard: PulumiRegistryPackage = {
  name: 'stackyard',
  latest: '0.2.0',
  minimumVersion: '0.2.0',
  versions: [
    { version: '0.2.0', stacks: 1, outdated: false },
    { version: '0.1.0', stacks: 2, outdated: true },
  ],
  stacks: 3,
  outdatedStacks: 2,
};

function stubs() {
  const catalog = {
    getEntities: jest.fn(async () => ({
      items: ['team-b'].map(name => ({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Group',
        metadata: { name, namespace: 'default' },
      })),
    })),
  };
  const api = {
    listRegistryPackages: jest.fn(async () => ({ items: [stackyard] })),
    listRegistryComponents: jest.fn(async () => ({
      items: [
        {
          package: 'stackyard',
          types: [
            {
              type: 'stackyard:index:StaticSite',
              versions: stackyard.versions,
              stacks: 3,
              resources: 3,
            },
          ],
        },
      ],
    })),
    listRegistryTemplates: jest.fn(async () => ({
      items: [
        {
          name: 'service-environment',
          versions: [
            { version: '2', stacks: 3 },
            { version: '1', stacks: 1 },
          ],
          stacks: 4,
        },
      ],
    })),
    getRegistryPackage: jest.fn(async () => ({
      package: stackyard,
      stacks: {
        items: [
          {
            stackRef: 'local:organization/site-c/dev',
            backendId: 'local',
            project: 'site-c',
            stack: 'dev',
            version: '0.1.0',
            outdated: true,
            owner: 'group:default/team-b',
          },
        ],
      },
    })),
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
      <RegistryView />
    </TestApiProvider>,
    {
      mountedRoutes: {
        '/pulumi': rootRouteRef,
        '/catalog/:namespace/:kind/:name': entityRouteRef,
      },
    },
  );

describe('RegistryView', () => {
  it('charts the versions of each package and counts its outdated stacks', async () => {
    await render(stubs());
    expect(
      await screen.findByRole('img', {
        name: 'Stacks per package version: 1 packages, 2 outdated uses',
      }),
    ).toBeInTheDocument();
    const row = screen
      .getByRole('button', { name: 'stackyard' })
      .closest('tr')!;
    expect(within(row).getByText('0.1.0 · outdated')).toBeInTheDocument();
    expect(row).toHaveTextContent(/0\.2\.0.*0\.2\.0.*3.*2$/);
    expect(screen.getByText('stackyard:index:StaticSite')).toBeInTheDocument();
  });

  it('lists the templates the stacks were created from, with the stacks of each version', async () => {
    await render(stubs());
    const link = await screen.findByRole('link', {
      name: 'service-environment',
    });
    expect(link).toHaveAttribute(
      'href',
      '/create/templates/default/pulumi-template-service-environment',
    );
    const row = link.closest('tr')!;
    expect(within(row).getByText('v2 · 3 stacks')).toBeInTheDocument();
    expect(within(row).getByText('v1 · 1 stack')).toBeInTheDocument();
  });

  it('drills down to the stacks of a package, for an owner', async () => {
    const stubbed = stubs();
    await render(stubbed);
    await userEvent.click(
      await screen.findByRole('button', { name: 'stackyard' }),
    );
    const link = await screen.findByRole('link', { name: 'site-c/dev' });
    expect(link).toHaveAttribute('href', '/pulumi/stacks/local/site-c/dev');
    expect(stubbed.api.getRegistryPackage).toHaveBeenCalledWith('stackyard', {
      owner: undefined,
      limit: 25,
      cursor: undefined,
    });
    await userEvent.click(screen.getByLabelText('Owner'));
    await userEvent.click(
      await screen.findByRole('option', { name: 'group:default/team-b' }),
    );
    await waitFor(() =>
      expect(stubbed.api.listRegistryPackages).toHaveBeenLastCalledWith({
        owner: 'group:default/team-b',
        limit: 500,
      }),
    );
    expect(stubbed.api.listRegistryTemplates).toHaveBeenLastCalledWith({
      owner: 'group:default/team-b',
      limit: 500,
    });
  });
});
