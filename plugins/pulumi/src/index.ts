/**
 * The Stackyard Pulumi frontend plugin.
 *
 * @packageDocumentation
 */
export { pulumiPlugin, PulumiPage } from './plugin';
export { pulumiApiRef, PulumiClient } from './api';
export type { PulumiApi } from './api';
