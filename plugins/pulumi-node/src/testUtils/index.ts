/**
 * Test utilities: temporary state backends, a fixture Pulumi project and resources that really exist on
 * this machine.
 *
 * @packageDocumentation
 */
export { LocalFile } from './LocalFile';
export type { LocalFileArgs } from './LocalFile';
export { createTemporaryBackend, testPostgresUrl } from './temporaryBackend';
export type { TemporaryBackend } from './temporaryBackend';
export { deployTestStack } from './deployTestStack';
export { createTestProject } from './testProject';
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
