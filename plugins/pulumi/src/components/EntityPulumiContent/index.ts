export { EntityPulumiContent } from './EntityPulumiContent';
