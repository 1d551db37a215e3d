import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import type { TemporaryBackend } from '../../testUtils';
import { createEngineEnvironment } from '../engineEnvironment';
import type { PulumiEngine } from '../locateEngine';

/**
 * Runs the raw Pulumi CLI on one stack of a test backend, in the project folder, without colours; resolves
 * to its standard output. The tests compare what the engine wrapper reports with what the CLI says.
 */
export async function runPulumiCli(
  options: {
    engine: PulumiEngine;
    backend: TemporaryBackend;
    projectDir: string;
    /** `organization/<project>/<stack>`. */
    stack: string;
  },
  ...args: string[]
): Promise<string> {
  const { engine, backend } = options;
  const { stdout } = await promisify(execFile)(
    path.join(engine.root, 'bin', 'pulumi'),
    [
      ...args,
      '--non-interactive',
      '--color',
      'never',
      '--stack',
      options.stack,
    ],
    {
      cwd: options.projectDir,
      env: createEngineEnvironment({
        engineRoot: engine.root,
        pluginDirs: engine.pluginDirs,
        pulumiHome: backend.pulumiHome,
        backendUrl: backend.url,
        passphrase: backend.passphrase,
        backendEnv: backend.env,
      }),
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  return stdout;
}

/** The drift checks that the tests compare with the CLI. */
export type CheckKind = 'drift-check' | 'drift-check-program';

/** The digest that `pulumi refresh --preview-only --json` prints. */
export interface PreviewDigest {
  steps: Array<{
    op: string;
    urn: string;
    /** The provider's own diff, by property path; dynamic providers give none. */
    detailedDiff?: Record<string, unknown> | null;
    diffReasons?: string[];
  }>;
  changeSummary: Record<string, number>;
}

/** One resource of the CLI's text diff that is not `same`. */
export interface CliDiffResource {
  op: string;
  /** Properties marked as changed (`~`, `+` or `-`), at any depth, by their last name. */
  changed: string[];
  /** Properties shown as `[secret]`. */
  secret: string[];
}

/**
 * The resources of `pulumi refresh --preview-only --diff` (or `pulumi preview --diff`), by URN. A resource
 * starts with a line such as `~ pulumi-nodejs:dynamic/stackyard:LocalFile: (update)`, then `[urn=…]`, then
 * one line per property, and per element or key of a nested one.
 */
export function parseCliDiff(text: string): Map<string, CliDiffResource> {
  const resources = new Map<string, CliDiffResource>();
  let op: string | undefined;
  let current: CliDiffResource | undefined;
  for (const line of text.split('\n')) {
    if (/^Resources:/.test(line)) break;
    const header = line.match(/^\s*(?:[-+~]{1,2}\s+)?\S+: \(([\w-]+)\)$/);
    if (header) {
      op = header[1];
      current = undefined;
      continue;
    }
    const urn = line.match(/^\s*\[urn=(.+)\]$/);
    if (urn && op) {
      current = { op, changed: [], secret: [] };
      if (op !== 'same') resources.set(urn[1], current);
      continue;
    }
    const property = line.match(/^\s*([-+~]\s+)?([\w.[\]-]+)\s*:\s*(.*)$/);
    if (property && current && current.op !== 'delete') {
      if (property[1]) current.changed.push(property[2]);
      else if (property[3] === '[secret]') current.secret.push(property[2]);
    }
  }
  return resources;
}

/**
 * What the CLI's text diff says drifted, per URN: `delete`, or the sorted names of the properties it marks
 * as changed.
 */
export function cliTextDrift(
  text: string,
): Record<string, string[] | 'delete'> {
  return Object.fromEntries(
    [...parseCliDiff(text)].map(([urn, r]) => [
      urn,
      r.op === 'delete' ? 'delete' : [...new Set(r.changed)].sort(),
    ]),
  );
}
