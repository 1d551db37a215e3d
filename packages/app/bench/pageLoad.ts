// One load of a view in Chromium, for firstPaint.bench.ts: from about:blank (a new document with a warm HTTP
// cache and a signed-in session, as when a user opens the page again) until the view's data is painted.
//
// The times come from the page itself, measured from navigation start: a mutation observer notes when each
// probe's element first exists, and the frame after that is when it is painted. The API times are the
// browser's resource timing of the requests to the backend.
import { Page } from '@playwright/test';

/** The elements each view is measured by, as the views render them. */
export const PROBES = {
  row: 'table[aria-label="stacks"] tbody tr a[href*="/pulumi/stacks/"]',
  counts: '[data-testid="count-drifted"]',
  chart: 'svg[aria-label^="Drifted stacks per day"]',
  item: 'ul[aria-label="drifted stacks"] > li',
};
export type Probe = keyof typeof PROBES;

/** A view of the plugin, and what is reported of it. */
export interface View {
  name: string;
  path: string;
  /** Each the time of a probe or the last of several. */
  metrics: Array<{ label: string; probes: Probe[] }>;
  /** The probes whose last one is the view's data on screen, the figure with a goal. */
  data: Probe[];
}

/** What one load measured. */
export interface Load {
  fcp: number;
  marks: Record<Probe, number | undefined>;
  heapMb: number;
  requests: Array<{ name: string; duration: number; end: number }>;
}

/** Runs in every document before the app: notes when each probe's element appears, then is painted. */
export function installProbes(probes: Record<string, string>) {
  const marks: Record<string, number> = {};
  (window as any).__stackyardBench = marks;
  const seen = new Set<string>();
  const check = () => {
    for (const [name, selector] of Object.entries(probes)) {
      if (!seen.has(name) && document.querySelector(selector)) {
        seen.add(name);
        // The element is in the DOM; the next frame paints it.
        requestAnimationFrame(() =>
          setTimeout(() => {
            marks[name] = performance.now();
          }, 0),
        );
      }
    }
  };
  new MutationObserver(check).observe(document, {
    childList: true,
    subtree: true,
  });
}

/** Signs in as the guest, as a user does on the sign-in page. */
export async function signIn(page: Page) {
  await page.goto('/');
  await page.getByRole('button', { name: 'Enter' }).click({ timeout: 120_000 });
  await page
    .getByText('Stackyard Demo Catalog')
    .waitFor({ state: 'visible', timeout: 60_000 });
}

/** Loads `view` once, and returns its times from navigation start, its live heap and its API requests. */
export async function loadView(
  page: Page,
  view: View,
  backendUrl: string,
): Promise<Load> {
  await page.goto('about:blank');
  const cdp = await page.context().newCDPSession(page);
  // The renderer keeps the garbage of the earlier loads; collected now, it neither slows this load down
  // nor counts in its heap.
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('Performance.enable');
  await page.goto(view.path, { waitUntil: 'commit' });
  const probes = [
    ...new Set([...view.data, ...view.metrics.flatMap(m => m.probes)]),
  ];
  for (const probe of probes) {
    await page
      .locator(PROBES[probe])
      .first()
      .waitFor({ state: 'visible', timeout: 120_000 });
  }
  await page.waitForFunction(
    (names: string[]) =>
      names.every(n => (window as any).__stackyardBench?.[n] !== undefined),
    probes,
  );
  await cdp.send('HeapProfiler.collectGarbage');
  const { metrics } = await cdp.send('Performance.getMetrics');
  await cdp.detach();
  // The requests that the view makes after its first paint (owners, permissions) count too.
  await page
    .waitForLoadState('networkidle', { timeout: 10_000 })
    .catch(() => {});
  const measured = await page.evaluate((backend: string) => {
    const fcp = performance.getEntriesByName('first-contentful-paint')[0];
    return {
      fcp: fcp?.startTime ?? NaN,
      marks: { ...(window as any).__stackyardBench },
      requests: performance
        .getEntriesByType('resource')
        .filter(r => r.name.startsWith(`${backend}/api/`))
        .map(r => ({
          name: r.name.slice(backend.length),
          duration: r.duration,
          end: (r as PerformanceResourceTiming).responseEnd,
        })),
    };
  }, backendUrl);
  const heap = metrics.find(m => m.name === 'JSHeapUsedSize')?.value ?? NaN;
  return { ...measured, heapMb: heap / 2 ** 20 };
}
