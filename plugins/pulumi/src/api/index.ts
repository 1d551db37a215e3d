export { pulumiApiRef } from './PulumiApi';
export type {
  PulumiApi,
  StackLocator,
  StackSort,
  ListStacksRequest,
  DriftedStack,
  RegistryRequest,
  StackPackageUse,
} from './PulumiApi';
export { PulumiClient } from './PulumiClient';
