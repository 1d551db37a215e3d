import { MUTATING_RUN_KINDS } from '@stackyard/plugin-pulumi-common';
import type { EngineContext } from './engineContext';
import { assertTargetsExist, runStackOperation } from './operations';
import type { ProjectFolder } from './projectFolders';
import { secretConfigValues } from './redact';
import type { ConfiguredStateBackend } from './stateBackends';
import type { OperationRequest, OperationResult } from './types';

/**
 * Runs one checked operation on its stack, in `folder` when it runs the program. Nothing leaves the run
 * before it has learnt the secrets it must remove: the backend's credentials, the decrypted config (of
 * the folder and of the last update) and every decrypted secret in the state, which includes the
 * stack's secret outputs.
 *
 * The state's secrets come from the context's cache while the state is unchanged. An operation that
 * writes no state starts the engine at once and holds its events back until they are known; one that
 * writes state, or names targets, learns them first.
 */
export async function operate(
  context: EngineContext,
  request: OperationRequest,
  folder: ProjectFolder | undefined,
  backend?: ConfiguredStateBackend,
): Promise<OperationResult> {
  const cancelled: OperationResult = {
    kind: request.kind,
    status: 'cancelled',
    changeSummary: {},
  };
  if (request.signal?.aborted) return cancelled;
  const { url: backendUrl } = backend ?? context.backend(request.backendId);
  return context.withStack(
    request,
    async (stack, learn) => {
      const state = context.stateSecrets.read(stack, {
        backendUrl,
        project: request.project,
      });
      const folderSecrets = folder
        ? stack.getAllConfig().then(secretConfigValues)
        : [];
      const redactor = Promise.all([state, folderSecrets]).then(
        ([known, config]) => {
          assertTargetsExist(request.targets, known.urns);
          return learn([...known.secrets, ...config]);
        },
      );
      if (
        request.targets?.length ||
        MUTATING_RUN_KINDS.includes(request.kind)
      ) {
        await redactor;
      }
      // The Automation API only listens for an abort while the CLI runs.
      if (request.signal?.aborted) return cancelled;
      const secretInputDiffs = state.then(known => known.secretInputDiffs);
      // A state that cannot be read fails the operation through the redactor, which it always awaits; the
      // diffs, which only a drift check awaits, must not fail it a second time as an unhandled rejection.
      secretInputDiffs.catch(() => undefined);
      return runStackOperation(stack, request, { redactor, secretInputDiffs });
    },
    { folder, backend },
  );
}
