import { usePermission } from '@backstage/plugin-permission-react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import {
  pulumiDriftRemediatePermission,
  PulumiDriftReport,
  pulumiStackOperatePermission,
} from '@stackyard/plugin-pulumi-common';
import { PulumiApi, StackLocator } from '../../api';
import { ConfirmButton } from '../common/ConfirmButton';
import { DriftStatusChip } from '../common/DriftStatusChip';
import { relativeTime } from '../common/format';

/**
 * A stack's drift status and last check, and the drift actions the caller is allowed: check now, accept
 * the real state, and restore the code's. `onStart` starts the run that an action asks for.
 */
export const DriftHeader = (props: {
  stack: StackLocator;
  stackRef: string;
  report: PulumiDriftReport;
  drifted: number;
  hasProgram?: boolean;
  onStart: (start: (api: PulumiApi) => Promise<{ id: string }>) => void;
}) => {
  const { stack, report, onStart } = props;
  const operate = usePermission({
    permission: pulumiStackOperatePermission,
    resourceRef: props.stackRef,
  });
  const remediate = usePermission({
    permission: pulumiDriftRemediatePermission,
    resourceRef: props.stackRef,
  });
  return (
    <Box mb={2} display="flex" alignItems="center" style={{ gap: 8 }}>
      <DriftStatusChip status={report.status} size="medium" />
      <Typography variant="body2" style={{ flexGrow: 1 }}>
        {report.lastCheck
          ? `Checked ${relativeTime(report.lastCheck.checkedAt)} by ${
              report.lastCheck.requestedBy
            }`
          : 'Never checked'}
      </Typography>
      {operate.allowed && (
        <Button
          variant="contained"
          color="primary"
          onClick={() => onStart(api => api.checkDrift(stack))}
        >
          Check now
        </Button>
      )}
      {/* A remediation is also an operation: the backend asks for both. */}
      {operate.allowed && remediate.allowed && props.drifted > 0 && (
        <>
          <ConfirmButton
            label="Accept real state"
            title="Accept the real resources?"
            description="A refresh writes what the resources are now into the stack's state. The code is not changed, so the next update would undo these changes unless the code is changed too."
            onConfirm={() =>
              onStart(api => api.remediateDrift(stack, 'accept'))
            }
          />
          {props.hasProgram !== false && (
            <ConfirmButton
              label="Restore code's state"
              title="Restore the resources to the code?"
              description="An update runs the program and puts every drifted resource back as the code says. Changes made outside Pulumi are lost."
              color="secondary"
              onConfirm={() =>
                onStart(api => api.remediateDrift(stack, 'restore'))
              }
            />
          )}
        </>
      )}
    </Box>
  );
};
