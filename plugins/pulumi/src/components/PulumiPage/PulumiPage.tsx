import {
  Content,
  ContentHeader,
  Header,
  InfoCard,
  Page,
  Progress,
  ResponseErrorPanel,
  StatusError,
  StatusOK,
  StructuredMetadataTable,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import useAsync from 'react-use/esm/useAsync';
import { pulumiApiRef } from '../../api';

/**
 * The Pulumi page: the engine behind this Backstage and its state backends.
 *
 * @public
 */
export const PulumiPage = () => {
  const api = useApi(pulumiApiRef);
  const {
    value: health,
    loading,
    error,
  } = useAsync(() => api.getHealth(), [api]);

  let body;
  if (loading) {
    body = <Progress />;
  } else if (error) {
    body = <ResponseErrorPanel error={error} />;
  } else if (health) {
    body = (
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
  }

  return (
    <Page themeId="tool">
      <Header
        title="Pulumi"
        subtitle="Stacks, drift and self-service infrastructure"
      />
      <Content>
        <ContentHeader title="Engine">
          <Typography variant="body2">
            The real Pulumi CLI that runs every operation.
          </Typography>
        </ContentHeader>
        <Grid container spacing={3}>
          <Grid item xs={12} md={6}>
            {body}
          </Grid>
        </Grid>
      </Content>
    </Page>
  );
};
