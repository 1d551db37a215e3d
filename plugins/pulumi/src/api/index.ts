export { pulumiApiRef } from './PulumiApi';
export type { PulumiApi } from './PulumiApi';
export { PulumiClient } from './PulumiClient';
