import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Alert from '@material-ui/lab/Alert';
import {
  pulumiStackOperatePermission,
  PulumiStackTtl,
} from '@stackyard/plugin-pulumi-common';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { pulumiApiRef, StackLocator } from '../../api';
import { relativeTime } from '../common/format';

/** What the banner says of a time to live, and how loudly. */
function describeTtl(ttl: PulumiStackTtl): {
  severity: 'info' | 'warning' | 'error';
  text: string;
} {
  switch (ttl.status) {
    case 'expiring':
      return {
        severity: 'warning',
        text: 'Its time to live is up: Stackyard is destroying this stack.',
      };
    case 'ttl_failed':
      return {
        severity: 'error',
        text: `Stackyard could not destroy this stack at the end of its time to live: ${ttl.message}`,
      };
    case 'invalid':
      return {
        severity: 'error',
        text: `The time to live (stackyard:ttl=${ttl.tag}) is not applied: ${ttl.message}`,
      };
    default:
      return {
        severity: ttl.status === 'warned' ? 'warning' : 'info',
        text: `Stackyard destroys this stack ${relativeTime(ttl.expiresAt)} (${
          ttl.expiresAt
        }), at the end of its time to live.`,
      };
  }
}

/**
 * A stack's time to live, once it is known to have one: when it ends, or why it did not; and, for those
 * allowed to operate the stack, extending it by a week.
 */
const TtlAlert = (props: {
  stack: StackLocator;
  stackRef: string;
  ttl: PulumiStackTtl;
  onExtended: () => void;
}) => {
  const api = useApi(pulumiApiRef);
  const alertApi = useApi(alertApiRef);
  const { allowed: canOperate } = usePermission({
    permission: pulumiStackOperatePermission,
    resourceRef: props.stackRef,
  });
  const { severity, text } = describeTtl(props.ttl);
  const extend = async () => {
    try {
      await api.extendTtl(props.stack, '7d');
      props.onExtended();
    } catch (e) {
      alertApi.post({ message: (e as Error).message, severity: 'error' });
    }
  };
  const extensible = canOperate && props.ttl.status !== 'expiring';
  return (
    <Box mb={2} role="region" aria-label="time to live">
      <Alert
        severity={severity}
        action={
          extensible && (
            <Button color="inherit" size="small" onClick={extend}>
              Extend by 7 days
            </Button>
          )
        }
      >
        {text}
      </Alert>
    </Box>
  );
};

/** A stack's time to live (the tag `stackyard:ttl`), when it has one; nothing otherwise. */
export const TtlBanner = (props: { stack: StackLocator; stackRef: string }) => {
  const api = useApi(pulumiApiRef);
  const { stack } = props;
  const ttl = useAsyncRetry(
    () => api.getTtl(stack),
    [api, stack.backendId, stack.project, stack.stack],
  );
  if (!ttl.value) return null;
  return (
    <TtlAlert
      stack={stack}
      stackRef={props.stackRef}
      ttl={ttl.value}
      onExtended={ttl.retry}
    />
  );
};
