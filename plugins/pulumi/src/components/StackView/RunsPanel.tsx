import {
  EmptyState,
  InfoCard,
  Progress,
  ResponseErrorPanel,
  StatusAborted,
  StatusError,
  StatusOK,
  StatusPending,
  StatusRunning,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import {
  PulumiOperationKind,
  pulumiStackOperatePermission,
  PulumiRun,
} from '@stackyard/plugin-pulumi-common';
import { useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { pulumiApiRef, StackLocator } from '../../api';
import { ConfirmButton } from '../common/ConfirmButton';
import { relativeTime } from '../common/format';
import { RunProgress } from '../common/RunProgress';
import { ApprovalCard } from './ApprovalCard';
import { ChangeSummary } from './HistoryTable';

export const RunStatus = (props: { status: PulumiRun['status'] }) => {
  switch (props.status) {
    case 'succeeded':
      return <StatusOK>succeeded</StatusOK>;
    case 'failed':
      return <StatusError>failed</StatusError>;
    case 'running':
      return <StatusRunning>running</StatusRunning>;
    case 'cancelled':
    case 'rejected':
    case 'expired':
      return <StatusAborted>{props.status}</StatusAborted>;
    case 'awaiting_approval':
      return <StatusPending>awaiting approval</StatusPending>;
    default:
      return <StatusPending>queued</StatusPending>;
  }
};

/** A run to follow when none is selected: one that runs, awaits approval, or applies an approved plan. */
function inFlight(run: PulumiRun): boolean {
  return (
    run.status === 'running' ||
    run.status === 'awaiting_approval' ||
    (run.status === 'queued' && run.approval?.state === 'approved')
  );
}

const columns: TableColumn<PulumiRun>[] = [
  { title: 'Kind', field: 'kind' },
  { title: 'Status', render: r => <RunStatus status={r.status} /> },
  { title: 'Requested by', field: 'requestedBy' },
  { title: 'Queued', render: r => relativeTime(r.createdAt) },
  {
    title: 'Progress',
    render: r =>
      r.progress.total
        ? `${r.progress.done} of ${r.progress.total}`
        : `${r.progress.done}`,
  },
  {
    title: 'Changes',
    render: r => <ChangeSummary changes={r.changeSummary} />,
  },
  { title: 'Error', field: 'error' },
];

/**
 * A stack's runs through Stackyard, with the live log and progress of the one selected, and its approval
 * on a protected stack; preview, update and refresh for those allowed to operate the stack.
 */
export const RunsPanel = (props: { stack: StackLocator; stackRef: string }) => {
  const api = useApi(pulumiApiRef);
  const alertApi = useApi(alertApiRef);
  const { stack } = props;
  const { allowed: canOperate } = usePermission({
    permission: pulumiStackOperatePermission,
    resourceRef: props.stackRef,
  });
  const runs = useAsyncRetry(
    () => api.listRuns(stack, 20),
    [api, stack.backendId, stack.project, stack.stack],
  );
  const [selected, setSelected] = useState<string | undefined>();

  const start = async (kind: PulumiOperationKind) => {
    try {
      const run = await api.createRun(stack, { kind });
      setSelected(run.id);
      runs.retry();
    } catch (e) {
      alertApi.post({ message: (e as Error).message, severity: 'error' });
    }
  };

  if (runs.loading && !runs.value) return <Progress />;
  if (runs.error) return <ResponseErrorPanel error={runs.error} />;
  const items = runs.value ?? [];
  const current = selected ?? items.find(inFlight)?.id;
  const currentRun = items.find(r => r.id === current);
  return (
    <Box>
      {canOperate && (
        <Box mb={2} display="flex" style={{ gap: 8 }}>
          <Button
            variant="outlined"
            color="primary"
            onClick={() => start('preview')}
          >
            Preview
          </Button>
          <ConfirmButton
            label="Update"
            title="Update the stack's resources?"
            description="Runs pulumi up with the stack's program: the resources take what the code says. On a protected stack, the plan waits for an approver first."
            onConfirm={() => start('up')}
          />
          <ConfirmButton
            label="Refresh"
            title="Refresh the stack's state?"
            description="The state takes what the real resources are now. Nothing is changed in the resources themselves."
            onConfirm={() => start('refresh')}
          />
        </Box>
      )}
      {currentRun?.approval && (
        <Box mb={2}>
          <ApprovalCard
            run={currentRun}
            onDecided={decided => {
              // The decided run stays in view, to follow its apply.
              setSelected(decided.id);
              runs.retry();
            }}
            onPreviewAgain={() => start(currentRun.kind as PulumiOperationKind)}
          />
        </Box>
      )}
      {current && (
        <Box mb={2}>
          <InfoCard title="Run">
            <RunProgress
              // Streams again once an approval moves the run on.
              key={`${current}:${currentRun?.approval?.state ?? ''}`}
              runId={current}
              onFinished={() => runs.retry()}
            />
          </InfoCard>
        </Box>
      )}
      {items.length === 0 ? (
        <EmptyState
          missing="data"
          title="No runs yet"
          description="Runs started from Backstage (previews, updates, drift checks) show here with their logs."
        />
      ) : (
        <Table<PulumiRun>
          title="Runs"
          options={{ paging: false, search: false, padding: 'dense' }}
          columns={columns}
          data={items}
          onRowClick={(_e, row) => row && setSelected(row.id)}
        />
      )}
    </Box>
  );
};
