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
 * A stack's time to live, when it has one: when it ends, or why it did not; and, for those allowed to
 * operate the stack, extending it by a week.
 */
export const TtlBanner = (props: { stack: StackLocator; stackRef: string }) => {
  const api = useApi(pulumiApiRef);
  const alertApi = useApi(alertApiRef);
  const { stack } = props;
  const ttl = useAsyncRetry(
    () => api.getTtl(stack),
    [api, stack.backendId, stack.project, stack.stack],
  );
  const { allowed: canOperate } = usePermission({
    permission: pulumiStackOperatePermission,
    resourceRef: props.stackRef,
  });
  if (!ttl.value) return null;
  const { severity, text } = describeTtl(ttl.value);
  const extend = async () => {
    try {
      await api.extendTtl(stack, '7d');
      ttl.retry();
    } catch (e) {
      alertApi.post({ message: (e as Error).message, severity: 'error' });
    }
  };
  const extensible = canOperate && ttl.value.status !== 'expiring';
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
