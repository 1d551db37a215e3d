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
import type { ConfiguredStateBackend } from './stateBackends';
import type { OperationRequest, OperationResult } from './types';

/**
 * The preview of a stack that does not exist yet, as `pulumi:new` would create it: the project folder's
 * program and its `Pulumi.<stack>.yaml` config, previewed in a scratch stack of a temporary file://
 * backend with a one-time passphrase, so that nothing reaches the real backend. The folder's stack file is
 * as it was afterwards, and the scratch backend is removed. Config secrets cannot be previewed this way:
 * the stack file must hold plain values only.
 */
export async function previewNewStack(
  context: EngineContext,
  request: OperationRequest,
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
