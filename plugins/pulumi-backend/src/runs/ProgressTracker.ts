import type { EngineEvent } from '@pulumi/pulumi/automation';

/**
 * Counts resources the engine has finished with. The total is the stack's resource count, raised when
 * the engine visits more resources than the stack had (an `up` that creates some).
 */
export class ProgressTracker {
  private readonly started = new Set<string>();
  private readonly ended = new Set<string>();
  private finished = false;

  constructor(private readonly known?: number) {}

  get done(): number {
    return this.ended.size;
  }

  get total(): number | undefined {
    if (this.finished) return this.ended.size;
    const seen = Math.max(this.started.size, this.ended.size);
    return this.known === undefined ? undefined : Math.max(this.known, seen);
  }

  /** Returns true when the event moved the counts. */
  observe(event: EngineEvent): boolean {
    const pre = event.resourcePreEvent?.metadata.urn;
    const out = event.resOutputsEvent?.metadata.urn;
    if (pre && !this.started.has(pre)) {
      this.started.add(pre);
      return this.known === undefined || this.started.size > this.known;
    }
    if (out && !this.ended.has(out)) {
      this.ended.add(out);
      return true;
    }
    return false;
  }

  finish() {
    this.finished = true;
  }

  snapshot(): { done: number; total?: number } {
    const total = this.total;
    return total === undefined
      ? { done: this.done }
      : { done: this.done, total };
  }
}
