import { ConflictError, InputError } from '@backstage/errors';
import { EngineContext, stackLabel } from './engineContext';
import { translateEngineError } from './engineErrors';
import { openWorkspace, runCli } from './openStack';
import { stackStateFromDeployment } from './stackState';
import type { StackListing, StackRef, UpdateRecord } from './types';

function isoTime(value: unknown): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const date = value instanceof Date ? value : new Date(String(value));
  // An update still running reports the zero time as its end.
  return Number.isNaN(date.getTime()) || date.getTime() <= 0
    ? undefined
    : date.toISOString();
}

/** Every stack of every project in one backend; with `tag`, those that have it. */
export async function listStacks(
  context: EngineContext,
  backendId: string,
  tag: string | undefined,
): Promise<StackListing[]> {
  const backend = context.backend(backendId);
  const redactor = context.credentialRedactor(backend);
  // No project here: in a project's folder the CLI would list that project's stacks by short name.
  const { workspace, close } = await openWorkspace(
    context.callOptions(backend),
  );
  try {
    // The Automation API cannot filter by tag; the CLI can, in one call, on every kind of backend.
    const stacks: Array<{
      name: string;
      lastUpdate?: string;
      resourceCount?: number;
      url?: string;
    }> =
      tag === undefined
        ? await workspace.listStacks({ all: true })
        : JSON.parse(
            await runCli(
              context.engine,
              workspace,
              ['stack', 'ls', '--all', '--json', '--tag', tag],
              redactor,
            ),
          );
    return stacks.map(s => {
      const [organization, project, stack] = s.name.split('/');
      return {
        backendId,
        organization,
        project,
        stack,
        ...(s.lastUpdate ? { lastUpdate: s.lastUpdate } : {}),
        ...(s.resourceCount !== undefined
          ? { resourceCount: s.resourceCount }
          : {}),
        ...(s.url ? { consoleUrl: s.url } : {}),
      };
    });
  } catch (error) {
    throw translateEngineError(error, { redactor });
  } finally {
    await close();
  }
}

/** The stack's update history, newest first; `pageSize` limits it to the newest entries. */
export async function readHistory(
  context: EngineContext,
  ref: StackRef,
  pageSize: number | undefined,
): Promise<UpdateRecord[]> {
  return context.withStack(ref, async stack => {
    // Without --show-secrets: the records need nothing decrypted.
    const history = await stack.history(pageSize, 1, false);
    return history.map(h => ({
      ...(typeof h.version === 'number' ? { version: h.version } : {}),
      kind: h.kind,
      result: h.result,
      startTime: isoTime(h.startTime) ?? '',
      ...(isoTime(h.endTime) ? { endTime: isoTime(h.endTime) } : {}),
      ...(h.message ? { message: h.message } : {}),
      resourceChanges: Object.fromEntries(
        Object.entries(h.resourceChanges ?? {}).filter(
          (e): e is [string, number] => typeof e[1] === 'number',
        ),
      ),
    }));
  });
}

/** The outputs, with those that `reveal` names decrypted; the others as the state shows them. */
export async function revealOutputs(
  context: EngineContext,
  ref: StackRef,
  outputs: Record<string, unknown>,
  reveal: string[],
): Promise<Record<string, unknown>> {
  for (const name of reveal) {
    if (!(name in outputs)) {
      throw new InputError(
        `revealOutputs names '${name}', which is not an output of stack ${stackLabel(
          ref,
        )}`,
      );
    }
  }
  // Only the outputs asked for are decrypted, and only those leave this function in plain text.
  const plain = await context.withStack(ref, stack => stack.outputs());
  return Object.fromEntries(
    Object.entries(outputs).map(([name, value]) => [
      name,
      reveal.includes(name) ? plain[name]?.value : value,
    ]),
  );
}

/**
 * Removes a stack from its backend. A stack that still has resources is refused with a ConflictError,
 * unless `force`, which leaves those resources behind.
 */
export async function removeStack(
  context: EngineContext,
  ref: StackRef,
  force: boolean,
): Promise<void> {
  await context.withStack(ref, async stack => {
    if (!force) {
      const { resources } = stackStateFromDeployment(await stack.exportStack());
      const left = resources.filter(
        r =>
          r.type !== 'pulumi:pulumi:Stack' &&
          !r.type.startsWith('pulumi:providers:'),
      );
      if (left.length > 0) {
        throw new ConflictError(
          `Stack ${stackLabel(ref)} still has ${
            left.length
          } resources; destroy them first`,
        );
      }
    }
    await stack.workspace.removeStack(stack.name, { force });
  });
}
