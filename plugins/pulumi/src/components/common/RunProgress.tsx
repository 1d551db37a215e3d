import { LogViewer, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import LinearProgress from '@material-ui/core/LinearProgress';
import Typography from '@material-ui/core/Typography';
import {
  FINISHED_RUN_STATUSES,
  PulumiRun,
  PulumiRunEvent,
  PulumiRunStatus,
} from '@stackyard/plugin-pulumi-common';
import { useEffect, useRef, useState } from 'react';
import { pulumiApiRef } from '../../api';

/** Where the stream of a run stops: its end, or a plan that awaits approval. */
const TERMINAL = new Set<PulumiRunStatus>([
  ...FINISHED_RUN_STATUSES,
  'awaiting_approval',
]);

/** One engine event as a log line, or nothing for events that say nothing to a reader. */
export function eventLine(event: PulumiRunEvent): string | undefined {
  if (event.type === 'status') {
    const run = event.payload as PulumiRun;
    return `— ${run.kind} ${run.status}${run.error ? `: ${run.error}` : ''}`;
  }
  if (event.type !== 'engine') return undefined;
  const payload = event.payload as Record<string, any>;
  const pre = payload.resourcePreEvent?.metadata;
  if (pre && pre.op !== 'same') {
    return `${pre.op} ${pre.type} ${String(pre.urn).split('::').pop()}`;
  }
  const failed = payload.resOpFailedEvent?.metadata;
  if (failed)
    return `failed: ${failed.op} ${String(failed.urn).split('::').pop()}`;
  const diagnostic = payload.diagnosticEvent;
  if (diagnostic?.message?.trim()) {
    return `${diagnostic.severity}: ${diagnostic.message.trim()}`;
  }
  const policy = payload.policyEvent;
  if (policy) {
    return `policy ${policy.enforcementLevel}: ${policy.policyName}: ${policy.message}`;
  }
  const summary = payload.summaryEvent;
  if (summary) {
    const changes = Object.entries(summary.resourceChanges ?? {})
      .map(([op, n]) => `${n} ${op}`)
      .join(', ');
    return `summary: ${changes || 'no changes'} in ${
      summary.durationSeconds ?? 0
    } s`;
  }
  return undefined;
}

/**
 * A run as it happens: a progress bar of resources done out of the total, and the log, streamed from the
 * backend. Calls `onFinished` once with the run when it ends, or stops to await the approval of its plan.
 */
export const RunProgress = (props: {
  runId: string;
  onFinished?: (run: PulumiRun) => void;
  height?: number;
}) => {
  const api = useApi(pulumiApiRef);
  const [lines, setLines] = useState<string[]>([]);
  const [progress, setProgress] = useState<{ done: number; total?: number }>({
    done: 0,
  });
  const [run, setRun] = useState<PulumiRun | undefined>();
  const [error, setError] = useState<Error | undefined>();
  const finished = useRef(false);
  const onFinished = useRef(props.onFinished);
  onFinished.current = props.onFinished;

  useEffect(() => {
    const controller = new AbortController();
    let last = 0;
    finished.current = false;
    setLines([]);
    setProgress({ done: 0 });
    setRun(undefined);
    const onEvent = (event: PulumiRunEvent) => {
      last = Math.max(last, event.seq);
      if (event.type === 'progress') {
        setProgress(event.payload as { done: number; total?: number });
      }
      if (event.type === 'status') {
        const next = event.payload as PulumiRun;
        setRun(next);
        setProgress(next.progress);
        if (TERMINAL.has(next.status) && !finished.current) {
          finished.current = true;
          onFinished.current?.(next);
        }
      }
      const line = eventLine(event);
      if (line) setLines(current => [...current, line]);
    };
    (async () => {
      try {
        setRun(await api.getRun(props.runId));
        await api.streamRunEvents(props.runId, {
          after: 0,
          signal: controller.signal,
          onEvent,
        });
        // The stream ends with the run; read its final state in case the last event was missed.
        if (!controller.signal.aborted && !finished.current) {
          const final = await api.getRun(props.runId);
          setRun(final);
          if (TERMINAL.has(final.status)) {
            finished.current = true;
            onFinished.current?.(final);
          }
        }
      } catch (e) {
        if (!controller.signal.aborted) setError(e as Error);
      }
    })();
    return () => controller.abort();
  }, [api, props.runId]);

  if (error) return <ResponseErrorPanel error={error} />;
  const { done, total } = progress;
  const value = total ? Math.min(100, (done / total) * 100) : undefined;
  return (
    <Box>
      <Box display="flex" alignItems="center" mb={1}>
        <Typography variant="body2" style={{ flexGrow: 1 }}>
          {run ? `${run.kind}: ${run.status}` : 'Starting…'}
        </Typography>
        <Typography variant="body2" data-testid="run-progress-count">
          {total ? `${done} of ${total} resources` : `${done} resources`}
        </Typography>
      </Box>
      <LinearProgress
        variant={
          (run && TERMINAL.has(run.status)) || value !== undefined
            ? 'determinate'
            : 'indeterminate'
        }
        value={run && TERMINAL.has(run.status) ? 100 : value}
        aria-label="run progress"
      />
      <Box mt={1} height={props.height ?? 240}>
        <LogViewer text={lines.join('\n') || 'Waiting for the engine…'} />
      </Box>
    </Box>
  );
};
