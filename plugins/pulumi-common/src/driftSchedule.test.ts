import { parseDriftInterval } from './driftSchedule';

describe('parseDriftInterval', () => {
  it.each([
    ['15m', 900],
    ['6h', 21600],
    ['1d', 86400],
    [' 2H ', 7200],
    ['off', 0],
    ['OFF', 0],
    ['90d', 90 * 86400],
  ])('reads %j as %d seconds', (value, seconds) => {
    expect(parseDriftInterval(value)).toEqual({ ok: true, seconds });
  });

  it.each([
    ['', /whole number/],
    ['15', /whole number/],
    ['1.5h', /whole number/],
    ['-1h', /whole number/],
    ['PT15M', /whole number/],
    ['never', /whole number/],
    ['0m', /between 1m and 90d/],
    ['91d', /between 1m and 90d/],
  ])('refuses %j, saying why', (value, message) => {
    const parsed = parseDriftInterval(value);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.message).toMatch(message);
    expect(!parsed.ok && parsed.message).toContain('stackyard:drift-interval');
  });
});
