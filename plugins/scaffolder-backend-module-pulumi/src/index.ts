/**
 * The Pulumi module for the Backstage scaffolder: `pulumi:*` template actions.
 *
 * @packageDocumentation
 */
export { scaffolderModulePulumi as default } from './module';
export { createPulumiOutputsAction } from './actions/outputs';
export { createPulumiNewAction } from './actions/new';
export { createPulumiConfigSetAction } from './actions/configSet';
export { createPulumiPreviewAction } from './actions/preview';
export { createPulumiUpAction } from './actions/up';
export { createPulumiDestroyAction } from './actions/destroy';
export { createPulumiProjectPublishAction } from './actions/publish';
export type { EngineProvider } from './actions/inputs';
export type { PulumiStep } from './actions/engineProgress';
export type { ApprovalGate } from './actions/approvedRun';
