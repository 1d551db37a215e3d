import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableContainer from '@material-ui/core/TableContainer';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import TableSortLabel from '@material-ui/core/TableSortLabel';
import { PulumiStack } from '@stackyard/plugin-pulumi-common';
import { StackSort } from '../../api';
import { DriftStatusChip } from '../common/DriftStatusChip';
import { relativeTime } from '../common/format';
import { StackLink } from '../common/StackLink';

/** How the explorer sorts. */
export interface StackTableSort {
  by: StackSort;
  order: 'asc' | 'desc';
}

/** The table's columns, in order; those with a sort sort on the server. */
const COLUMNS: Array<{ label: string; sort?: StackSort }> = [
  { label: 'Stack', sort: 'name' },
  { label: 'Backend' },
  { label: 'Owner' },
  { label: 'Drift', sort: 'driftStatus' },
  { label: 'Last update', sort: 'lastUpdate' },
  { label: 'Resources', sort: 'resourceCount' },
  { label: 'Last drift check', sort: 'driftCheckedAt' },
];

/** Names sort A to Z first; everything else newest, largest or worst first. */
export const defaultOrder = (by: StackSort): 'asc' | 'desc' =>
  by === 'name' ? 'asc' : 'desc';

/** One page of stacks, with column headers that sort on the server. */
export const StacksTable = (props: {
  items: PulumiStack[];
  sort: StackTableSort;
  onSort: (by: StackSort) => void;
}) => {
  const { sort } = props;
  return (
    <TableContainer>
      <Table size="small" aria-label="stacks">
        <TableHead>
          <TableRow>
            {COLUMNS.map(({ label, sort: by }) => (
              <TableCell key={label}>
                {by ? (
                  <TableSortLabel
                    active={sort.by === by}
                    direction={sort.by === by ? sort.order : defaultOrder(by)}
                    onClick={() => props.onSort(by)}
                  >
                    {label}
                  </TableSortLabel>
                ) : (
                  label
                )}
              </TableCell>
            ))}
          </TableRow>
        </TableHead>
        <TableBody>
          {props.items.map(stack => (
            <TableRow key={stack.ref} hover>
              <TableCell>
                <StackLink stack={stack}>
                  {stack.project}/{stack.stack}
                </StackLink>
              </TableCell>
              <TableCell>{stack.backendId}</TableCell>
              <TableCell>
                {stack.owner ? <EntityRefLink entityRef={stack.owner} /> : '—'}
              </TableCell>
              <TableCell>
                <DriftStatusChip status={stack.driftStatus} />
              </TableCell>
              <TableCell>
                {stack.lastUpdate
                  ? `${stack.lastUpdate.result ?? ''} ${relativeTime(
                      stack.lastUpdate.time,
                    )}`
                  : 'never'}
              </TableCell>
              <TableCell>{stack.resourceCount ?? 0}</TableCell>
              <TableCell>{relativeTime(stack.driftCheckedAt)}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
};
