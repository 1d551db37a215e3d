/**
 * The Pulumi module for the Backstage scaffolder: `pulumi:*` template actions.
 *
 * @packageDocumentation
 */
export { scaffolderModulePulumi as default } from './module';
export { createPulumiOutputsAction } from './actions/outputs';
