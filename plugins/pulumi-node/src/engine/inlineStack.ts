import { LocalWorkspace, PulumiFn, Stack } from '@pulumi/pulumi/automation';
import { PulumiEngine } from './locateEngine';
import { createEngineEnvironment } from './engineEnvironment';

/**
 * A state backend and the credentials it needs.
 *
 * @public
 */
export interface StateBackend {
  /** `file://`, `postgres://`, `s3://`, `gs://`, `azblob://`, or a Pulumi Cloud URL. */
  url: string;
  passphrase?: string;
  accessToken?: string;
}

/**
 * Creates or selects a stack whose program is a function of this process (an Automation API inline
 * program). Inline programs need no language host: the engine talks to this process over `--client`.
 *
 * @public
 */
export async function selectInlineStack(options: {
  engine: PulumiEngine;
  backend: StateBackend;
  pulumiHome: string;
  projectName: string;
  stackName: string;
  program: PulumiFn;
  /**
   * A Pulumi project folder to run in: its `Pulumi.yaml` is the project and config set on the stack goes
   * to its `Pulumi.<stack>.yaml`. Without it, a temporary folder with a generated project.
   */
  workDir?: string;
}): Promise<Stack> {
  const envVars = createEngineEnvironment({
    engineRoot: options.engine.root,
    pluginDirs: options.engine.pluginDirs,
    pulumiHome: options.pulumiHome,
    backendUrl: options.backend.url,
    passphrase: options.backend.passphrase,
    accessToken: options.backend.accessToken,
  });
  return LocalWorkspace.createOrSelectStack(
    {
      projectName: options.projectName,
      stackName: options.stackName,
      program: options.program,
    },
    {
      pulumiCommand: options.engine.command,
      pulumiHome: options.pulumiHome,
      envVars,
      ...(options.workDir
        ? { workDir: options.workDir }
        : {
            // No backend URL here: the environment names it, and this file must not hold its credentials.
            projectSettings: { name: options.projectName, runtime: 'nodejs' },
          }),
    },
  );
}
