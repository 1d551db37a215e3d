import { mockServices } from '@backstage/backend-test-utils';
import type { Request } from 'express';
import { ReadDecisions, readDecisionTtlMs } from './readDecisions';

const withHeader = (authorization?: string) =>
  ({ headers: authorization ? { authorization } : {} } as Request);

describe('ReadDecisions', () => {
  it('decides once per bearer token and key within its time to live', async () => {
    const decide = jest.fn(async () => 'allow');
    const reads = new ReadDecisions<string>(60_000);
    await reads.get(withHeader('Bearer one'), 'k', decide);
    await reads.get(withHeader('Bearer one'), 'k', decide);
    expect(decide).toHaveBeenCalledTimes(1);
    await reads.get(withHeader('Bearer two'), 'k', decide);
    await reads.get(withHeader('Bearer one'), 'other', decide);
    expect(decide).toHaveBeenCalledTimes(3);
  });

  it('decides every time without a bearer token, or with no time to live', async () => {
    const decide = jest.fn(async () => 'allow');
    for (const [reads, req] of [
      [new ReadDecisions<string>(60_000), withHeader()],
      [new ReadDecisions<string>(60_000), withHeader('Basic eDp5')],
      [new ReadDecisions<string>(0), withHeader('Bearer one')],
    ] as const) {
      await reads.get(req, 'k', decide);
      await reads.get(req, 'k', decide);
    }
    expect(decide).toHaveBeenCalledTimes(6);
  });

  it('asks again after a refusal', async () => {
    const reads = new ReadDecisions<string>(60_000);
    const refuse = jest.fn(async () => {
      throw new Error('refused');
    });
    await expect(
      reads.get(withHeader('Bearer one'), 'k', refuse),
    ).rejects.toThrow();
    await expect(
      reads.get(withHeader('Bearer one'), 'k', refuse),
    ).rejects.toThrow();
    expect(refuse).toHaveBeenCalledTimes(2);
  });

  it('reads its time to live from config, 2 seconds by default', () => {
    const ttl = (data: object) =>
      readDecisionTtlMs(mockServices.rootConfig({ data }));
    expect(ttl({})).toBe(2000);
    expect(ttl({ pulumi: { permissions: { readDecisionSeconds: 0 } } })).toBe(
      0,
    );
    expect(ttl({ pulumi: { permissions: { readDecisionSeconds: 10 } } })).toBe(
      10_000,
    );
  });
});
