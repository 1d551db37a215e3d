import { convertLegacyRouteRef } from '@backstage/core-compat-api';
import {
  ApiBlueprint,
  coreExtensionData,
} from '@backstage/frontend-plugin-api';
import {
  createExtensionTester,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { screen } from '@testing-library/react';
import { makeEntity, makeStack } from './__testUtils__/fixtures';
import plugin from './alpha';
import { pulumiApiRef } from './api';
import { rootRouteRef } from './routes';

const annotated = makeEntity('organization/website');
const plain = makeEntity();

describe('the Pulumi plugin for the new frontend system', () => {
  it('is the pulumi plugin', () => {
    expect(plugin.pluginId).toBe('pulumi');
  });

  it('shows the stacks card only on entities with the annotation', () => {
    const tester = createExtensionTester(
      plugin.getExtension('entity-card:pulumi/stacks'),
    );
    const filter = tester.get(EntityCardBlueprint.dataRefs.filterFunction);
    expect(filter).toBeDefined();
    expect(filter!(annotated)).toBe(true);
    expect(filter!(plain)).toBe(false);
  });

  it('renders the stacks card of an entity', async () => {
    const tester = createExtensionTester(
      plugin.getExtension('entity-card:pulumi/stacks'),
    );
    const listStacks = jest.fn(async () => ({
      items: [makeStack({ stack: 'prod' })],
    }));
    renderInTestApp(
      <EntityProvider entity={annotated}>
        {tester.reactElement()}
      </EntityProvider>,
      {
        // The card links to the stack pages of the plugin's page.
        mountedRoutes: { '/pulumi': convertLegacyRouteRef(rootRouteRef) },
        apis: [
          [
            pulumiApiRef,
            {
              listStacks,
              getStack: async () => ({
                ...makeStack(),
                outputs: {},
                stackReferences: [],
              }),
              listRuns: async () => [],
            },
          ],
        ],
      },
    );
    expect(await screen.findByText('Pulumi stacks')).toBeInTheDocument();
    expect(
      await screen.findByRole('link', { name: 'website/prod' }),
    ).toHaveAttribute('href', '/pulumi/stacks/local/website/prod');
    expect(listStacks).toHaveBeenCalledWith({
      entityRef: 'component:default/website',
      limit: 100,
    });
  });

  it('adds a Pulumi tab only on entities with the annotation', () => {
    const tester = createExtensionTester(
      plugin.getExtension('entity-content:pulumi/stacks'),
    );
    expect(tester.get(EntityContentBlueprint.dataRefs.title)).toBe('Pulumi');
    expect(tester.get(coreExtensionData.routePath)).toBe('/pulumi');
    const filter = tester.get(EntityContentBlueprint.dataRefs.filterFunction);
    expect(filter).toBeDefined();
    expect(filter!(annotated)).toBe(true);
    expect(filter!(plain)).toBe(false);
  });

  it('has a page at /pulumi and the API', () => {
    const page = createExtensionTester(plugin.getExtension('page:pulumi'));
    expect(page.get(coreExtensionData.routePath)).toBe('/pulumi');
    const api = createExtensionTester(plugin.getExtension('api:pulumi'));
    expect(api.get(ApiBlueprint.dataRefs.factory).api).toBe(pulumiApiRef);
  });
});
