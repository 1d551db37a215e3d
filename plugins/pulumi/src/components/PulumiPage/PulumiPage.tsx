import { Header, Page, TabbedLayout } from '@backstage/core-components';
import Grid from '@material-ui/core/Grid';
import { Route, Routes } from 'react-router-dom';
import { DriftDashboard } from '../DriftDashboard';
import { RegistryView } from '../RegistryView';
import { ServicesView } from '../ServicesView';
import { StackPage } from '../StackPage';
import { StacksExplorer } from '../StacksExplorer';
import { EngineCard } from './EngineCard';

const PulumiHome = () => (
  <Page themeId="tool">
    <Header
      title="Pulumi"
      subtitle="Stacks, drift and self-service infrastructure"
    />
    <TabbedLayout>
      <TabbedLayout.Route path="/" title="Stacks">
        <Grid container spacing={3}>
          <Grid item xs={12}>
            <StacksExplorer />
          </Grid>
          <Grid item xs={12} md={6}>
            <EngineCard />
          </Grid>
        </Grid>
      </TabbedLayout.Route>
      <TabbedLayout.Route path="/services" title="Services">
        <ServicesView />
      </TabbedLayout.Route>
      <TabbedLayout.Route path="/drift" title="Drift">
        <DriftDashboard />
      </TabbedLayout.Route>
      <TabbedLayout.Route path="/registry" title="Registry">
        <RegistryView />
      </TabbedLayout.Route>
    </TabbedLayout>
  </Page>
);

/**
 * The Pulumi page: the stacks explorer, the services and their stacks, the drift dashboard, the usage
 * registry, and one
 * page per stack (`stacks/:backendId/:project/:stack`, and `…/drift` and the other sections).
 *
 * @public
 */
export const PulumiPage = () => (
  <Routes>
    <Route
      path="/stacks/:backendId/:project/:stack/*"
      element={<StackPage />}
    />
    <Route path="/*" element={<PulumiHome />} />
  </Routes>
);
