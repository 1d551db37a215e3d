import type { RootConfigService } from '@backstage/backend-plugin-api';
import { createHash } from 'node:crypto';
import type { Request } from 'express';
import { TtlCache } from '../util/ttlCache';

/** The most decisions kept: one per caller and question of the last few seconds. */
const MAX_ENTRIES = 10_000;

/**
 * How long the permission policy's decision to let a caller read is reused for the same caller's
 * requests: `pulumi.permissions.readDecisionSeconds`, 2 by default, 0 for never.
 */
export function readDecisionTtlMs(config: RootConfigService): number {
  const seconds =
    config.getOptionalNumber('pulumi.permissions.readDecisionSeconds') ?? 2;
  return Math.max(0, seconds) * 1000;
}

/**
 * The permission policy's read decisions of the last few seconds, by caller and what was asked. A page
 * sends its requests together, and each would otherwise ask the permission backend again: a signed
 * token, a round trip and two token checks for the same answer. Only reads are reused: every change is
 * asked anew. A decision that failed is not kept.
 *
 * A caller is the exact bearer token of the request, which the request's own authentication still
 * checks every time: a token that expires or is refused stops being served at once. Requests without a
 * bearer token are decided every time.
 */
export class ReadDecisions<T> {
  private readonly cache: TtlCache<T>;

  constructor(private readonly ttlMs: number) {
    this.cache = new TtlCache({ ttlMs, maxEntries: MAX_ENTRIES });
  }

  /** `decide`'s result for this caller and `key`, decided again after the time to live. */
  get(req: Request, key: string, decide: () => Promise<T>): Promise<T> {
    const caller = this.ttlMs > 0 ? bearerHash(req) : undefined;
    if (!caller) return decide();
    return this.cache.get(`${caller}\n${key}`, decide);
  }
}

/** A hash of the request's bearer token, so that no token is kept. */
function bearerHash(req: Request): string | undefined {
  const header = req.headers.authorization;
  if (!header?.toLocaleLowerCase('en-US').startsWith('bearer ')) {
    return undefined;
  }
  return createHash('sha256').update(header).digest('base64url');
}
