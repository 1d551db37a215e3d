/**
 * Test utilities: temporary state backends and resources that really exist on this machine.
 *
 * @packageDocumentation
 */
export { LocalFile } from './LocalFile';
export type { LocalFileArgs } from './LocalFile';
export { createTemporaryBackend, testPostgresUrl } from './temporaryBackend';
export type { TemporaryBackend } from './temporaryBackend';
export { deployTestStack } from './deployTestStack';
export {
  createTestEngineClient,
  createTestStacks,
} from './createTestEngineClient';
