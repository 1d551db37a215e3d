import { InfoCard } from '@backstage/core-components';
import {
  alertApiRef,
  identityApiRef,
  useApi,
} from '@backstage/core-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import {
  pulumiStackApprovePermission,
  PulumiRun,
} from '@stackyard/plugin-pulumi-common';
import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { pulumiApiRef } from '../../api';
import { relativeTime } from '../common/format';
import { ChangeSummary } from './HistoryTable';
import { PlannedSteps } from './PlannedSteps';

/** What a decided or pending approval says, in a sentence. */
function approvalLine(run: PulumiRun): string {
  const approval = run.approval!;
  switch (approval.state) {
    case 'planning':
      return 'Previewing the plan to approve…';
    case 'pending':
      return `The plan waits for an approver; it expires ${relativeTime(
        approval.expiresAt,
      )}.`;
    case 'expired':
      return 'No one decided on the plan before it expired.';
    default:
      return `${approval.state === 'approved' ? 'Approved' : 'Rejected'} by ${
        approval.decidedBy
      } ${relativeTime(approval.decidedAt)}${
        approval.comment ? `: “${approval.comment}”` : '.'
      }`;
  }
}

/** Approve and reject, with a comment, for an approver who did not ask for the run. */
const DecisionForm = (props: {
  run: PulumiRun;
  onDecided: (run: PulumiRun) => void;
}) => {
  const api = useApi(pulumiApiRef);
  const alertApi = useApi(alertApiRef);
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const decide = async (decision: 'approve' | 'reject') => {
    setBusy(true);
    try {
      const run = await api.decideApproval(props.run.id, {
        decision,
        ...(comment.trim() ? { comment: comment.trim() } : {}),
      });
      props.onDecided(run);
    } catch (e) {
      alertApi.post({ message: (e as Error).message, severity: 'error' });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Box mt={2} display="flex" alignItems="flex-start" style={{ gap: 8 }}>
      <TextField
        id={`approval-comment-${props.run.id}`}
        label="Comment"
        variant="outlined"
        size="small"
        value={comment}
        onChange={e => setComment(e.target.value)}
        inputProps={{ maxLength: 2000 }}
        style={{ flexGrow: 1 }}
      />
      <Button
        variant="contained"
        color="primary"
        disabled={busy}
        onClick={() => decide('approve')}
      >
        Approve and apply
      </Button>
      <Button
        variant="outlined"
        disabled={busy}
        onClick={() => decide('reject')}
      >
        Reject
      </Button>
    </Box>
  );
};

/**
 * The approval of a run on a protected stack: the steps of its plan with each property's change, where
 * the approval stands, and, while it is pending, the decision for an approver other than the requester.
 * When the engine refused an approved plan because the stack moved on, it offers a new preview.
 */
export const ApprovalCard = (props: {
  run: PulumiRun;
  onDecided: (run: PulumiRun) => void;
  onPreviewAgain?: () => void;
}) => {
  const { run } = props;
  const identityApi = useApi(identityApiRef);
  const identity = useAsync(() => identityApi.getBackstageIdentity(), []);
  const { allowed: canApprove } = usePermission({
    permission: pulumiStackApprovePermission,
    resourceRef: run.stackRef,
  });
  const approval = run.approval;
  if (!approval) return null;
  const requester = identity.value?.userEntityRef === run.requestedBy;
  const pending =
    approval.state === 'pending' && run.status === 'awaiting_approval';
  return (
    <Box role="region" aria-label="approval">
      <InfoCard
        title={`Approval of the ${run.kind} asked by ${run.requestedBy}`}
      >
        <Typography variant="body2" gutterBottom>
          {approvalLine(run)}
        </Typography>
        {approval.changeSummary && (
          <Box mb={1}>
            <ChangeSummary changes={approval.changeSummary} />
          </Box>
        )}
        {approval.steps && <PlannedSteps steps={approval.steps} />}
        {approval.planRefused && (
          <Alert
            severity="warning"
            action={
              props.onPreviewAgain && (
                <Button color="inherit" onClick={props.onPreviewAgain}>
                  Preview again
                </Button>
              )
            }
          >
            The stack changed after its plan was previewed, so the engine
            refused to apply it. A new preview makes a new plan to approve.
          </Alert>
        )}
        {pending && requester && (
          <Typography variant="body2" color="textSecondary">
            You asked for this run: another approver decides on its plan.
          </Typography>
        )}
        {pending && !requester && canApprove && identity.value && (
          <DecisionForm run={run} onDecided={props.onDecided} />
        )}
      </InfoCard>
    </Box>
  );
};
