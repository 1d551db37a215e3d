/**
 * The stack tag that overrides, for one stack, how often it is checked for drift (`pulumi.drift.interval`
 * in app config). Its value is a whole number of minutes, hours or days, such as `15m`, `6h` or `1d`, or
 * `off` for no scheduled checks; manual checks stay possible either way.
 *
 * @public
 */
export const PULUMI_DRIFT_INTERVAL_TAG = 'stackyard:drift-interval';

/**
 * What a stack tag name may be, as the Pulumi CLI checks it.
 *
 * @public
 */
export const PULUMI_TAG_NAME_PATTERN = /^[A-Za-z0-9_.:-]{1,40}$/;

const UNIT_SECONDS = { m: 60, h: 60 * 60, d: 24 * 60 * 60 } as const;
const MIN_SECONDS = 60;
const MAX_SECONDS = 90 * 24 * 60 * 60;

/**
 * The value of {@link PULUMI_DRIFT_INTERVAL_TAG}, read: a period in seconds, or 0 for `off`; or a message
 * that says what is wrong with it.
 *
 * @public
 */
export type ParsedDriftInterval =
  | { ok: true; seconds: number }
  | { ok: false; message: string };

/**
 * Reads a value of {@link PULUMI_DRIFT_INTERVAL_TAG}.
 *
 * @public
 */
export function parseDriftInterval(value: string): ParsedDriftInterval {
  const trimmed = value.trim().toLowerCase();
  if (trimmed === 'off') {
    return { ok: true, seconds: 0 };
  }
  const match = /^(\d{1,6})\s*([mhd])$/.exec(trimmed);
  if (!match) {
    return {
      ok: false,
      message: `${PULUMI_DRIFT_INTERVAL_TAG} must be a whole number of minutes, hours or days, such as 15m, 6h or 1d, or off; got ${JSON.stringify(
        value,
      )}`,
    };
  }
  const seconds =
    Number(match[1]) * UNIT_SECONDS[match[2] as keyof typeof UNIT_SECONDS];
  if (seconds < MIN_SECONDS || seconds > MAX_SECONDS) {
    return {
      ok: false,
      message: `${PULUMI_DRIFT_INTERVAL_TAG} must be between 1m and 90d; got ${JSON.stringify(
        value,
      )}`,
    };
  }
  return { ok: true, seconds };
}
