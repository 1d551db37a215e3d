import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { PulumiStackTtl } from '@stackyard/plugin-pulumi-common';
import { SWRConfig } from 'swr';
import { PulumiApi, pulumiApiRef } from '../../api';
import { TtlBanner } from './TtlBanner';

const stack = { backendId: 'local', project: 'site', stack: 'dev' };
const stackRef = 'local:organization/site/dev';
const inDays = (days: number) =>
  new Date(Date.now() + days * 86_400_000 + 60_000).toISOString();

async function render(ttl: PulumiStackTtl | undefined, canOperate = true) {
  const api = {
    getTtl: jest.fn(async () => ttl),
    extendTtl: jest.fn(async () => ({ ...ttl!, expiresAt: inDays(10) })),
  } satisfies Partial<PulumiApi>;
  await renderInTestApp(
    <SWRConfig value={{ provider: () => new Map() }}>
      <TestApiProvider
        apis={[
          [pulumiApiRef, api],
          [
            permissionApiRef,
            mockApis.permission({
              authorize: () =>
                canOperate ? AuthorizeResult.ALLOW : AuthorizeResult.DENY,
            }),
          ],
        ]}
      >
        <TtlBanner stack={stack} stackRef={stackRef} />
      </TestApiProvider>
    </SWRConfig>,
  );
  return api;
}

describe('TtlBanner', () => {
  it('says when the stack ends, and extends it by a week', async () => {
    const api = await render({
      stackRef,
      tag: '7d',
      status: 'active',
      expiresAt: inDays(3),
    });
    expect(
      await screen.findByText(/destroys this stack in 3 days/),
    ).toBeInTheDocument();
    await userEvent.click(
      screen.getByRole('button', { name: 'Extend by 7 days' }),
    );
    await waitFor(() =>
      expect(api.extendTtl).toHaveBeenCalledWith(stack, '7d'),
    );
    expect(api.getTtl).toHaveBeenCalledTimes(2);
  });

  it('shows why a time to live failed, and offers no extension to those who may not operate', async () => {
    await render(
      {
        stackRef,
        tag: '1d',
        status: 'ttl_failed',
        expiresAt: inDays(-1),
        message: 'error: the bucket is not empty',
      },
      false,
    );
    expect(
      await screen.findByText(/could not destroy .*the bucket is not empty/),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Extend by 7 days' }),
    ).toBeNull();
  });

  it('shows nothing for a stack without one', async () => {
    const api = await render(undefined);
    await waitFor(() => expect(api.getTtl).toHaveBeenCalled());
    expect(screen.queryByRole('region', { name: 'time to live' })).toBeNull();
  });
});
