import { createApp } from '@backstage/frontend-defaults';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import { navModule } from './modules/nav';
import { signInModule } from './modules/signIn';

// The app on Backstage's new frontend system, as `@backstage/create-app` makes it. Every plugin package in
// package.json is discovered (`app.packages: all` in app-config.yaml), the Pulumi plugin through its
// `/alpha` export; the features named here are the app's own.
export default createApp({
  features: [catalogPlugin, navModule, signInModule],
});
