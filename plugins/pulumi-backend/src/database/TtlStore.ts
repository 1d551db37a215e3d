import type {
  PulumiStackTtl,
  PulumiStackTtlStatus,
} from '@stackyard/plugin-pulumi-common';

/** A stack's time to live as the sweep finds it: its tag, read. */
export interface TtlSighting {
  stackRef: string;
  backendId: string;
  project: string;
  stack: string;
  tag: string;
  /** When it ends; absent, with `message`, for a tag that is invalid. */
  expiresAt?: Date;
  message?: string;
}

/** The time to live of the stacks that carry the tag `stackyard:ttl`. */
export interface TtlStore {
  /** The stacks of a backend with a time to live, by stack ref. */
  listTtls(backendId: string): Promise<Map<string, PulumiStackTtl>>;
  getTtl(stackRef: string): Promise<PulumiStackTtl | undefined>;
  /**
   * Records a tag the sweep found. A new or changed tag starts over (`active`, or `invalid` with its
   * message); the same tag keeps its status.
   */
  saveSighting(sighting: TtlSighting): Promise<PulumiStackTtl>;
  /** Moves a time to live to `status`, with its message and run, unless it moved on from `from`. */
  setStatus(
    stackRef: string,
    from: PulumiStackTtlStatus[],
    next: { status: PulumiStackTtlStatus; message?: string; runId?: string },
  ): Promise<boolean>;
  /** Forgets a stack's time to live: its tag is gone, or the stack is. */
  deleteTtl(stackRef: string): Promise<void>;
}
