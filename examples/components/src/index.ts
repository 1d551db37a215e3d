/**
 * Stackyard's example component library: the abstractions that the templates offer. Every resource is a
 * file on this machine, managed by a dynamic provider that implements `read`, so stacks work offline and
 * drift when someone edits their files.
 */
export { LocalFile, FileSet, localFileProvider } from './localFile';
export type { LocalFileArgs, LocalFileState, FileSetArgs } from './localFile';
export { StaticSite } from './staticSite';
export type { StaticSiteArgs } from './staticSite';
export { ServiceEnvironment, SERVICE_SIZES } from './serviceEnvironment';
export type { ServiceEnvironmentArgs, ServiceSize } from './serviceEnvironment';
