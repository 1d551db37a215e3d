import {
  EmptyState,
  Progress,
  ResponseErrorPanel,
  StatusError,
  StatusOK,
  StatusPending,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Chip from '@material-ui/core/Chip';
import type { PulumiStackUpdate } from '@stackyard/plugin-pulumi-common';
import useAsync from 'react-use/esm/useAsync';
import { pulumiApiRef, StackLocator } from '../../api';
import { duration, relativeTime } from '../common/format';

/** A change summary as chips: "2 create", "1 update". */
export const ChangeSummary = (props: { changes?: Record<string, number> }) => {
  const entries = Object.entries(props.changes ?? {}).filter(
    ([op, n]) => op !== 'same' && n > 0,
  );
  if (entries.length === 0) return <>no changes</>;
  return (
    <>
      {entries.map(([op, n]) => (
        <Chip key={op} size="small" label={`${n} ${op}`} />
      ))}
    </>
  );
};

export const ResultStatus = (props: { result?: string }) => {
  switch (props.result) {
    case 'succeeded':
      return <StatusOK>succeeded</StatusOK>;
    case 'failed':
      return <StatusError>failed</StatusError>;
    default:
      return <StatusPending>{props.result ?? 'unknown'}</StatusPending>;
  }
};

const columns: TableColumn<PulumiStackUpdate>[] = [
  { title: 'Version', field: 'version', width: '8%' },
  { title: 'Kind', field: 'kind', width: '10%' },
  {
    title: 'Result',
    field: 'result',
    render: u => <ResultStatus result={u.result} />,
  },
  {
    title: 'Started',
    field: 'startTime',
    render: u => relativeTime(u.startTime),
  },
  {
    title: 'Took',
    render: u =>
      u.endTime
        ? duration(
            (new Date(u.endTime).getTime() - new Date(u.startTime).getTime()) /
              1000,
          )
        : '—',
  },
  {
    title: 'Changes',
    render: u => <ChangeSummary changes={u.resourceChanges} />,
  },
  { title: 'Message', field: 'message' },
];

/** A stack's updates, newest first, with their change summaries. */
export const HistoryTable = (props: { stack: StackLocator }) => {
  const api = useApi(pulumiApiRef);
  const { stack } = props;
  const { value, loading, error } = useAsync(
    () => api.getHistory(stack),
    [api, stack.backendId, stack.project, stack.stack],
  );
  if (loading) return <Progress />;
  if (error) return <ResponseErrorPanel error={error} />;
  if (!value || value.length === 0) {
    return (
      <EmptyState
        missing="data"
        title="No updates yet"
        description="Nothing has been deployed to this stack."
      />
    );
  }
  return (
    <Table<PulumiStackUpdate>
      title="Update history"
      options={{
        paging: value.length > 20,
        pageSize: 20,
        search: false,
        padding: 'dense',
      }}
      columns={columns}
      data={value}
    />
  );
};
