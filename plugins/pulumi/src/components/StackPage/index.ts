export { StackPage } from './StackPage';
