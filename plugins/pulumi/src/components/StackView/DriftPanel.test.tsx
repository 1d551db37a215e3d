import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type {
  PulumiDriftReport,
  PulumiRunEvent,
} from '@stackyard/plugin-pulumi-common';
import { SWRConfig } from 'swr';
import { makeFinding, makeRun } from '../../__testUtils__/fixtures';
import { PulumiApi, pulumiApiRef } from '../../api';
import { DriftPanel } from './DriftPanel';

const stack = { backendId: 'local', project: 'website', stack: 'prod' };
const stackRef = 'local:organization/website/prod';

const finding = makeFinding({
  properties: [
    { path: 'tags.team', expected: 'web', actual: 'ops' },
    { path: 'versioning', expected: { enabled: true }, actual: undefined },
  ],
});

const driftedReport: PulumiDriftReport = {
  stackRef,
  status: 'drifted',
  lastCheck: {
    runId: 'run-0',
    stackRef,
    kind: 'drift-check',
    status: 'drifted',
    requestedBy: 'service:scheduler',
    checkedAt: new Date().toISOString(),
    findings: 1,
    ignored: 1,
  },
  findings: [
    finding,
    makeFinding({ urn: 'urn:ignored', name: 'logs', ignored: true }),
  ],
  changedSinceLastCheck: { newlyDrifted: [], resolved: [] },
};

const inSyncReport: PulumiDriftReport = {
  ...driftedReport,
  status: 'in_sync',
  lastCheck: { ...driftedReport.lastCheck!, status: 'in_sync', findings: 0 },
  findings: [],
};

const ALL = [
  'pulumi.stack.operate',
  'pulumi.drift.remediate',
  'pulumi.drift.ignore',
];

function stubApi(overrides: Partial<PulumiApi> = {}) {
  return {
    getDriftReport: jest.fn(async () => driftedReport),
    listDriftChecks: jest.fn(async () => []),
    checkDrift: jest.fn(async () => makeRun({ id: 'run-check' })),
    remediateDrift: jest.fn(async () => makeRun({ id: 'run-fix' })),
    addIgnoreRule: jest.fn(async () => ({
      id: 'rule-1',
      source: 'api' as const,
    })),
    // A run that has started and not reported yet.
    getRun: jest.fn(async () => makeRun({ status: 'running' })),
    streamRunEvents: jest.fn(() => new Promise<void>(() => {})),
    ...overrides,
  } satisfies Partial<PulumiApi>;
}

/** Renders the panel for a user allowed the named permissions only; returns what was asked. */
async function render(
  api: Partial<PulumiApi>,
  allowed: string[] = ALL,
  props: { hasProgram?: boolean } = {},
) {
  const asked: Array<{ name: string; resourceRef?: string }> = [];
  const permissionApi = mockApis.permission({
    authorize: request => {
      asked.push({
        name: request.permission.name,
        resourceRef: (request as { resourceRef?: string }).resourceRef,
      });
      return allowed.includes(request.permission.name)
        ? AuthorizeResult.ALLOW
        : AuthorizeResult.DENY;
    },
  });
  await renderInTestApp(
    // A cache per test, so that one test's permissions never answer another's.
    <SWRConfig value={{ provider: () => new Map() }}>
      <TestApiProvider
        apis={[
          [pulumiApiRef, api],
          [permissionApiRef, permissionApi],
        ]}
      >
        <DriftPanel stack={stack} stackRef={stackRef} {...props} />
      </TestApiProvider>
    </SWRConfig>,
  );
  await screen.findByText(/Checked .* by service:scheduler/);
  return asked;
}

describe('DriftPanel', () => {
  it('shows each drifted property with what the state expects and what is there', async () => {
    await render(stubApi());
    const table = screen.getByRole('table', { name: 'drift of site' });
    const rows = within(table)
      .getAllByRole('row')
      .map(row =>
        [
          ...within(row).queryAllByRole('columnheader'),
          ...within(row).queryAllByRole('cell'),
        ]
          .slice(0, 3)
          .map(cell => cell.textContent),
      );
    expect(rows).toEqual([
      ['Property', 'Expected (Pulumi state)', 'Actual'],
      ['tags.team', 'web', 'ops'],
      ['versioning', JSON.stringify({ enabled: true }, null, 2), '(none)'],
    ]);
    expect(screen.getByText(/changed outside Pulumi/)).toBeInTheDocument();
    // The ignored resource is counted, not shown as drift.
    expect(screen.queryByRole('table', { name: 'drift of logs' })).toBeNull();
    expect(
      screen.getByText('1 resource differ only in ignored properties.'),
    ).toBeInTheDocument();
  });

  it('offers every action to a user allowed them, asking for the stack', async () => {
    const asked = await render(stubApi());
    expect(
      await screen.findByRole('button', { name: 'Check now' }),
    ).toBeInTheDocument();
    expect(
      await screen.findByRole('button', { name: 'Accept real state' }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: "Restore code's state" }),
    ).toBeInTheDocument();
    expect(
      await screen.findAllByRole('button', { name: 'Ignore' }),
    ).toHaveLength(2);
    expect(asked).toEqual(
      expect.arrayContaining([
        { name: 'pulumi.stack.operate', resourceRef: stackRef },
        { name: 'pulumi.drift.remediate', resourceRef: stackRef },
        { name: 'pulumi.drift.ignore', resourceRef: undefined },
      ]),
    );
  });

  it.each([
    [['pulumi.stack.operate'], ['Check now']],
    // Remediating needs operate as well, as the backend asks.
    [['pulumi.drift.remediate'], []],
    [
      ['pulumi.stack.operate', 'pulumi.drift.remediate'],
      ['Check now', 'Accept real state', "Restore code's state"],
    ],
    [['pulumi.drift.ignore'], ['Ignore', 'Ignore']],
  ])('offers only what %j allows', async (permissions, shown) => {
    const asked = await render(stubApi(), permissions);
    await waitFor(() => expect(asked).toHaveLength(3));
    // Let the answers reach the panel.
    await act(async () => {});
    const names = ['Check now', 'Accept real state', "Restore code's state"];
    await waitFor(() =>
      expect(
        screen
          .getAllByRole('button')
          .map(b => b.textContent)
          .filter(t => t === 'Ignore' || names.includes(t!)),
      ).toEqual(shown),
    );
  });

  it('offers nothing to a user denied every action', async () => {
    const asked = await render(stubApi(), []);
    await waitFor(() => expect(asked).toHaveLength(3));
    // Let the answers reach the panel.
    await act(async () => {});
    for (const name of [
      'Check now',
      'Accept real state',
      "Restore code's state",
      'Ignore',
    ]) {
      expect(screen.queryByRole('button', { name })).toBeNull();
    }
  });

  it('leaves out restoring when the stack has no program', async () => {
    await render(stubApi(), ALL, { hasProgram: false });
    expect(
      await screen.findByRole('button', { name: 'Accept real state' }),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: "Restore code's state" }),
    ).toBeNull();
  });

  it('accepts the real state only after confirming', async () => {
    const api = stubApi();
    await render(api);

    await userEvent.click(
      await screen.findByRole('button', { name: 'Accept real state' }),
    );
    const dialog = await screen.findByRole('dialog');
    expect(
      within(dialog).getByText('Accept the real resources?'),
    ).toBeInTheDocument();
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Cancel' }),
    );
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(api.remediateDrift).not.toHaveBeenCalled();

    await userEvent.click(
      screen.getByRole('button', { name: 'Accept real state' }),
    );
    await userEvent.click(
      within(await screen.findByRole('dialog')).getByRole('button', {
        name: 'Accept real state',
      }),
    );
    await waitFor(() =>
      expect(api.remediateDrift).toHaveBeenCalledWith(stack, 'accept'),
    );
    expect(api.remediateDrift).toHaveBeenCalledTimes(1);
    // The remediation's run shows at once.
    await waitFor(() => expect(api.getRun).toHaveBeenCalledWith('run-fix'));
  });

  it('checks now, shows the run as it goes, and then reloads the report', async () => {
    let release: () => void = () => {};
    const held = new Promise<void>(resolve => {
      release = resolve;
    });
    const running = makeRun({
      id: 'run-check',
      kind: 'drift-check',
      status: 'running',
    });
    const api = stubApi({
      getDriftReport: jest
        .fn<Promise<PulumiDriftReport>, [typeof stack]>()
        .mockResolvedValueOnce(driftedReport)
        .mockResolvedValue(inSyncReport),
      getRun: jest.fn(async () => running),
      streamRunEvents: jest.fn(
        async (
          _runId: string,
          options: { onEvent(e: PulumiRunEvent): void },
        ) => {
          options.onEvent({
            seq: 1,
            type: 'progress',
            payload: { done: 1, total: 2 },
            createdAt: running.createdAt,
          });
          await held;
          options.onEvent({
            seq: 2,
            type: 'status',
            payload: {
              ...running,
              status: 'succeeded',
              progress: { done: 2, total: 2 },
            },
            createdAt: running.createdAt,
          });
        },
      ),
    });
    await render(api);

    await userEvent.click(
      await screen.findByRole('button', { name: 'Check now' }),
    );
    expect(api.checkDrift).toHaveBeenCalledWith(stack);
    expect(await screen.findByText('1 of 2 resources')).toBeInTheDocument();
    expect(screen.getByText('drift-check: running')).toBeInTheDocument();
    expect(api.streamRunEvents).toHaveBeenCalledWith(
      'run-check',
      expect.anything(),
    );
    expect(api.getDriftReport).toHaveBeenCalledTimes(1);

    await act(async () => release());

    expect(await screen.findByText('No drift')).toBeInTheDocument();
    expect(screen.queryByRole('table', { name: 'drift of site' })).toBeNull();
    expect(api.getDriftReport).toHaveBeenCalledTimes(2);
    expect(api.listDriftChecks).toHaveBeenCalledTimes(2);
  });

  it('adds an ignore rule for a property with the reason given', async () => {
    const api = stubApi();
    await render(api);
    const table = screen.getByRole('table', { name: 'drift of site' });
    const row = within(table).getByText('tags.team').closest('tr')!;
    await userEvent.click(
      await within(row).findByRole('button', { name: 'Ignore' }),
    );
    const dialog = await screen.findByRole('dialog');
    expect(
      within(dialog).getByText('Ignore tags.team of site?'),
    ).toBeInTheDocument();
    await userEvent.type(
      within(dialog).getByLabelText('Reason'),
      'set by the tagging lambda',
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Confirm' }),
    );
    await waitFor(() =>
      expect(api.addIgnoreRule).toHaveBeenCalledWith({
        stack: stackRef,
        urn: finding.urn,
        property: 'tags.team',
        reason: 'set by the tagging lambda',
      }),
    );
    await waitFor(() => expect(api.getDriftReport).toHaveBeenCalledTimes(2));
  });

  it('shows a failure to read the report as an error panel', async () => {
    const api = stubApi({
      getDriftReport: jest.fn(async () => {
        throw new Error('no such stack');
      }),
    });
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [pulumiApiRef, api],
          [permissionApiRef, mockApis.permission()],
        ]}
      >
        <DriftPanel stack={stack} stackRef={stackRef} />
      </TestApiProvider>,
    );
    expect(await screen.findByText('Error: no such stack')).toBeInTheDocument();
  });
});
