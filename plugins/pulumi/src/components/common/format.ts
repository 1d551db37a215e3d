import type { StackLocator } from '../../api';

/** "3 minutes ago", "in 2 hours": a time relative to now, for tables and cards. */
export function relativeTime(
  iso: string | undefined,
  now = Date.now(),
): string {
  if (!iso) return '—';
  const then = new Date(iso).getTime();
  if (Number.isNaN(then)) return '—';
  const seconds = Math.round((then - now) / 1000);
  const units: Array<[Intl.RelativeTimeFormatUnit, number]> = [
    ['day', 86400],
    ['hour', 3600],
    ['minute', 60],
    ['second', 1],
  ];
  const format = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
  for (const [unit, size] of units) {
    if (Math.abs(seconds) >= size || unit === 'second') {
      return format.format(Math.round(seconds / size), unit);
    }
  }
  return '—';
}

/** A duration in seconds as "45 s", "12 min", "3.5 h" or "2.1 days". */
export function duration(seconds: number | undefined): string {
  if (seconds === undefined || Number.isNaN(seconds)) return '—';
  if (seconds < 60) return `${Math.round(seconds)} s`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min`;
  if (seconds < 86400) return `${(seconds / 3600).toFixed(1)} h`;
  return `${(seconds / 86400).toFixed(1)} days`;
}

/** A stack as the API's routes name it. */
export function locator(stack: StackLocator): StackLocator {
  return {
    backendId: stack.backendId,
    project: stack.project,
    stack: stack.stack,
  };
}

/** A value of an output or a drifted property, as text. */
export function showValue(value: unknown): string {
  if (value === undefined) return '(none)';
  if (typeof value === 'string') return value;
  return JSON.stringify(value, null, 2);
}

/** The last part of a resource type, `aws:s3/bucket:Bucket` → `Bucket`, for narrow columns. */
export function shortType(type: string): string {
  return type.split(':').pop() ?? type;
}
