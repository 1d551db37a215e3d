import { EmptyState, Table, TableColumn } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import LockIcon from '@material-ui/icons/Lock';
import { SECRET_PLACEHOLDER } from './secret';
import { showValue } from '../common/format';

interface Row {
  name: string;
  value: unknown;
}

const columns: TableColumn<Row>[] = [
  { title: 'Output', field: 'name', highlight: true, width: '30%' },
  {
    title: 'Value',
    field: 'value',
    render: row =>
      row.value === SECRET_PLACEHOLDER ? (
        <Typography variant="body2" component="span" aria-label="secret">
          <LockIcon fontSize="inherit" /> {SECRET_PLACEHOLDER}
        </Typography>
      ) : (
        <Typography
          variant="body2"
          component="pre"
          style={{ margin: 0, whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}
        >
          {showValue(row.value)}
        </Typography>
      ),
  },
];

/** A stack's outputs; secrets come from the backend as `[secret]` and stay that way. */
export const OutputsTable = (props: { outputs: Record<string, unknown> }) => {
  const rows = Object.entries(props.outputs).map(([name, value]) => ({
    name,
    value,
  }));
  if (rows.length === 0) {
    return (
      <EmptyState
        missing="data"
        title="No outputs"
        description="This stack's program exports no outputs."
      />
    );
  }
  return (
    <Table<Row>
      title="Outputs"
      options={{ paging: false, search: false, padding: 'dense' }}
      columns={columns}
      data={rows}
    />
  );
};
