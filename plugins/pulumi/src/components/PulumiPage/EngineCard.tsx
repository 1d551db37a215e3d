import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
  StatusError,
  StatusOK,
  StructuredMetadataTable,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { pulumiApiRef } from '../../api';
import { useEagerAsync } from '../common/useEagerAsync';

/** The engine behind this Backstage and its state backends. */
export const EngineCard = () => {
  const api = useApi(pulumiApiRef);
  const {
    value: health,
    loading,
    error,
  } = useEagerAsync('pulumi:health', () => api.getHealth());
  if (loading) return <Progress />;
  if (error) return <ResponseErrorPanel error={error} />;
  if (!health) return null;
  return (
    <InfoCard title="Pulumi engine">
      <StructuredMetadataTable
        metadata={{
          status:
            health.status === 'ok' ? (
              <StatusOK>ready</StatusOK>
            ) : (
              <StatusError>unavailable</StatusError>
            ),
          version: health.engine.version ? `v${health.engine.version}` : '—',
          ...(health.engine.message ? { reason: health.engine.message } : {}),
          'state backends': health.backends.length
            ? health.backends.join(', ')
            : 'none configured',
        }}
      />
    </InfoCard>
  );
};
