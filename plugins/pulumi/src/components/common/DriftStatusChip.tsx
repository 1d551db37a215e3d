import Chip from '@material-ui/core/Chip';
import { makeStyles } from '@material-ui/core/styles';
import type { DriftStatus } from '@stackyard/plugin-pulumi-common';

const LABELS: Record<DriftStatus, string> = {
  in_sync: 'In sync',
  drifted: 'Drifted',
  error: 'Check failed',
  unknown: 'Not checked',
};

const useStyles = makeStyles(theme => ({
  in_sync: {
    backgroundColor: theme.palette.success?.main ?? '#2e7d32',
    color: '#fff',
  },
  drifted: {
    backgroundColor: theme.palette.warning?.main ?? '#ed6c02',
    color: '#000',
  },
  error: { backgroundColor: theme.palette.error.main, color: '#fff' },
  unknown: {},
}));

/** A stack's drift status as a coloured chip with words, so that colour is never the only signal. */
export const DriftStatusChip = (props: {
  status: DriftStatus;
  size?: 'small' | 'medium';
}) => {
  const classes = useStyles();
  return (
    <Chip
      size={props.size ?? 'small'}
      label={LABELS[props.status]}
      className={classes[props.status]}
      data-testid={`drift-${props.status}`}
    />
  );
};

/** The words for a drift status. */
export const driftLabel = (status: DriftStatus) => LABELS[status];
