/**
 * The Pulumi engine wrapper shared by the Stackyard backend plugin, scaffolder module and catalog module.
 *
 * @packageDocumentation
 */
export {
  locatePulumiEngine,
  defaultPulumiEngineRoot,
  expectedPulumiVersion,
} from './engine/locateEngine';
export type { PulumiEngine } from './engine/locateEngine';
export { createEngineEnvironment } from './engine/engineEnvironment';
export type { EngineEnvironmentOptions } from './engine/engineEnvironment';
export { selectInlineStack } from './engine/inlineStack';
export type { StateBackend } from './engine/inlineStack';
export { driftFromEvents, diffProperties } from './engine/drift';
export type { DriftedProperty, DriftedResource } from './engine/drift';
export { readStateBackends } from './engine/stateBackends';
export type { ConfiguredStateBackend } from './engine/stateBackends';
export {
  PulumiEngineClient,
  SECRET_PLACEHOLDER,
} from './engine/PulumiEngineClient';
export type { StackSummary } from './engine/PulumiEngineClient';
