/**
 * The Pulumi engine wrapper shared by the Stackyard backend plugin, scaffolder module and catalog module.
 *
 * @packageDocumentation
 */
export {
  locatePulumiEngine,
  expectedPulumiVersion,
} from './engine/locateEngine';
export type { PulumiEngine } from './engine/locateEngine';
export { createEngineEnvironment } from './engine/engineEnvironment';
export type {
  EngineEnvironmentOptions,
  PluginAcquisition,
} from './engine/engineEnvironment';
export type {
  DriftedProperty,
  DriftedPropertySource,
  DriftedResource,
  DriftKind,
  DriftSource,
} from './engine/driftTypes';
export { readStateBackends } from './engine/stateBackends';
export type {
  ConfiguredStateBackend,
  StateBackend,
} from './engine/stateBackends';
export { assertValidName } from './engine/names';
export { normalizeOwnerRef } from './owners/ownerRef';
export { readStackTagNames } from './owners/stackTags';
export type { StackTagNames } from './owners/stackTags';
export { SECRET_PLACEHOLDER } from './engine/redact';
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
  OperationPlan,
  PolicyPackRequest,
  OperationResult,
  PulumiEngineService,
} from './engine/types';
export {
  PULUMI_PROTECTED_TAG,
  readProtectedStacks,
  StackProtection,
} from './approvals/stackProtection';
export { PulumiApiCaller, stackPath } from './api/PulumiApiCaller';
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
