export { DriftDashboard } from './DriftDashboard';
