/**
 * The stack tag that gives a stack a time to live: a duration from the stack's creation, a whole number of
 * minutes, hours or days such as `12h` or `7d`, or an RFC 3339 time such as `2026-12-31T18:00:00Z`. At its
 * end, Stackyard destroys the stack, removes it, unpublishes its project and unregisters its entities.
 *
 * @public
 */
export const PULUMI_TTL_TAG = 'stackyard:ttl';

/**
 * Who asks for the runs that end stacks whose time to live is up.
 *
 * @public
 */
export const PULUMI_TTL_REQUESTER = 'stackyard:ttl';

/**
 * The value of {@link PULUMI_TTL_TAG}, read: a time from the stack's creation, or a fixed time; or a
 * message that says what is wrong with it.
 *
 * @public
 */
export type ParsedStackTtl =
  | { ok: true; afterCreationMs: number }
  | { ok: true; at: Date }
  | { ok: false; message: string };

const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
const RFC_3339 =
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/i;

/**
 * Reads a value of {@link PULUMI_TTL_TAG}.
 *
 * @public
 */
export function parseStackTtl(value: string): ParsedStackTtl {
  const trimmed = value.trim();
  const duration = /^(\d{1,5})\s*([mhd])$/i.exec(trimmed);
  if (duration) {
    const ms =
      Number(duration[1]) *
      UNIT_MS[duration[2].toLowerCase() as keyof typeof UNIT_MS];
    return ms > 0
      ? { ok: true, afterCreationMs: ms }
      : { ok: false, message: `${PULUMI_TTL_TAG} must be longer than 0` };
  }
  const at = new Date(trimmed);
  if (RFC_3339.test(trimmed) && !Number.isNaN(at.getTime())) {
    return { ok: true, at };
  }
  return {
    ok: false,
    message: `${PULUMI_TTL_TAG} must be a duration from the stack's creation, such as 12h or 7d, or an RFC 3339 time such as 2026-12-31T18:00:00Z; got ${JSON.stringify(
      value,
    )}`,
  };
}

/**
 * Where a stack's time to live stands:
 * - `active`: it ends at `expiresAt`;
 * - `warned`: its owners were told that it ends soon;
 * - `expiring`: the destroy that ends it runs;
 * - `ttl_failed`: that destroy, or what follows it, failed; `message` says why. It is not tried again
 *   until the time to live changes;
 * - `invalid`: the tag cannot be read, or the stack is protected, which a time to live never destroys.
 *
 * @public
 */
export type PulumiStackTtlStatus =
  | 'active'
  | 'warned'
  | 'expiring'
  | 'ttl_failed'
  | 'invalid';

/**
 * A stack's time to live, as the API returns it.
 *
 * @public
 */
export interface PulumiStackTtl {
  stackRef: string;
  /** The tag's value. */
  tag: string;
  status: PulumiStackTtlStatus;
  /** When the stack is destroyed; absent for an invalid tag. */
  expiresAt?: string;
  /** For `ttl_failed` and `invalid`: why. */
  message?: string;
  /** For `expiring` and `ttl_failed`: the destroy run. */
  runId?: string;
}
