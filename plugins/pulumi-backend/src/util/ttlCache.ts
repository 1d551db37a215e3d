/** How long a {@link TtlCache} serves a value again, and how many it keeps. */
export interface TtlCacheOptions {
  ttlMs: number;
  maxEntries: number;
  now?: () => number;
}

/**
 * Values computed at most once per key for `ttlMs`, also for the callers that come while one is being
 * computed. A failed computation is not kept: the next caller computes it again. Past `maxEntries`, the
 * least recently stored go first.
 */
export class TtlCache<V> {
  private readonly entries = new Map<
    string,
    { at: number; value: Promise<V> }
  >();
  private readonly now: () => number;

  constructor(private readonly options: TtlCacheOptions) {
    this.now = options.now ?? Date.now;
  }

  get(key: string, compute: () => Promise<V>): Promise<V> {
    const known = this.entries.get(key);
    if (known && this.now() - known.at < this.options.ttlMs) return known.value;
    const value = compute();
    this.entries.delete(key);
    this.entries.set(key, { at: this.now(), value });
    value.catch(() => {
      if (this.entries.get(key)?.value === value) this.entries.delete(key);
    });
    if (this.entries.size > this.options.maxEntries) {
      this.entries.delete(this.entries.keys().next().value as string);
    }
    return value;
  }

  clear(): void {
    this.entries.clear();
  }
}
