/**
 * Test utilities: temporary state backends, a fixture Pulumi project and resources that really exist on
 * this machine.
 *
 * @packageDocumentation
 */
export {
  createTemporaryBackend,
  testBackendKinds,
  testPostgresUrl,
} from './temporaryBackend';
export type {
  TemporaryBackend,
  TemporaryBackendKind,
} from './temporaryBackend';
export type { ObjectStoreKind } from './objectStoreBackends';
export { deployTestStack } from './deployTestStack';
export {
  createTestProject,
  pythonSdkVirtualenv,
  sdkNodeModules,
  writeTestProject,
} from './testProject';
export type { TestProjectName } from './testProject';
export {
  createTestEngineClient,
  createTestStacks,
} from './createTestEngineClient';
export type {
  TestProjectConfig,
  TestStackSpec,
} from './createTestEngineClient';
export { waitFor } from './waitFor';
export { kubernetesApi, testKubernetes } from './kubernetes';
export type { KubernetesApi } from './kubernetes';
// The main entry's types that these utilities take and return.
export type { PulumiEngine } from '../engine/locateEngine';
export type { PluginAcquisition } from '../engine/engineEnvironment';
export type { StateBackend } from '../engine/stateBackends';
export type { PulumiEngineClient } from '../engine/PulumiEngineClient';
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
} from '../engine/types';
export type { ConfiguredStateBackend } from '../engine/stateBackends';
export type { Redactor } from '../engine/redact';
export type {
  DriftedResource,
  DriftedProperty,
  DriftedPropertySource,
  DriftKind,
  DriftSource,
} from '../engine/driftTypes';
export type { ProjectFolder, ProjectRuntime } from '../engine/projectFolders';
