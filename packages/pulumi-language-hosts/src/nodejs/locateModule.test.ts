import path from 'node:path';
import { locateModule } from './locateModule';
import { useTempDirs, writeFiles } from '../common/testing/files';

describe('locateModule', () => {
  const tempDir = useTempDirs();
  const sdk = { 'node_modules/@pulumi/pulumi/cmd/run/index.js': '' };

  function locate(program: string, env: NodeJS.ProcessEnv, isPlugin = false) {
    return locateModule({
      module: '@pulumi/pulumi/cmd/run',
      programDirectory: program,
      isPlugin,
      runtimeBinary: process.execPath,
      env,
    });
  }

  it("resolves from the program's own folder, then from NODE_PATH", async () => {
    const program = tempDir();
    const fallback = tempDir();
    writeFiles(fallback, sdk);
    const env = { NODE_PATH: path.join(fallback, 'node_modules') };
    await expect(locate(program, env)).resolves.toBe(
      path.join(fallback, 'node_modules/@pulumi/pulumi/cmd/run/index.js'),
    );
    // Installed since the last look: found, as a long-lived host must.
    writeFiles(program, sdk);
    await expect(locate(program, env)).resolves.toBe(
      path.join(program, 'node_modules/@pulumi/pulumi/cmd/run/index.js'),
    );
  });

  it('says how to install the SDK when it is missing', async () => {
    const program = tempDir();
    await expect(locate(program, {})).rejects.toThrow(
      'It looks like the Pulumi SDK has not been installed. Have you run pulumi install?',
    );
    await expect(locate(program, {}, true)).rejects.toThrow(
      `Have you run npm install in ${program}?`,
    );
  });
});
