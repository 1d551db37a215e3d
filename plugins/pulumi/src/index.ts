/**
 * The Stackyard Pulumi frontend plugin: entity cards and tabs, the stacks explorer, services and the
 * drift dashboard. The new frontend system's version is at `@stackyard/plugin-pulumi/alpha`.
 *
 * @packageDocumentation
 */
export {
  pulumiPlugin,
  PulumiPage,
  EntityPulumiStacksCard,
  EntityPulumiContent,
} from './plugin';
export { isPulumiAvailable } from './components/common/useEntityStacks';
export { pulumiApiRef, PulumiClient } from './api';
export type {
  PulumiApi,
  StackLocator,
  StackSort,
  ListStacksRequest,
  DriftedStack,
  RegistryRequest,
  StackPackageUse,
} from './api';
