export { RegistryView } from './RegistryView';
