import { InputError } from '@backstage/errors';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, realpath, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { EngineContext, stackLabel } from './engineContext';
import { translateEngineError } from './engineErrors';
import { openWorkspace } from './openStack';
import { operate } from './operationRunner';
import { writeConfig } from './stackConfig';
import type { ConfiguredStateBackend } from './stateBackends';
import type { OperationRequest, OperationResult } from './types';

/** What a secret of a scratch stack holds: the real value is never needed for a preview. */
const DRY_RUN_SECRET = 'stackyard-dry-run-placeholder';

/**
 * The preview of a stack that does not exist yet, as `pulumi:new` would create it: the project folder's
 * program and its `Pulumi.<stack>.yaml` config, previewed in a scratch stack of a temporary file://
 * backend with a one-time passphrase, so that nothing reaches the real backend. The folder's stack file is
 * as it was afterwards, and the scratch backend is removed. The stack file must hold plain values only;
 * the secrets that the real stack will have are named in `secretKeys`, and the scratch stack holds each
 * as a secret with a placeholder value, never the real one.
 */
export async function previewNewStack(
  context: EngineContext,
  request: OperationRequest,
  secretKeys: string[] = [],
): Promise<OperationResult> {
  const real = context.backend(request.backendId);
  const folder = context.programFolder(request);
  const stackFile = path.join(folder.dir, `Pulumi.${request.stack}.yaml`);
  const original = existsSync(stackFile)
    ? await readFile(stackFile)
    : undefined;
  if (original && /\bsecure:/.test(original.toString('utf8'))) {
    throw new InputError(
      `${path.basename(
        stackFile,
      )} holds encrypted config, which only the real stack can read; preview that stack instead`,
    );
  }
  const scratchDir = await realpath(
    await mkdtemp(path.join(os.tmpdir(), 'stackyard-scratch-')),
  );
  const scratch: ConfiguredStateBackend = {
    id: real.id,
    url: `file://${scratchDir}`,
    passphrase: randomBytes(24).toString('hex'),
    // The programs of the real backend's stacks run with its variables; so does their preview.
    env: real.env,
  };
  try {
    const { workspace, close } = await openWorkspace({
      ...context.callOptions(scratch, folder),
      project: request.project,
    });
    try {
      await workspace.createStack(request.stack);
      await writeConfig(
        context,
        workspace,
        request.stack,
        Object.fromEntries(
          secretKeys.map(key => [key, { value: DRY_RUN_SECRET, secret: true }]),
        ),
        context.credentialRedactor(scratch, folder),
      );
    } catch (error) {
      throw translateEngineError(error, {
        redactor: context.credentialRedactor(scratch, folder),
        stack: stackLabel(request),
      });
    } finally {
      await close();
    }
    return await operate(context, request, folder, scratch);
  } finally {
    if (original) await writeFile(stackFile, original);
    else await rm(stackFile, { force: true });
    await rm(scratchDir, { recursive: true, force: true });
  }
}
