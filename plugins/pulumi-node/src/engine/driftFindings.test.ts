import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { createTestProject, createTestStacks } from '../testUtils';
import {
  CheckKind,
  parseCliDiff,
  PreviewDigest,
  runPulumiCli,
} from './__testUtils__/pulumiCli';
import { runRecorded } from './__testUtils__/runRecorded';
import type { DriftedResource } from './driftTypes';

// Drift checks through the real engine on one stack of the fixture project `files`, with its secret file.
// Each engine run takes seconds, so the tests share the stack and build on each other in the order
// written: in sync, code never deployed, drift made outside Pulumi, the CLI's view of that same drift,
// and a last check that no secret came out.
jest.setTimeout(180_000);

const API_KEY = 'api-key-5d1e2a7c90';
// What someone writes into the secret file by hand: the engine must keep it as secret as the state's.
const TYPED_SECRET = 'typed-by-hand-31415';
const FILE_TYPE = 'pulumi-nodejs:dynamic/stackyard:LocalFile';

const isSecretPair = (p: { expected: unknown; actual: unknown }) =>
  p.expected === '[secret]' && p.actual === '[secret]';

const sortedByName = (findings: DriftedResource[]) =>
  [...findings].sort((a, b) =>
    `${a.name}:${a.source}`.localeCompare(`${b.name}:${b.source}`),
  );

describe('drift findings, through the real engine', () => {
  let stacks: Awaited<ReturnType<typeof createTestStacks>>;
  let projectDir: string;
  const ref = { backendId: 'local', project: 'files', stack: 'drift' };
  // Everything the client handed out, for the final secret check.
  const seen: unknown[] = [];
  // The findings of the drift check after the changes made by hand, for the comparison with the CLI.
  let outsideFindings: DriftedResource[] = [];

  const urnOf = (name: string) =>
    `urn:pulumi:${ref.stack}::files::${FILE_TYPE}::${name}`;
  const file = (name: string) =>
    path.join(projectDir, 'out', ref.stack, `${name}.html`);
  const check = (kind: CheckKind) =>
    runRecorded(stacks.client, { ...ref, kind }, seen);
  const pulumiCli = (...args: string[]): Promise<string> =>
    runPulumiCli(
      {
        engine: stacks.engine,
        backend: stacks.backend,
        projectDir,
        stack: `organization/${ref.project}/${ref.stack}`,
      },
      ...args,
    );

  beforeAll(async () => {
    projectDir = await createTestProject();
    stacks = await createTestStacks({
      stacks: [
        {
          ...ref,
          projectDir,
          config: { secretFile: 'true' },
          secretConfig: { apiKey: API_KEY },
        },
      ],
    });
  });
  afterAll(async () => {
    await stacks?.dispose();
    if (projectDir) await rm(projectDir, { recursive: true, force: true });
  });

  it('finds nothing on a stack as it was deployed', async () => {
    expect(await check('drift-check')).toEqual([]);
    expect(await check('drift-check-program')).toEqual([]);
  });

  it('finds code that was never deployed only when it runs the program', async () => {
    const stackFile = path.join(projectDir, `Pulumi.${ref.stack}.yaml`);
    const original = await readFile(stackFile, 'utf8');
    const edited = parseDocument(original);
    edited.setIn(['config', 'files:content'], 'newcode');
    await writeFile(stackFile, edited.toString());
    try {
      expect(await check('drift-check-program')).toEqual([
        {
          urn: urnOf('index'),
          type: FILE_TYPE,
          name: 'index',
          kind: 'undeployed',
          source: 'code',
          operation: 'update',
          properties: [
            { path: 'content', expected: 'hello', actual: 'newcode' },
          ],
        },
      ]);
      expect(await check('drift-check')).toEqual([]);
    } finally {
      await writeFile(stackFile, original);
    }
  });

  it('finds a property changed, a resource deleted and a secret changed outside Pulumi', async () => {
    await writeFile(file('index'), 'edited by hand');
    await rm(file('about'));
    await writeFile(file('secret'), TYPED_SECRET);

    outsideFindings = await check('drift-check');
    expect(sortedByName(outsideFindings)).toEqual([
      {
        urn: urnOf('about'),
        type: FILE_TYPE,
        name: 'about',
        kind: 'deleted',
        source: 'outside',
        properties: [],
      },
      {
        urn: urnOf('index'),
        type: FILE_TYPE,
        name: 'index',
        kind: 'changed',
        source: 'outside',
        properties: [
          { path: 'content', expected: 'hello', actual: 'edited by hand' },
        ],
      },
      {
        urn: urnOf('secret'),
        type: FILE_TYPE,
        name: 'secret',
        kind: 'changed',
        source: 'outside',
        properties: [
          { path: 'content', expected: '[secret]', actual: '[secret]' },
        ],
      },
    ]);

    // The program would put index and about back as the state has them: that is no code of its own. The
    // engine masks the secret on both sides of the preview's refresh step, so only the program's step
    // that would write it back shows its change, as a code finding.
    const program = await check('drift-check-program');
    expect(sortedByName(program)).toEqual([
      expect.objectContaining({
        name: 'about',
        kind: 'deleted',
        source: 'outside',
      }),
      expect.objectContaining({
        name: 'index',
        kind: 'changed',
        source: 'outside',
        properties: [
          { path: 'content', expected: 'hello', actual: 'edited by hand' },
        ],
      }),
      expect.objectContaining({
        name: 'secret',
        kind: 'undeployed',
        source: 'code',
        operation: 'update',
        properties: [
          { path: 'content', expected: '[secret]', actual: '[secret]' },
        ],
      }),
    ]);
  });

  it('agrees with the Pulumi CLI about which resources and properties drifted', async () => {
    expect(outsideFindings.length).toBeGreaterThan(0);
    const ours = new Map(outsideFindings.map(f => [f.urn, f]));
    const deleted = outsideFindings.filter(f => f.kind === 'deleted');
    const changed = outsideFindings.filter(f => f.kind === 'changed');

    // The JSON digest lists every refreshed resource, changed or not, as op `refresh` with its state as
    // it was: dynamic providers give the engine no detailed diff, which is the only thing that would
    // replace it. So it names the deleted resources, and only its counts say how many changed.
    const digest = JSON.parse(
      await pulumiCli('refresh', '--preview-only', '--json'),
    ) as PreviewDigest;
    const steps = digest.steps.filter(
      s =>
        !s.urn.includes('::pulumi:pulumi:Stack::') &&
        !s.urn.includes('::pulumi:providers:'),
    );
    expect(
      steps
        .filter(s => s.op === 'delete')
        .map(s => s.urn)
        .sort(),
    ).toEqual(deleted.map(f => f.urn).sort());
    expect(steps.map(s => s.urn)).toEqual(
      expect.arrayContaining([...ours.keys()]),
    );
    expect(digest.changeSummary.update ?? 0).toBe(changed.length);
    expect(digest.changeSummary.delete ?? 0).toBe(deleted.length);

    // The CLI's text diff says per resource whether it changed, and marks each property that did.
    const cli = parseCliDiff(
      await pulumiCli('refresh', '--preview-only', '--diff'),
    );
    expect([...cli.keys()].sort()).toEqual([...ours.keys()].sort());
    for (const [urn, finding] of ours) {
      const theirs = cli.get(urn)!;
      expect({ urn, op: theirs.op }).toEqual({
        urn,
        op: finding.kind === 'deleted' ? 'delete' : 'update',
      });
      // The CLI shows a secret as `[secret]` and cannot mark it; when it reports an update with no
      // property marked, the change is in those secrets, which we report with their values hidden.
      const secretOnly = theirs.op === 'update' && theirs.changed.length === 0;
      expect({
        urn,
        changed: finding.properties
          .filter(p => !isSecretPair(p))
          .map(p => p.path)
          .sort(),
        secret: finding.properties
          .filter(isSecretPair)
          .map(p => p.path)
          .sort(),
      }).toEqual({
        urn,
        changed: [...theirs.changed].sort(),
        secret: secretOnly ? [...theirs.secret].sort() : [],
      });
    }
  });

  it('never let a secret out', () => {
    const everything = JSON.stringify(seen);
    expect(everything).toContain('[secret]');
    expect(everything).not.toContain(API_KEY);
    expect(everything).not.toContain(TYPED_SECRET);
    expect(everything).not.toContain(stacks.backend.passphrase);
  });
});
