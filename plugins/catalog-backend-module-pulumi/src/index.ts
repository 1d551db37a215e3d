/**
 * The Pulumi module for the Backstage catalog: stacks as catalog entities.
 *
 * @packageDocumentation
 */
export { catalogModulePulumiEntityProvider as default } from './module';
export { PulumiEntityProvider } from './provider/PulumiEntityProvider';
export { stackEntityName } from './provider/stackEntityName';
export { PulumiTemplateEntityProvider } from './templates/PulumiTemplateEntityProvider';
export {
  ProjectStoreUrlReader,
  pulumiProjectStoreUrlReader,
} from './projectStore/ProjectStoreUrlReader';
