export { ServicesView } from './ServicesView';
