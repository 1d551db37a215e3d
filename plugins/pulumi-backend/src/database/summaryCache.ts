import type { PulumiDriftSummary } from '@stackyard/plugin-pulumi-common';
import { createHash } from 'node:crypto';
import { TtlCache } from '../util/ttlCache';
import type { DriftSummaryOptions } from './driftSummary';

/** How long a summary is served again: what another replica's writes may take to show. */
const TTL_MS = 5_000;

/** The most summaries kept: one per scope (every stack, or one set of readable stacks) and window. */
const MAX_ENTRIES = 200;

/**
 * The drift summaries of the last few seconds, by scope and window. A dashboard under load asks for the
 * same summary many times a second, and each reads every drifted stack's checks: this computes it once
 * per scope and window, also for requests that come while it is being computed. This process's writes
 * clear it ({@link SummaryCache.clear}); those of other replicas show within {@link TTL_MS}.
 */
export class SummaryCache {
  private readonly cache: TtlCache<PulumiDriftSummary>;

  constructor(now: () => number = Date.now) {
    this.cache = new TtlCache({ ttlMs: TTL_MS, maxEntries: MAX_ENTRIES, now });
  }

  get(
    options: DriftSummaryOptions,
    compute: () => Promise<PulumiDriftSummary>,
  ): Promise<PulumiDriftSummary> {
    return this.cache.get(cacheKey(options), compute);
  }

  clear(): void {
    this.cache.clear();
  }
}

/** The scope and the window's length, in seconds: the same request a moment later finds it. */
function cacheKey(options: DriftSummaryOptions): string {
  const windowSeconds = Math.round(
    (options.now.getTime() - options.since.getTime()) / 1000,
  );
  const scope = options.stackRefs
    ? createHash('sha256')
        .update([...options.stackRefs].sort().join('\n'))
        .digest('hex')
    : '*';
  return `${windowSeconds}:${scope}`;
}
