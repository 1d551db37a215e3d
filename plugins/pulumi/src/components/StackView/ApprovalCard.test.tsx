import { identityApiRef } from '@backstage/core-plugin-api';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { PulumiRun } from '@stackyard/plugin-pulumi-common';
import { SWRConfig } from 'swr';
import { makeRun } from '../../__testUtils__/fixtures';
import { PulumiApi, pulumiApiRef } from '../../api';
import { ApprovalCard } from './ApprovalCard';

const ALICE = 'user:default/alice';
const BOB = 'user:default/bob';

const pending = makeRun({
  status: 'awaiting_approval',
  requestedBy: ALICE,
  approval: {
    state: 'pending',
    expiresAt: new Date(Date.now() + 3 * 60 * 60 * 1000).toISOString(),
    changeSummary: { update: 1, same: 2 },
    steps: [
      {
        urn: 'urn:pulumi:prod::website::aws:s3/bucket:Bucket::site',
        type: 'aws:s3/bucket:Bucket',
        name: 'site',
        operation: 'update',
        properties: [
          { path: 'tags.team', before: 'web', after: 'platform' },
          {
            path: 'website.indexDocument',
            before: 'index.html',
            after: 'home.html',
          },
        ],
      },
    ],
  },
});

async function render(
  run: PulumiRun,
  options: {
    user?: string;
    canApprove?: boolean;
    api?: Partial<PulumiApi>;
  } = {},
) {
  const onDecided = jest.fn();
  const onPreviewAgain = jest.fn();
  const decideApproval = jest.fn(async () =>
    makeRun({ ...run, status: 'queued' }),
  );
  const api = { decideApproval, ...options.api };
  await renderInTestApp(
    <SWRConfig value={{ provider: () => new Map() }}>
      <TestApiProvider
        apis={[
          [pulumiApiRef, api],
          [
            permissionApiRef,
            mockApis.permission({
              authorize: () =>
                options.canApprove === false
                  ? AuthorizeResult.DENY
                  : AuthorizeResult.ALLOW,
            }),
          ],
          [
            identityApiRef,
            mockApis.identity({ userEntityRef: options.user ?? BOB }),
          ],
        ]}
      >
        <ApprovalCard
          run={run}
          onDecided={onDecided}
          onPreviewAgain={onPreviewAgain}
        />
      </TestApiProvider>
    </SWRConfig>,
  );
  return { decideApproval, onDecided, onPreviewAgain };
}

describe('ApprovalCard', () => {
  it("shows the plan's steps with each property before and after", async () => {
    await render(pending);
    const table = screen.getByRole('table', { name: 'planned steps' });
    const rows = within(table)
      .getAllByRole('row')
      .map(row => row.textContent);
    expect(rows[1]).toContain('site');
    expect(rows[1]).toContain('update');
    expect(rows[1]).toContain('tags.team');
    expect(rows[1]).toContain('tags.teamwebplatform');
    expect(rows[2]).toContain('website.indexDocument');
    expect(screen.getByText(/expires in 3 hours/)).toBeInTheDocument();
  });

  it('lets another approver approve with a comment', async () => {
    const { decideApproval, onDecided } = await render(pending);
    await userEvent.type(
      await screen.findByRole('textbox', { name: 'Comment' }),
      'checked the diff',
    );
    await userEvent.click(
      screen.getByRole('button', { name: 'Approve and apply' }),
    );
    await waitFor(() => expect(onDecided).toHaveBeenCalled());
    expect(decideApproval).toHaveBeenCalledWith('run-1', {
      decision: 'approve',
      comment: 'checked the diff',
    });
  });

  it('lets an approver reject', async () => {
    const { decideApproval } = await render(pending);
    await userEvent.click(
      await screen.findByRole('button', { name: 'Reject' }),
    );
    await waitFor(() =>
      expect(decideApproval).toHaveBeenCalledWith('run-1', {
        decision: 'reject',
      }),
    );
  });

  it('offers no decision to the requester, nor to a user the policy refuses', async () => {
    await render(pending, { user: ALICE });
    expect(
      await screen.findByText(/You asked for this run/),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Approve and apply' }),
    ).toBeNull();
  });

  it('offers no decision to a user the policy refuses', async () => {
    await render(pending, { canApprove: false });
    await screen.findByRole('table', { name: 'planned steps' });
    expect(
      screen.queryByRole('button', { name: 'Approve and apply' }),
    ).toBeNull();
  });

  it('says who decided, and offers a new preview when the engine refused the plan', async () => {
    const { onPreviewAgain } = await render(
      makeRun({
        ...pending,
        status: 'failed',
        approval: {
          ...pending.approval!,
          state: 'approved',
          decidedBy: BOB,
          decidedAt: new Date().toISOString(),
          comment: 'ok',
          planRefused: true,
        },
      }),
    );
    expect(
      screen.getByText(/Approved by user:default\/bob .*“ok”/),
    ).toBeInTheDocument();
    await userEvent.click(
      screen.getByRole('button', { name: 'Preview again' }),
    );
    expect(onPreviewAgain).toHaveBeenCalled();
    expect(
      screen.queryByRole('button', { name: 'Approve and apply' }),
    ).toBeNull();
  });
});
