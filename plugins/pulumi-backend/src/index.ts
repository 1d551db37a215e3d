export { pulumiPlugin as default } from './plugin';
