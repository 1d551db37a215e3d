import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from './packages/app/e2e-tests/chromium';
import {
  privateAppWebServer,
  sharedPrivateApp,
} from './packages/app/e2e-tests/privateApp';

// End-to-end tests run in Debian's Chromium (scripts/test.sh installs it and sets STACKYARD_CHROMIUM);
// Playwright never downloads a browser. The app under test is the one the README's start command runs,
// but an app of its own: on free ports, with its data and copies of the example projects in a temporary
// folder that is removed afterwards, so the tests never write into the demo a person runs (privateApp.ts).
// One backend serves both apps: the app on Backstage's new frontend system (packages/app) and the legacy
// one (packages/app-legacy). Every spec in packages/app/e2e-tests runs once against each, as a project.
const app = sharedPrivateApp({ prefix: 'stackyard-e2e-', legacyApp: true });
const testDir = './packages/app/e2e-tests';

export default defineConfig({
  timeout: 120_000,
  // A hang fails the run instead of holding CI until its limit.
  globalTimeout: 30 * 60_000,
  expect: { timeout: 30_000 },
  workers: 1,
  forbidOnly: !!process.env.CI,
  retries: 0,
  reporter: [
    ['list'],
    ['html', { open: 'never', outputFolder: 'e2e-test-report' }],
  ],

  webServer: privateAppWebServer(app),

  use: {
    screenshot: 'only-on-failure',
    launchOptions: chromiumLaunchOptions,
  },

  outputDir: 'test-results/e2e',

  projects: [
    { name: 'app', testDir, use: { baseURL: app.appUrl } },
    { name: 'app-legacy', testDir, use: { baseURL: app.legacyAppUrl } },
  ],
});
