import { isIsoTimestamp, toIso, toMillis } from './util';

describe('isIsoTimestamp', () => {
  it.each([
    '2026-11-20T10:00:00.000Z',
    '2026-11-20T10:00:00Z',
    '2024-02-29T23:59:59.999999+05:30',
  ])('accepts %s', text => {
    expect(isIsoTimestamp(text)).toBe(true);
  });

  it.each([
    '2020-13-45T99:99:99Z',
    '2021-02-29T10:00:00Z',
    '2026-04-31T10:00:00Z',
    '2026-11-20T24:00:00Z',
    '2026-11-20T10:60:00Z',
    '2026-11-20T10:00:60Z',
    '2026-11-20T10:00:00+24:00',
    '2026-11-20 10:00:00',
    'yesterday',
  ])('refuses %s', text => {
    expect(isIsoTimestamp(text)).toBe(false);
  });
});

describe('toMillis', () => {
  it.each([
    new Date('2026-11-20T10:00:00.000Z'),
    Date.parse('2026-11-20T10:00:00.000Z'),
    '2026-11-20T10:00:00.000Z',
    '2026-11-20T12:00:00+02:00',
    '2026-11-20 10:00:00',
  ])('reads %s as toIso does', value => {
    expect(toMillis(value)).toBe(Date.parse(toIso(value)!));
    expect(toMillis(value)).toBe(Date.parse('2026-11-20T10:00:00.000Z'));
  });

  it('is NaN for what is not a time', () => {
    expect(toMillis('yesterday')).toBeNaN();
  });
});

describe('toIso', () => {
  it.each([
    ['2026-11-20T10:00:00.000Z', '2026-11-20T10:00:00.000Z'],
    ['2026-11-20T12:00:00+02:00', '2026-11-20T10:00:00.000Z'],
    ['2026-11-20 10:00:00', '2026-11-20T10:00:00.000Z'],
    [Date.parse('2026-11-20T10:00:00.000Z'), '2026-11-20T10:00:00.000Z'],
    ['yesterday', 'yesterday'],
  ])('writes %s as %s', (value, iso) => {
    expect(toIso(value)).toBe(iso);
  });
});
