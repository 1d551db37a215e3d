import {
  ConflictError,
  CustomErrorBase,
  NotFoundError,
} from '@backstage/errors';
import type { EngineEvent } from '@pulumi/pulumi/automation';
import type { Redactor } from './redact';

/**
 * The engine failed in a way that is neither a missing stack nor a locked one. The message is the CLI's own
 * explanation with secrets removed; the CLI's full output is deliberately not kept as the cause, because it
 * may hold secrets and command lines.
 *
 * @public
 */
export class PulumiEngineError extends CustomErrorBase {
  name = 'PulumiEngineError' as const;
}

// The Automation API's error classes, by name: a second copy of @pulumi/pulumi would defeat instanceof.
function errorName(error: unknown): string | undefined {
  return (error as { name?: unknown })?.name as string | undefined;
}

function isCommandError(error: unknown): boolean {
  return [
    'CommandError',
    'ConcurrentUpdateError',
    'StackNotFoundError',
    'StackAlreadyExistsError',
  ].includes(errorName(error) ?? '');
}

// Generic last words that only repeat that something above failed.
const GENERIC =
  /^((update|preview|refresh|destroy|import) (failed|canceled)$|One or more errors occurred)/i;

// Colours that the SDK adds to the errors it prints.
// eslint-disable-next-line no-control-regex
const ANSI_COLOUR = /\u001b\[[0-9;]*m/g;
const STACK_FRAME = /^\s+at /;

/**
 * The first frame of a stack trace that is the program's own code, not a package's or Node's: it says
 * where the program failed.
 */
function programFrame(lines: string[]): string | undefined {
  return lines
    .find(
      line =>
        STACK_FRAME.test(line) &&
        !/node_modules|node:internal|\(node:|<anonymous>/.test(line),
    )
    ?.trim();
}

function cleanMessage(message: string): string {
  const lines = message.replace(ANSI_COLOUR, '').split('\n');
  const text = lines
    .filter(line => !STACK_FRAME.test(line))
    .join('\n')
    .trim()
    .replace(/^Unhandled exception: /, '')
    .replace(/^Error: /, '');
  const frame = programFrame(lines);
  return frame ? `${text}\n${frame}` : text;
}

const MISSING_PLUGIN =
  /no resource plugin 'pulumi-resource-([A-Za-z0-9_.-]+)' found in the workspace at version v?([0-9][^\s]*)/;

/**
 * The engine's word for a provider plugin it cannot find, with what to do about it: Stackyard never lets
 * the engine download plugins unless config says so.
 */
function withPluginAdvice(message: string): string {
  const match = MISSING_PLUGIN.exec(message);
  if (!match) return message;
  const [, name, version] = match;
  return (
    `${message}\nThe provider plugin '${name}' v${version} is not installed, and the engine does not ` +
    `download plugins unless pulumi.engine.plugins.mode is 'download' (from a mirror, with ` +
    `pulumi.engine.plugins.mirror). Put pulumi-resource-${name} v${version} in a folder of ` +
    `pulumi.engine.pluginDirs, or allow downloads.`
  );
}

function unique(messages: string[]): string[] {
  const distinct = [...new Set(messages.filter(Boolean))];
  // A message that another one repeats with where it happened adds nothing.
  const all = distinct.filter(
    m => !distinct.some(other => other.startsWith(`${m}\n`)),
  );
  const specific = all.filter(m => !GENERIC.test(m));
  return specific.length > 0 ? specific : all;
}

/** The error diagnostics of an operation's events, each with the name of the resource it concerns. */
function diagnosticErrors(events: EngineEvent[]): string[] {
  return unique(
    events.flatMap(event => {
      const diag = event.diagnosticEvent;
      if (!diag || diag.severity !== 'error') return [];
      const message = cleanMessage(diag.message);
      const urn = diag.urn ?? '';
      if (!message || !urn || urn.includes('::pulumi:pulumi:Stack::')) {
        return [message];
      }
      return [`${urn.slice(urn.lastIndexOf('::') + 2)}: ${message}`];
    }),
  );
}

/** The `error:` lines of the CLI's output, preferring its closing Diagnostics section. */
function stderrErrors(text: string): string[] {
  const lines = text
    .split('\n')
    .filter(line => !line.startsWith('Command failed with exit code'));
  const start = lines.findIndex(line => line.trim() === 'Diagnostics:');
  const section = start >= 0 ? lines.slice(start + 1) : lines;
  const errors = unique(
    section.flatMap(line => {
      const match = /^\s*error: (.*)$/.exec(line);
      return match ? [cleanMessage(match[1])] : [];
    }),
  );
  if (errors.length > 0) return errors;
  const rest = lines.map(line => line.trim()).filter(Boolean);
  return rest.slice(-3);
}

/**
 * One policy violation as a line: the pack and the policy, its enforcement level, the resource it named,
 * and the policy's own message.
 *
 * @public
 */
export function policyViolationLine(policy: {
  policyPackName: string;
  policyName: string;
  enforcementLevel: string;
  message: string;
  resourceUrn?: string;
}): string {
  return `${policy.policyPackName}/${policy.policyName} (${
    policy.enforcementLevel
  })${policy.resourceUrn ? ` on ${policy.resourceUrn}` : ''}: ${policy.message
    .trim()
    .replace(/\s+/g, ' ')}`;
}

/**
 * The useful part of an engine failure: the mandatory policy violations when there are any, else the
 * error diagnostics the engine reported as events or, without them, the `error:` lines of the CLI's
 * output; never the command line and the progress display.
 *
 * @public
 */
export function engineFailureMessage(
  error: unknown,
  events: EngineEvent[] = [],
): string {
  const violations = events.flatMap(e =>
    e.policyEvent?.enforcementLevel === 'mandatory'
      ? [policyViolationLine(e.policyEvent)]
      : [],
  );
  if (violations.length > 0) return violations.join('\n');
  const fromEvents = diagnosticErrors(events);
  if (fromEvents.length > 0) return withPluginAdvice(fromEvents.join('\n'));
  const result = (error as { commandResult?: { stderr?: string } })
    ?.commandResult;
  const text =
    result?.stderr ||
    (error instanceof Error ? error.message : String(error ?? ''));
  const fromText = stderrErrors(text);
  return fromText.length > 0
    ? withPluginAdvice(fromText.join('\n'))
    : 'The engine failed';
}

/**
 * Turns an error of an engine call into the error Stackyard reports: a locked stack, or one that exists
 * already, is a {@link @backstage/errors#ConflictError}, a missing one a {@link @backstage/errors#NotFoundError}, any
 * other CLI failure a {@link PulumiEngineError}; all with secrets removed. Errors that did not come from
 * the CLI pass through.
 *
 * @public
 */
export function translateEngineError(
  error: unknown,
  options: { redactor: Redactor; stack?: string; events?: EngineEvent[] },
): unknown {
  if (!isCommandError(error)) return error;
  const message = options.redactor.redact(
    engineFailureMessage(error, options.events),
  );
  const subject = options.stack ? `Stack ${options.stack}` : 'The stack';
  switch (errorName(error)) {
    case 'ConcurrentUpdateError':
      return new ConflictError(
        `${subject} is busy with another operation: ${message}`,
      );
    case 'StackNotFoundError':
      // The engine's own words ("no stack named 'dev' found") add nothing to the stack's full name.
      return new NotFoundError(
        options.stack ? `No stack ${options.stack}` : message,
      );
    case 'StackAlreadyExistsError':
      return new ConflictError(`${subject} exists already: ${message}`);
    default:
      return new PulumiEngineError(message);
  }
}
