import { defineConfig } from '@playwright/test';
import { generateProjects } from '@backstage/e2e-test-utils/playwright';
import { chromiumLaunchOptions } from './packages/app/e2e-tests/chromium';

// End-to-end tests run in Debian's Chromium (scripts/test.sh installs it and sets STACKYARD_CHROMIUM);
// Playwright never downloads a browser. The app under test is the one the README's start command runs.

export default defineConfig({
  timeout: 120_000,
  expect: { timeout: 30_000 },
  workers: 1,
  forbidOnly: !!process.env.CI,
  retries: 0,
  reporter: [
    ['list'],
    ['html', { open: 'never', outputFolder: 'e2e-test-report' }],
  ],

  webServer: {
    command: 'scripts/start.sh',
    url: 'http://localhost:7007/.backstage/health/v1/readiness',
    reuseExistingServer: !process.env.CI,
    // The first start compiles the app; on two cores that takes a few minutes.
    timeout: 600_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },

  use: {
    baseURL: process.env.PLAYWRIGHT_URL ?? 'http://localhost:3000',
    screenshot: 'only-on-failure',
    launchOptions: chromiumLaunchOptions,
  },

  outputDir: 'test-results/e2e',

  projects: generateProjects().map(project => ({
    ...project,
    use: { ...project.use, channel: undefined },
  })),
});
