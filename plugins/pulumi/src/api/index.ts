export { pulumiApiRef } from './PulumiApi';
export type {
  PulumiApi,
  StackLocator,
  StackSort,
  ListStacksRequest,
  DriftedStack,
} from './PulumiApi';
export { PulumiClient } from './PulumiClient';
