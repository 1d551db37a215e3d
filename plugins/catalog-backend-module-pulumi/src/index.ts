/***/
/**
 * The pulumi-provider module for @backstage/plugin-catalog-backend
 *
 * @packageDocumentation
 */

export { catalogModulePulumi as default } from './module';
