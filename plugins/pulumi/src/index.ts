export { pulumiPlugin, PulumiPage } from './plugin';
