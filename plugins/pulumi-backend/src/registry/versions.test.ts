import {
  compareVersionsDescending,
  isOutdated,
  newestVersion,
} from './versions';

describe('registry versions', () => {
  it('orders versions newest first, semver-wise, with what is not semver last', () => {
    expect(
      ['0.9.0', '0.10.0', 'v1.0.0-rc.1', '1.0.0', 'main'].sort(
        compareVersionsDescending,
      ),
    ).toEqual(['1.0.0', 'v1.0.0-rc.1', '0.10.0', '0.9.0', 'main']);
    expect(newestVersion(['0.9.0', '0.10.0', 'main'])).toBe('0.10.0');
    expect(newestVersion(['main'])).toBeUndefined();
  });

  it('calls a version outdated below the newest in use or below the minimum', () => {
    expect(isOutdated('0.1.0', { latest: '0.2.0' })).toBe(true);
    expect(isOutdated('0.2.0', { latest: '0.2.0' })).toBe(false);
    expect(isOutdated('0.2.0', { latest: '0.2.0', minimum: '0.3.0' })).toBe(
      true,
    );
    expect(isOutdated('v6.1.0', { minimum: '6.0.0' })).toBe(false);
    expect(isOutdated('', { latest: '1.0.0' })).toBe(false);
    expect(isOutdated('main', { latest: '1.0.0' })).toBe(false);
  });
});
