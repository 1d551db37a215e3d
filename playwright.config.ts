import { defineConfig } from '@playwright/test';
import { generateProjects } from '@backstage/e2e-test-utils/playwright';
import { chromiumLaunchOptions } from './packages/app/e2e-tests/chromium';
import {
  privateAppWebServer,
  sharedPrivateApp,
} from './packages/app/e2e-tests/privateApp';

// End-to-end tests run in Debian's Chromium (scripts/test.sh installs it and sets STACKYARD_CHROMIUM);
// Playwright never downloads a browser. The app under test is the one the README's start command runs,
// but an app of its own: on free ports, with its data and copies of the example projects in a temporary
// folder that is removed afterwards, so the tests never write into the demo a person runs (privateApp.ts).
const app = sharedPrivateApp({ prefix: 'stackyard-e2e-' });

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
    baseURL: app.appUrl,
    screenshot: 'only-on-failure',
    launchOptions: chromiumLaunchOptions,
  },

  outputDir: 'test-results/e2e',

  projects: generateProjects().map(project => ({
    ...project,
    use: { ...project.use, channel: undefined },
  })),
});
