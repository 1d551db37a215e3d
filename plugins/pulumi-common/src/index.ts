/**
 * Types, annotations and permissions shared by the Stackyard Pulumi plugins.
 *
 * @packageDocumentation
 */
export * from './annotations';
export * from './stacks';
export * from './runs';
export * from './drift';
export * from './driftSchedule';
export * from './permissions';
export * from './types';
export * from './concurrency';
export * from './ttl';
export * from './glob';
export * from './registry';
