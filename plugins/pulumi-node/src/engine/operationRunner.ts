import type { EngineContext } from './engineContext';
import { assertTargetsExist, runStackOperation } from './operations';
import type { ProjectFolder } from './projectFolders';
import { secretConfigValues, secretStrings } from './redact';
import { deploymentUrns } from './stackState';
import type { ConfiguredStateBackend } from './stateBackends';
import type { OperationRequest, OperationResult } from './types';

/**
 * Runs one checked operation on its stack, in `folder` when it runs the program. Before the engine starts,
 * it learns the secrets it must remove from everything it passes on: the backend's credentials, the
 * decrypted config (of the folder and of the last update) and every decrypted secret in the state, which
 * includes the stack's secret outputs.
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
  return context.withStack(
    request,
    async (stack, learn) => {
      // Independent CLI calls: run them side by side, they are most of what a run adds to the engine.
      const [deployment, last] = await Promise.all([
        stack.exportStack(),
        stack.info(true),
      ]);
      assertTargetsExist(request.targets, deploymentUrns(deployment));
      const redactor = learn([
        ...secretStrings(deployment),
        ...secretConfigValues(last?.config),
        ...(folder ? secretConfigValues(await stack.getAllConfig()) : []),
      ]);
      // The Automation API only listens for an abort while the CLI runs.
      if (request.signal?.aborted) return cancelled;
      return runStackOperation(stack, request, redactor, { deployment });
    },
    { folder, backend },
  );
}
