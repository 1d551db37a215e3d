export { StackView } from './StackView';
export { DriftPanel, FindingDiff } from './DriftPanel';
export { RunStatus } from './RunsPanel';
export { ChangeSummary, ResultStatus } from './HistoryTable';
