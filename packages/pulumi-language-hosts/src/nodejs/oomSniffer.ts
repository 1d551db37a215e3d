const oomMarkers = [
  '<--- Last few GCs --->',
  // The inspector the SDK attaches can turn an out-of-memory crash into this failed assertion.
  'Check failed: needs_context && current_scope_ == closure_scope_',
];

/** The Go host's advice when a program seems to have run out of memory. */
export const oomAdvice =
  'Detected a possible out of memory error. Consider increasing the memory available to the nodejs ' +
  'process by setting the `nodeargs` runtime option in Pulumi.yaml to `nodeargs: --max-old-space-size=<size>` ' +
  'where `<size>` is the maximum memory in megabytes that can be allocated to nodejs. ' +
  'See https://www.pulumi.com/docs/concepts/projects/project-file/#runtime-options';

/** Watches a program's stderr for the marks of a V8 out-of-memory crash, across chunk boundaries. */
export function createOomSniffer(): {
  scan(chunk: Buffer): void;
  detected(): boolean;
} {
  let tail = '';
  let found = false;
  return {
    scan(chunk) {
      const text = tail + chunk.toString('utf8');
      found ||= oomMarkers.some(marker => text.includes(marker));
      tail = text.slice(-100);
    },
    detected: () => found,
  };
}
