/**
 * The Pulumi engine wrapper shared by the Stackyard backend plugin, scaffolder module and catalog module.
 *
 * @packageDocumentation
 */
export {
  locatePulumiEngine,
  defaultPulumiEngineRoot,
  expectedPulumiVersion,
  readPluginAcquisition,
} from './engine/locateEngine';
export type { PulumiEngine } from './engine/locateEngine';
export { createEngineEnvironment } from './engine/engineEnvironment';
export type {
  EngineEnvironmentOptions,
  PluginAcquisition,
} from './engine/engineEnvironment';
export { createEngineCommand } from './engine/engineCommand';
export { readEnvConfig } from './engine/configEnv';
export { driftFromEvents } from './engine/drift';
export { diffProperties } from './engine/driftProperties';
export { secretInputDiffs } from './engine/stateSecrets';
export type { SecretInputDiffs } from './engine/stateSecrets';
export type {
  DriftedProperty,
  DriftedPropertySource,
  DriftedResource,
  DriftFromEventsOptions,
  DriftKind,
  DriftSource,
} from './engine/driftTypes';
export { readStateBackends, publicBackendUrl } from './engine/stateBackends';
export type {
  ConfiguredStateBackend,
  StateBackend,
} from './engine/stateBackends';
export { assertValidName, assertValidStackRef } from './engine/names';
export { normalizeOwnerRef } from './owners/ownerRef';
export { readStackTagNames } from './owners/stackTags';
export type { StackTagNames } from './owners/stackTags';
export {
  SECRET_PLACEHOLDER,
  SECRET_SIGNATURE_KEY,
  createRedactor,
  isSecretValue,
} from './engine/redact';
export type { Redactor } from './engine/redact';
export { PulumiEngineError, policyViolationLine } from './engine/engineErrors';
export { PulumiEngineClient } from './engine/PulumiEngineClient';
export {
  readProjectStore,
  projectStoreFolder,
  projectStoreUrl,
  findStoredProject,
} from './engine/projectStore';
export type { ProjectStore } from './engine/projectStore';
export type { ProjectFolder, ProjectRuntime } from './engine/projectFolders';
export type {
  StackRef,
  StackListing,
  UpdateRecord,
  StackResource,
  StackState,
  StackConfigValue,
  OperationKind,
  OperationRequest,
  PolicyPackRequest,
  OperationResult,
  PulumiEngineService,
} from './engine/types';
// Permissions of stacks (owned by the backend plugin's author; keep these exports).
export {
  pulumiStackPermissionResourceRef,
  pulumiStackPermissionRules,
  pulumiStackConditions,
  createPulumiStackConditionalDecision,
} from './permissions/stackPermissions';
export type {
  PulumiStackPermissionResource,
  PulumiStackPermissionQuery,
} from './permissions/stackPermissions';
