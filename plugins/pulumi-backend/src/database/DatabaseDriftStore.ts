import {
  DriftStatus,
  PulumiDriftCheck,
  PulumiDriftFinding,
  PulumiDriftIgnoreRule,
  PulumiDriftReport,
  PulumiDriftSummary,
} from '@stackyard/plugin-pulumi-common';
import { Knex } from 'knex';
import { randomUUID } from 'node:crypto';
import type { DatabaseStackStore } from './DatabaseStackStore';
import { DriftStore, NewDriftCheck } from './DriftStore';
import { DriftSummaryOptions, summarizeDrift } from './driftSummary';
import { finishedRunsBefore } from './DatabaseRunStore';
import { parseJson, toIso } from './util';
import { SummaryCache } from './summaryCache';

type CheckRow = {
  run_id: string;
  stack_ref: string;
  kind: PulumiDriftCheck['kind'];
  status: DriftStatus;
  requested_by: string;
  checked_at: unknown;
  findings: number;
  ignored: number;
  error: string | null;
};

function toCheck(row: CheckRow): PulumiDriftCheck {
  return {
    runId: row.run_id,
    stackRef: row.stack_ref,
    kind: row.kind,
    status: row.status,
    requestedBy: row.requested_by,
    checkedAt: toIso(row.checked_at)!,
    findings: Number(row.findings),
    ignored: Number(row.ignored),
    ...(row.error ? { error: row.error } : {}),
  };
}

function toFinding(r: any): PulumiDriftFinding {
  return {
    urn: r.urn,
    type: r.type,
    name: r.name,
    kind: r.kind,
    source: r.source,
    ...(r.operation ? { operation: r.operation } : {}),
    properties: parseJson(r.properties, []),
    ignored: Boolean(r.ignored),
    ...(r.ignored_by ? { ignoredBy: r.ignored_by } : {}),
  };
}

/** Drift history, ignore rules and the drift schedule in the plugin's database. */
export class DatabaseDriftStore implements DriftStore {
  private readonly summaries = new SummaryCache();

  /**
   * The store over a migrated database (see {@link createStores}); a check's status on its stack goes
   * through `stacks`, the owner of that table.
   */
  constructor(
    private readonly db: Knex,
    private readonly stacks: DatabaseStackStore,
  ) {}

  async recordCheck(check: NewDriftCheck): Promise<{ previous: DriftStatus }> {
    try {
      return await this.insertCheck(check);
    } finally {
      this.summaries.clear();
    }
  }

  private async insertCheck(
    check: NewDriftCheck,
  ): Promise<{ previous: DriftStatus }> {
    return this.db.transaction(async tx => {
      const counted = check.findings.filter(f => !f.ignored).length;
      await tx('pulumi_drift_checks').insert({
        run_id: check.runId,
        stack_ref: check.stackRef,
        kind: check.kind,
        status: check.status,
        requested_by: check.requestedBy,
        checked_at: check.checkedAt,
        findings: counted,
        ignored: check.findings.length - counted,
        error: check.error ?? null,
      });
      const rows = check.findings.map((f, ordinal) => ({
        run_id: check.runId,
        ordinal,
        stack_ref: check.stackRef,
        urn: f.urn,
        type: f.type,
        name: f.name,
        kind: f.kind,
        source: f.source,
        operation: f.operation ?? null,
        properties: JSON.stringify(f.properties),
        ignored: f.ignored,
        ignored_by: f.ignoredBy ?? null,
        checked_at: check.checkedAt,
      }));
      for (let i = 0; i < rows.length; i += 50) {
        await tx('pulumi_drift_findings').insert(rows.slice(i, i + 50));
      }
      // The stack's status changes with the check, through the store that owns pulumi_stacks.
      const previous = await this.stacks.writeDriftStatus(
        tx,
        check.stackRef,
        check.status,
        check.checkedAt,
      );
      return { previous };
    });
  }

  /** The findings of each of the checks `runIds`, in one read. */
  private async findingsByRun(
    runIds: string[],
  ): Promise<Map<string, PulumiDriftFinding[]>> {
    const rows: any[] = await this.db('pulumi_drift_findings')
      .whereIn('run_id', runIds)
      .orderBy('ordinal');
    const byRun = new Map(runIds.map(id => [id, [] as PulumiDriftFinding[]]));
    for (const row of rows) byRun.get(row.run_id)?.push(toFinding(row));
    return byRun;
  }

  async latestFindings(
    stackRefs: string[],
  ): Promise<Map<string, PulumiDriftFinding[]>> {
    const result = new Map<string, PulumiDriftFinding[]>();
    if (stackRefs.length === 0) {
      return result;
    }
    // The latest check is the one getReport shows: the newest checked_at (the run id breaks a tie).
    const ranked = this.db('pulumi_drift_checks')
      .whereIn('stack_ref', stackRefs)
      .select(
        'run_id',
        this.db.raw(
          'row_number() over (partition by stack_ref order by checked_at desc, run_id desc) as position',
        ),
      )
      .as('latest');
    const rows: any[] = await this.db('pulumi_drift_findings as f')
      .join(ranked, 'latest.run_id', 'f.run_id')
      .where('latest.position', 1)
      .andWhere('f.ignored', false)
      .orderBy(['f.stack_ref', 'f.ordinal'])
      .select('f.*');
    for (const row of rows) {
      const list = result.get(row.stack_ref) ?? [];
      list.push(toFinding(row));
      result.set(row.stack_ref, list);
    }
    return result;
  }

  async getReport(
    stackRef: string,
    now: Date = new Date(),
  ): Promise<PulumiDriftReport> {
    const [latest, previous] = await this.listChecks(stackRef, 2);
    const stack: { drift_status: DriftStatus } | undefined = await this.db(
      'pulumi_stacks',
    )
      .where({ stack_ref: stackRef })
      .first('drift_status');
    if (!latest) {
      return {
        stackRef,
        status: stack?.drift_status ?? 'unknown',
        findings: [],
        changedSinceLastCheck: { newlyDrifted: [], resolved: [] },
      };
    }
    const byRun = await this.findingsByRun(
      previous ? [latest.runId, previous.runId] : [latest.runId],
    );
    const findings = byRun.get(latest.runId) ?? [];
    const drifted = (list: PulumiDriftFinding[] = []) =>
      new Set(list.filter(f => !f.ignored).map(f => f.urn));
    const now_ = drifted(findings);
    const before = drifted(previous && byRun.get(previous.runId));
    return {
      stackRef,
      status: stack?.drift_status ?? latest.status,
      lastCheck: latest,
      secondsSinceLastCheck: Math.max(
        0,
        Math.round((now.getTime() - Date.parse(latest.checkedAt)) / 1000),
      ),
      findings,
      changedSinceLastCheck: {
        newlyDrifted: [...now_].filter(urn => !before.has(urn)).sort(),
        resolved: [...before].filter(urn => !now_.has(urn)).sort(),
      },
    };
  }

  async listChecks(
    stackRef: string,
    limit: number,
  ): Promise<PulumiDriftCheck[]> {
    const rows: CheckRow[] = await this.db('pulumi_drift_checks')
      .where({ stack_ref: stackRef })
      .orderBy('checked_at', 'desc')
      .limit(limit);
    return rows.map(toCheck);
  }

  async listRules(): Promise<PulumiDriftIgnoreRule[]> {
    const rows: any[] = await this.db('pulumi_drift_ignore_rules').orderBy(
      'created_at',
    );
    return rows.map(r => ({
      id: r.id,
      ...(r.stack ? { stack: r.stack } : {}),
      ...(r.type ? { type: r.type } : {}),
      ...(r.urn ? { urn: r.urn } : {}),
      ...(r.property ? { property: r.property } : {}),
      ...(r.reason ? { reason: r.reason } : {}),
      source: 'api' as const,
      createdBy: r.created_by,
      createdAt: toIso(r.created_at),
    }));
  }

  async addRule(
    rule: Omit<PulumiDriftIgnoreRule, 'id' | 'source' | 'createdAt'>,
  ): Promise<PulumiDriftIgnoreRule> {
    const row = {
      id: randomUUID(),
      stack: rule.stack ?? null,
      type: rule.type ?? null,
      urn: rule.urn ?? null,
      property: rule.property ?? null,
      reason: rule.reason ?? null,
      created_by: rule.createdBy ?? 'unknown',
      created_at: new Date().toISOString(),
    };
    await this.db('pulumi_drift_ignore_rules').insert(row);
    return (await this.listRules()).find(r => r.id === row.id)!;
  }

  async deleteRule(id: string): Promise<boolean> {
    return (
      (await this.db('pulumi_drift_ignore_rules').where({ id }).delete()) > 0
    );
  }

  async summary(options: DriftSummaryOptions): Promise<PulumiDriftSummary> {
    return this.summaries.get(options, () => summarizeDrift(this.db, options));
  }

  async deleteOlderThan(cutoff: Date): Promise<number> {
    this.summaries.clear();
    const before = cutoff.toISOString();
    const purgedRuns = finishedRunsBefore(this.db, before);
    // Explicitly, rather than by cascade: SQLite enforces foreign keys only when told to.
    await this.db('pulumi_drift_findings')
      .where('checked_at', '<', before)
      .orWhereIn('run_id', purgedRuns)
      .delete();
    return this.db('pulumi_drift_checks')
      .where('checked_at', '<', before)
      .orWhereIn('run_id', purgedRuns)
      .delete();
  }
}
