export { StacksExplorer } from './StacksExplorer';
