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
  /**
   * Claims stacks due for a scheduled check: each claimed stack's next check moves one period on, in
   * one conditional update, so that of several replicas exactly one claims it per period.
   */
  claimDueStacks(options: {
    now: Date;
    periodMs: number;
    limit: number;
  }): Promise<string[]>;
  /** Records a manual check request, unless one was made within `minIntervalMs`; says which. */
  requestManualCheck(
    stackRef: string,
    now: Date,
    minIntervalMs: number,
  ): Promise<{ accepted: boolean; retryAfterSeconds?: number }>;
  summary(options: {
    since: Date;
    now: Date;
    stackRefs?: string[];
  }): Promise<PulumiDriftSummary>;
  /** Deletes checks (with their findings) and finished runs older than `cutoff`. */
  deleteOlderThan(cutoff: Date): Promise<{ checks: number; runs: number }>;
}
