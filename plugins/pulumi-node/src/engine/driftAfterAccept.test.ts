import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createTestProject, createTestStacks } from '../testUtils';
import { parseCliDiff, runPulumiCli } from './__testUtils__/pulumiCli';
import { runRecorded } from './__testUtils__/runRecorded';
import type { DriftedResource } from './driftTypes';
import { diffProperties } from './driftProperties';
import type { OperationKind } from './types';

// Drift, accept, re-check through the real engine, on the fixture project `docs`: a dynamic provider
// whose `read` returns the real outputs but not the inputs, with the secret `apiKey` in every document.
// After the accepting refresh the state's outputs are the real values and its inputs are still the
// code's, so the engine keeps reporting an update; the re-check must say which inputs differ, and must
// not blame the secret where it is the same in the inputs, the outputs and the file. One document's
// secret is changed by hand, so that the same secret differs there and nowhere else. The tests build on
// each other in the order written.
jest.setTimeout(240_000);

const API_KEY = 'docs-api-key-6b2f0e91';
const TYPED_KEY = 'typed-by-hand-key-2718';
const SECRET = '[secret]';
const DOC_TYPE = 'pulumi-nodejs:dynamic/stackyard:Doc';

/** One step of the digest that `pulumi refresh --preview-only --json` or `pulumi preview --json` prints. */
interface DigestStep {
  op: string;
  urn: string;
  oldState?: { inputs?: Record<string, unknown>; outputs?: object };
  newState?: { inputs?: Record<string, unknown>; outputs?: object };
}

interface Digest {
  steps: DigestStep[];
  changeSummary: Record<string, number>;
}

const byName = (findings: DriftedResource[]) =>
  [...findings].sort((a, b) => a.name.localeCompare(b.name));
const isSecretPair = (p: { expected: unknown; actual: unknown }) =>
  p.expected === SECRET && p.actual === SECRET;

describe('drift, accept and re-check of a provider that reads no inputs', () => {
  let stacks: Awaited<ReturnType<typeof createTestStacks>>;
  let projectDir: string;
  const ref = { backendId: 'local', project: 'docs', stack: 'accept' };
  const seen: unknown[] = [];
  let recheck: DriftedResource[] = [];

  const urnOf = (name: string) =>
    `urn:pulumi:${ref.stack}::${ref.project}::${DOC_TYPE}::${name}`;
  const docFile = (name: string) =>
    path.join(projectDir, 'out', ref.stack, `${name}.json`);
  const editDoc = async (name: string, edit: (doc: any) => void) => {
    const doc = JSON.parse(await readFile(docFile(name), 'utf8'));
    edit(doc);
    await writeFile(docFile(name), JSON.stringify(doc));
  };
  const run = (kind: OperationKind) =>
    runRecorded(stacks.client, { ...ref, kind }, seen);
  const pulumiCli = (...args: string[]) =>
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
    projectDir = await createTestProject({ name: 'docs' });
    stacks = await createTestStacks({
      stacks: [{ ...ref, projectDir, secretConfig: { apiKey: API_KEY } }],
    });
  });
  afterAll(async () => {
    await stacks?.dispose();
    if (projectDir) await rm(projectDir, { recursive: true, force: true });
  });

  it('finds the values changed outside Pulumi, and the secret only where it changed', async () => {
    await editDoc('doc-array', doc => {
      doc.ports[1] = 9443;
    });
    await editDoc('doc-map', doc => {
      doc.labels.tier = 'back';
    });
    await editDoc('doc-text', doc => {
      doc.apiKey = TYPED_KEY;
    });
    expect(byName(await run('drift-check'))).toEqual([
      {
        urn: urnOf('doc-array'),
        type: DOC_TYPE,
        name: 'doc-array',
        kind: 'changed',
        source: 'outside',
        properties: [{ path: 'ports[1]', expected: 8443, actual: 9443 }],
      },
      {
        urn: urnOf('doc-map'),
        type: DOC_TYPE,
        name: 'doc-map',
        kind: 'changed',
        source: 'outside',
        properties: [
          { path: 'labels.tier', expected: 'front', actual: 'back' },
        ],
      },
      {
        urn: urnOf('doc-text'),
        type: DOC_TYPE,
        name: 'doc-text',
        kind: 'changed',
        source: 'outside',
        properties: [{ path: 'apiKey', expected: SECRET, actual: SECRET }],
      },
    ]);
  });

  it('after accepting, names the inputs that differ from the real state, and no unchanged secret', async () => {
    await run('refresh');
    recheck = await run('drift-check');
    expect(byName(recheck)).toEqual([
      {
        urn: urnOf('doc-array'),
        type: DOC_TYPE,
        name: 'doc-array',
        kind: 'changed',
        source: 'outside',
        properties: [
          { path: 'ports[1]', expected: 8443, actual: 9443, source: 'inputs' },
        ],
      },
      {
        urn: urnOf('doc-map'),
        type: DOC_TYPE,
        name: 'doc-map',
        kind: 'changed',
        source: 'outside',
        properties: [
          {
            path: 'labels.tier',
            expected: 'front',
            actual: 'back',
            source: 'inputs',
          },
        ],
      },
      {
        urn: urnOf('doc-text'),
        type: DOC_TYPE,
        name: 'doc-text',
        kind: 'changed',
        source: 'outside',
        properties: [
          {
            path: 'apiKey',
            expected: SECRET,
            actual: SECRET,
            source: 'inputs',
          },
        ],
      },
    ]);
    // Accepting changed the state, not the documents.
    expect(JSON.parse(await readFile(docFile('doc-array'), 'utf8'))).toEqual({
      apiKey: API_KEY,
      ports: [8080, 9443, 9090],
    });
  });

  it('agrees with the Pulumi CLI: an update of the same resources, with no output changed', async () => {
    expect(recheck.length).toBeGreaterThan(0);
    const digest = JSON.parse(
      await pulumiCli('refresh', '--preview-only', '--json'),
    ) as Digest;
    expect(digest.changeSummary.update).toBe(recheck.length);
    const cli = parseCliDiff(
      await pulumiCli('refresh', '--preview-only', '--diff'),
    );
    // The CLI marks no property of either: their outputs are what the state holds.
    expect([...cli.keys()].sort()).toEqual(recheck.map(f => f.urn).sort());
    for (const [urn, resource] of cli) {
      expect({ urn, op: resource.op, changed: resource.changed }).toEqual({
        urn,
        op: 'update',
        changed: [],
      });
    }
  });

  it('names exactly what the update that restores the code would change', async () => {
    // The program's preview carries the deployed outputs and the code's inputs of each step: what differs
    // between them, among the inputs, is what `up` would write back.
    const preview = JSON.parse(await pulumiCli('preview', '--json')) as Digest;
    const updates = preview.steps.filter(s => s.op === 'update');
    expect(updates.map(s => s.urn).sort()).toEqual(
      recheck.map(f => f.urn).sort(),
    );
    for (const step of updates) {
      const { __provider, ...inputs } = step.newState?.inputs ?? {};
      const outputs = step.oldState?.outputs as Record<string, unknown>;
      const real = Object.fromEntries(
        Object.keys(inputs).map(key => [key, outputs[key]]),
      );
      // The digest masks secrets as our findings do: the changed secret is the one finding it cannot show.
      const finding = recheck.find(f => f.urn === step.urn)!;
      expect(finding.properties.filter(p => !isSecretPair(p))).toEqual(
        diffProperties(inputs, real).map(p => ({ ...p, source: 'inputs' })),
      );
    }
  });

  it('never let a secret out', () => {
    const everything = JSON.stringify(seen);
    expect(everything).toContain('[secret]');
    expect(everything).not.toContain(API_KEY);
    expect(everything).not.toContain(TYPED_KEY);
    expect(everything).not.toContain(stacks.backend.passphrase);
  });
});
