// Closed-loop load: N clients, each sending its next request only when the last one has answered, over a
// list of views, each a sequence of GET requests, as a browser that opens the view asks for them. Bounded
// in time and in count, and each request by a timeout, so that a stuck backend cannot hold the run.
import http from 'node:http';
// The benchmarks' shared helpers: bench files are not part of any package's build or API.
// eslint-disable-next-line @backstage/no-relative-monorepo-imports
import { random } from '../../../plugins/pulumi-backend/bench/benchUtils';

/** What a route's path may draw on: a random number, and what the requests of this visit noted. */
export interface VisitContext {
  pick: () => number;
  visit: Record<string, string>;
}

/** One request of a view: its name in the report, and the path (with query) to ask for. */
export interface LoadRoute {
  name: string;
  path: (context: VisitContext) => string;
}

/** A view: the requests that opening it sends, in order. */
export interface LoadView {
  name: string;
  routes: LoadRoute[];
}

/** What one route (or all of them) did during a run. */
export interface RouteFigures {
  name: string;
  requests: number;
  errors: number;
  perSecond: number;
  p50: number;
  p95: number;
  p99: number;
  meanBytes: number;
  /** The first few errors, for the report. */
  samples: string[];
}

interface Tally {
  latencies: number[];
  bytes: number;
  errors: number;
  samples: string[];
}

function get(
  agent: http.Agent,
  url: URL,
  token: string,
  timeoutMs: number,
): Promise<{ status: number; bytes: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get(
      url,
      { agent, headers: { authorization: `Bearer ${token}` } },
      res => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const body = Buffer.concat(chunks);
          resolve({
            status: res.statusCode ?? 0,
            bytes: body.length,
            body: res.statusCode === 200 ? '' : body.toString('utf8', 0, 300),
          });
        });
        res.on('error', reject);
      },
    );
    req.setTimeout(timeoutMs, () =>
      req.destroy(new Error(`no answer in ${timeoutMs} ms`)),
    );
    req.on('error', reject);
  });
}

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

function figures(name: string, tally: Tally, seconds: number): RouteFigures {
  const sorted = [...tally.latencies].sort((a, b) => a - b);
  const requests = sorted.length;
  return {
    name,
    requests,
    errors: tally.errors,
    perSecond: requests / seconds,
    p50: quantile(sorted, 0.5),
    p95: quantile(sorted, 0.95),
    p99: quantile(sorted, 0.99),
    meanBytes: requests ? tally.bytes / requests : 0,
    samples: tally.samples,
  };
}

/**
 * Runs `clients` closed-loop clients against `baseUrl` for `durationMs`, or until `maxRequests` were sent.
 * Client i opens the views in turn, starting at view i, and sends each view's requests one after another.
 * A request fails when it does not answer 200 within `timeoutMs`. Returns the figures of each route and,
 * last, of all requests together.
 */
export async function runClosedLoop(options: {
  baseUrl: string;
  /** The clients' bearer tokens: client i sends the i-th, round the list. */
  tokens: string[];
  views: LoadView[];
  clients: number;
  durationMs: number;
  maxRequests: number;
  timeoutMs: number;
}): Promise<{ seconds: number; routes: RouteFigures[]; all: RouteFigures }> {
  const agent = new http.Agent({
    keepAlive: true,
    maxSockets: options.clients,
  });
  const tallies = new Map<string, Tally>();
  const all: Tally = { latencies: [], bytes: 0, errors: 0, samples: [] };
  for (const route of options.views.flatMap(v => v.routes)) {
    tallies.set(route.name, {
      latencies: [],
      bytes: 0,
      errors: 0,
      samples: [],
    });
  }
  const started = performance.now();
  const deadline = started + options.durationMs;
  let sent = 0;
  const more = () => performance.now() < deadline && sent < options.maxRequests;

  const record = (route: LoadRoute, ms: number, bytes: number, error = '') => {
    for (const tally of [tallies.get(route.name)!, all]) {
      tally.latencies.push(ms);
      tally.bytes += bytes;
      if (error) {
        tally.errors += 1;
        if (tally.samples.length < 3) tally.samples.push(error);
      }
    }
  };

  const client = async (index: number) => {
    const pick = random(index + 1);
    const token = options.tokens[index % options.tokens.length];
    for (let turn = index; more(); turn++) {
      const view = options.views[turn % options.views.length];
      const context: VisitContext = { pick, visit: {} };
      for (const route of view.routes) {
        if (!more()) return;
        sent += 1;
        const url = new URL(`${options.baseUrl}${route.path(context)}`);
        const t0 = performance.now();
        try {
          const res = await get(agent, url, token, options.timeoutMs);
          const failed =
            res.status === 200
              ? ''
              : `${res.status} ${url.pathname}: ${res.body}`;
          record(route, performance.now() - t0, res.bytes, failed);
        } catch (error) {
          record(route, performance.now() - t0, 0, String(error));
        }
      }
    }
  };
  await Promise.all(
    Array.from({ length: options.clients }, (_, i) => client(i)),
  );
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  return {
    seconds,
    routes: [...tallies].map(([name, tally]) => figures(name, tally, seconds)),
    all: figures('all routes', all, seconds),
  };
}
