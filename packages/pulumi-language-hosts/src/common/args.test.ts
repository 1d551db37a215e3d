import { parseArgs } from './args';

describe('parseArgs', () => {
  it('takes the engine address after the flags the engine passes', () => {
    expect(
      parseArgs([
        '--logtostderr',
        '-v=9',
        '--tracing',
        'http://127.0.0.1:9411',
        '127.0.0.1:4000',
      ]),
    ).toEqual({
      engineAddress: '127.0.0.1:4000',
      tracing: 'http://127.0.0.1:9411',
      runtime: 'nodejs',
      showVersion: false,
      logToStderr: true,
      verbose: 9,
    });
  });

  it('accepts single and double dashes, and values after = or as the next argument', () => {
    expect(parseArgs(['-runtime', 'bun', '--tracing=x', 'addr'])).toMatchObject(
      {
        runtime: 'bun',
        tracing: 'x',
        engineAddress: 'addr',
      },
    );
  });

  it('ignores flags it does not know, such as older engines pass', () => {
    expect(
      parseArgs(['-root=/p', '-typescript', '-logflow', 'addr']),
    ).toMatchObject({
      engineAddress: 'addr',
      runtime: 'nodejs',
    });
    expect(parseArgs(['-root', '/p', 'addr']).engineAddress).toBe('addr');
  });

  it('stops at -- and works without an engine address', () => {
    expect(parseArgs(['--', '-odd-address']).engineAddress).toBe(
      '-odd-address',
    );
    expect(parseArgs([])).toMatchObject({
      engineAddress: undefined,
      verbose: 0,
    });
    expect(parseArgs(['--version']).showVersion).toBe(true);
  });
});
