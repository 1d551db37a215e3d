import type {
  DriftStatus,
  PulumiDriftCheck,
  PulumiDriftFinding,
  PulumiDriftIgnoreRule,
  PulumiDriftReport,
  PulumiDriftSummary,
} from '@stackyard/plugin-pulumi-common';

/** A finished drift check to record. */
export interface NewDriftCheck {
  runId: string;
  stackRef: string;
  kind: PulumiDriftCheck['kind'];
  status: Exclude<DriftStatus, 'unknown'>;
  requestedBy: string;
  checkedAt: string;
  error?: string;
  findings: PulumiDriftFinding[];
}

/** Drift history, ignore rules and the drift schedule. */
export interface DriftStore {
  /** Records a check and sets the stack's drift status; returns the status it had before. */
  recordCheck(check: NewDriftCheck): Promise<{ previous: DriftStatus }>;
  getReport(stackRef: string, now?: Date): Promise<PulumiDriftReport>;
  listChecks(stackRef: string, limit: number): Promise<PulumiDriftCheck[]>;
  /**
   * The findings of each stack's latest check that no ignore rule matched, by stack ref; stacks without
   * any are missing. One query for all the stacks.
   */
  latestFindings(
    stackRefs: string[],
  ): Promise<Map<string, PulumiDriftFinding[]>>;
  listRules(): Promise<PulumiDriftIgnoreRule[]>;
  addRule(
    rule: Omit<PulumiDriftIgnoreRule, 'id' | 'source' | 'createdAt'>,
  ): Promise<PulumiDriftIgnoreRule>;
  deleteRule(id: string): Promise<boolean>;
  summary(options: {
    since: Date;
    now: Date;
    stackRefs?: string[];
  }): Promise<PulumiDriftSummary>;
  /**
   * Deletes the checks (with their findings) older than `cutoff`, and those of runs that finished before
   * it, ahead of the run store's purge of those runs.
   */
  deleteOlderThan(cutoff: Date): Promise<number>;
}
