import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from '../e2e-tests/chromium';
import {
  CHECKOUT,
  privateAppWebServer,
  sharedPrivateApp,
} from '../e2e-tests/privateApp';

// The README's screenshots (docs/screenshots), taken by scripts/screenshots.sh in Debian's Chromium: the
// app that scripts/start.sh runs, on a fresh demo of its own (free ports, a temporary folder removed
// afterwards), so that the pictures show the demo's seeded stacks and nothing a test or a person added.
const app = sharedPrivateApp({ prefix: 'stackyard-screenshots-' });

export default defineConfig({
  testDir: __dirname,
  testMatch: 'readme.screenshots.ts',
  timeout: 900_000,
  expect: { timeout: 60_000 },
  workers: 1,
  retries: 0,
  reporter: [['list']],
  webServer: privateAppWebServer(app),
  use: {
    baseURL: app.appUrl,
    viewport: { width: 1280, height: 720 },
    launchOptions: chromiumLaunchOptions,
  },
  outputDir: `${CHECKOUT}/test-results/screenshots-run`,
});
