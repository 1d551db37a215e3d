import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import { PulumiHealth } from '@stackyard/plugin-pulumi-common';
import { PulumiApi } from './PulumiApi';

/**
 * Calls the Stackyard Pulumi backend, and nothing else: no call from the browser reaches Pulumi Cloud or a
 * state backend.
 *
 * @public
 */
export class PulumiClient implements PulumiApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  async getHealth(): Promise<PulumiHealth> {
    const baseUrl = await this.discoveryApi.getBaseUrl('pulumi');
    const response = await this.fetchApi.fetch(`${baseUrl}/health`);
    // 503 carries the reason the engine is unavailable, which the page shows.
    if (!response.ok && response.status !== 503) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as PulumiHealth;
  }
}
