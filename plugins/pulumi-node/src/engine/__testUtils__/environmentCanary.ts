/**
 * A variable of the test process, which stands in for the backend's, set for the tests of the calling
 * `describe` block: no program may see it. Returns its name.
 */
export function useEnvironmentCanary(): string {
  const canary = `STACKYARD_CANARY_${process.pid}`;
  beforeAll(() => {
    process.env[canary] = 'the backend process environment';
  });
  afterAll(() => {
    delete process.env[canary];
  });
  return canary;
}
