// How Stackyard drives a browser, for the end-to-end tests (playwright.config.ts) and the benchmarks
// (packages/*/bench): Debian's Chromium (scripts/lib/bootstrap.sh installs it and sets STACKYARD_CHROMIUM),
// never a downloaded one, headless and without the network calls a browser makes on its own.
export const chromiumLaunchOptions = {
  executablePath: process.env.STACKYARD_CHROMIUM ?? '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--no-first-run',
  ],
};
