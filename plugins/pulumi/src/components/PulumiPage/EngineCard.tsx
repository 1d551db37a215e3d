import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
  StatusError,
  StatusOK,
  StructuredMetadataTable,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import useAsync from 'react-use/esm/useAsync';
import { pulumiApiRef } from '../../api';

/** The engine behind this Backstage and its state backends. */
export const EngineCard = () => {
  const api = useApi(pulumiApiRef);
  const {
    value: health,
    loading,
    error,
  } = useAsync(() => api.getHealth(), [api]);
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
