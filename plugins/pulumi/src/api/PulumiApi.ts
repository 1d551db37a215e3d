import { createApiRef } from '@backstage/core-plugin-api';
import { PulumiHealth } from '@stackyard/plugin-pulumi-common';

/**
 * The Pulumi backend, as the frontend sees it.
 *
 * @public
 */
export interface PulumiApi {
  /** The engine's state and the configured backends. An unavailable engine is a result, not an error. */
  getHealth(): Promise<PulumiHealth>;
}

/**
 * The API reference of {@link PulumiApi}.
 *
 * @public
 */
export const pulumiApiRef = createApiRef<PulumiApi>({
  id: 'plugin.pulumi.service',
});
