export { PulumiPage } from './PulumiPage';
