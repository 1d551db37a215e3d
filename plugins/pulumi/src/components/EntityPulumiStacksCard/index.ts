export { EntityPulumiStacksCard } from './EntityPulumiStacksCard';
