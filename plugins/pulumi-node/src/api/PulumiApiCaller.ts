import {
  AuthService,
  BackstageCredentials,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import { ResponseError } from '@backstage/errors';

/**
 * Calls the Pulumi backend plugin's REST API on behalf of a caller: an MCP action's, or a scaffolder
 * task's initiator. What is done that way is allowed exactly what the API allows that caller, with the same
 * validation, permission checks, rate limits and audit events, and one implementation of each.
 *
 * @public
 */
export class PulumiApiCaller {
  constructor(
    private readonly options: {
      auth: AuthService;
      discovery: DiscoveryService;
    },
  ) {}

  /**
   * Sends the request as `credentials`; a response other than 2xx is thrown as a ResponseError whose
   * message ends with the API's.
   */
  async call<T>(
    credentials: BackstageCredentials,
    method: 'GET' | 'POST',
    path: string,
    body?: object,
  ): Promise<T> {
    const { token } = await this.options.auth.getPluginRequestToken({
      onBehalfOf: credentials,
      targetPluginId: 'pulumi',
    });
    const baseUrl = await this.options.discovery.getBaseUrl('pulumi');
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    if (!response.ok) {
      // The API's own message says what was wrong: the field, the permission, the run that holds a stack.
      const error = await ResponseError.fromResponse(response);
      const reason = error.body?.error?.message;
      if (reason) error.message = `${error.message}: ${reason}`;
      throw error;
    }
    return (await response.json()) as T;
  }
}

/**
 * The API path of a stack, its parts encoded.
 *
 * @public
 */
export function stackPath(input: {
  backend: string;
  project: string;
  stack: string;
}): string {
  return `/stacks/${[input.backend, input.project, input.stack]
    .map(encodeURIComponent)
    .join('/')}`;
}
