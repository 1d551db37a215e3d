import { EmptyState } from '@backstage/core-components';
import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import {
  pulumiDriftIgnorePermission,
  PulumiDriftFinding,
  PulumiDriftReport,
} from '@stackyard/plugin-pulumi-common';
import { useState } from 'react';
import { pulumiApiRef } from '../../api';
import { ConfirmDialog } from '../common/ConfirmButton';
import { FindingDiff } from './FindingDiff';

/** Asks for the reason before an ignore rule is added; `undefined` means cancelled. */
const IgnoreDialog = (props: {
  target: { finding: PulumiDriftFinding; property?: string };
  onDone: (reason: string | undefined) => void;
}) => {
  const [reason, setReason] = useState('');
  const { finding, property } = props.target;
  return (
    <ConfirmDialog
      title={`Ignore ${property ? `${property} of ` : ''}${finding.name}?`}
      onCancel={() => props.onDone(undefined)}
      onConfirm={() => props.onDone(reason || 'ignored from Backstage')}
    >
      <Typography variant="body2" paragraph>
        Later checks of this stack will not count{' '}
        {property ? `this property` : 'this resource'} as drift. The rule can be
        removed again.
      </Typography>
      <TextField
        id="pulumi-ignore-reason"
        label="Reason"
        fullWidth
        value={reason}
        onChange={e => setReason(e.target.value)}
      />
    </ConfirmDialog>
  );
};

/**
 * The findings of a stack's last drift check, as a diff per resource and property, with an ignore rule
 * for a resource or a property for those allowed to add one. `onChanged` runs after a rule is added.
 */
export const DriftFindings = (props: {
  stackRef: string;
  report: PulumiDriftReport;
  onChanged: () => void;
}) => {
  const api = useApi(pulumiApiRef);
  const alertApi = useApi(alertApiRef);
  const { report, stackRef } = props;
  const [ignoring, setIgnoring] = useState<
    { finding: PulumiDriftFinding; property?: string } | undefined
  >();
  const ignore = usePermission({ permission: pulumiDriftIgnorePermission });
  const drifted = report.findings.filter(f => !f.ignored);
  const ignored = report.findings.filter(f => f.ignored);

  const addRule = async (
    target: { finding: PulumiDriftFinding; property?: string },
    reason: string,
  ) => {
    try {
      await api.addIgnoreRule({
        stack: stackRef,
        urn: target.finding.urn,
        ...(target.property ? { property: target.property } : {}),
        reason,
      });
      props.onChanged();
    } catch (e) {
      alertApi.post({ message: (e as Error).message, severity: 'error' });
    }
  };

  return (
    <>
      {drifted.length === 0 && report.status !== 'error' ? (
        <EmptyState
          missing="data"
          title={report.lastCheck ? 'No drift' : 'Not checked yet'}
          description={
            report.lastCheck
              ? 'At the last check, every resource matched the state.'
              : 'Drift checks run on a schedule; "check now" runs one at once.'
          }
        />
      ) : (
        drifted.map(f => (
          <FindingDiff
            key={f.urn}
            finding={f}
            onIgnore={
              ignore.allowed
                ? (finding, property) => setIgnoring({ finding, property })
                : undefined
            }
          />
        ))
      )}
      {ignored.length > 0 && (
        <Typography variant="body2" color="textSecondary" paragraph>
          {ignored.length} resource{ignored.length === 1 ? '' : 's'} differ only
          in ignored properties.
        </Typography>
      )}
      {ignoring && (
        <IgnoreDialog
          target={ignoring}
          onDone={reason => {
            setIgnoring(undefined);
            if (reason !== undefined) addRule(ignoring, reason);
          }}
        />
      )}
    </>
  );
};
