export { StackView, stackSection } from './StackView';
export { DriftPanel } from './DriftPanel';
export { FindingDiff } from './FindingDiff';
export { RunStatus } from './RunsPanel';
export { ChangeSummary, ResultStatus } from './HistoryTable';
