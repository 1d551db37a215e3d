/**
 * The Stackyard Pulumi backend plugin.
 *
 * @packageDocumentation
 */
export { pulumiPlugin as default } from './plugin';
