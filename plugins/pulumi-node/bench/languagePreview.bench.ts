/* eslint-disable no-console */
// The preview of one 5-resource stack in each of the four languages Stackyard runs (TypeScript, Pulumi
// YAML, Python and Go), each through its language host: the raw CLI's `pulumi preview`, and the same
// preview through the engine wrapper, as the backend runs it. The five resources are provider resources of
// the example component provider (pulumi-resource-stackyard), which every language can declare, so the
// languages differ only in their host and program. Rounds interleave the languages; the first round (a Go
// build, a cold TypeScript compile) is reported apart from the median of the others. `yarn bench` runs it.
import { cp, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { locatePulumiEngine } from '@stackyard/plugin-pulumi-node';
import {
  createTemporaryBackend,
  createTestEngineClient,
  pythonSdkVirtualenv,
  sdkNodeModules,
} from '@stackyard/plugin-pulumi-node/testUtils';
import { runPulumiCli } from '../src/engine/__testUtils__/pulumiCli';

const ROUNDS = 6;
const ROOT = path.resolve(__dirname, '../../..');
const NAMES = ['one', 'two', 'three', 'four', 'five'];

/** The program files of a 5-resource project named `name`, by language. */
const programs: Record<string, (name: string) => Record<string, string>> = {
  typescript: name => ({
    'Pulumi.yaml': `name: ${name}\nruntime: nodejs\n`,
    'package.json': JSON.stringify({ name, main: 'index.ts' }),
    'index.ts': `import * as pulumi from '@pulumi/pulumi';
class Stackyard extends pulumi.ProviderResource {
  constructor(name: string) {
    super('stackyard', name, {});
  }
}
for (const name of ${JSON.stringify(NAMES)}) {
  new Stackyard(name);
}
`,
  }),
  yaml: name => ({
    'Pulumi.yaml': `name: ${name}\nruntime: yaml\nresources:\n${NAMES.map(
      n => `  ${n}:\n    type: pulumi:providers:stackyard\n`,
    ).join('')}`,
  }),
  python: name => ({
    'Pulumi.yaml': `name: ${name}\nruntime:\n  name: python\n  options:\n    virtualenv: venv\n`,
    '__main__.py': `import pulumi
for name in ${JSON.stringify(NAMES)}:
    pulumi.ProviderResource("stackyard", name, {})
`,
  }),
  go: name => ({
    'Pulumi.yaml': `name: ${name}\nruntime: go\n`,
    'main.go': `package main

import "github.com/pulumi/pulumi/sdk/v3/go/pulumi"

type provider struct{ pulumi.ProviderResourceState }

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		for _, name := range []string{"one", "two", "three", "four", "five"} {
			var p provider
			if err := ctx.RegisterResource("pulumi:providers:stackyard", name, pulumi.Map{}, &p); err != nil {
				return err
			}
		}
		return nil
	})
}
`,
  }),
};

/** Writes a language's project into `dir`, with its SDK: node_modules, the virtualenv, go.mod. */
async function writeProject(language: string, dir: string) {
  for (const [file, content] of Object.entries(
    programs[language](`bench-${language}`),
  )) {
    await writeFile(path.join(dir, file), content);
  }
  if (language === 'typescript') {
    await symlink(sdkNodeModules(), path.join(dir, 'node_modules'), 'dir');
  } else if (language === 'python') {
    await symlink(pythonSdkVirtualenv(), path.join(dir, 'venv'), 'dir');
  } else if (language === 'go') {
    // The module requirements of the Go test program: the SDK of the engine's version, from the cache.
    const fixture = path.join(
      __dirname,
      '../src/engine/__fixtures__/go-program',
    );
    for (const file of ['go.mod', 'go.sum']) {
      await cp(path.join(fixture, file), path.join(dir, file));
    }
  }
}

const median = (samples: number[]) =>
  [...samples].sort((a, b) => a - b)[Math.floor(samples.length / 2)];
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

async function main() {
  console.log(
    'command: yarn bench languagePreview (plugins/pulumi-node/bench/languagePreview.bench.ts)',
  );
  const located = await locatePulumiEngine();
  const engine = {
    ...located,
    pluginDirs: [path.join(ROOT, 'examples/components/bin')],
  };
  const backend = await createTemporaryBackend({ kind: 'file' });
  const root = await mkdtemp(path.join(os.tmpdir(), 'stackyard-bench-'));
  try {
    const languages = Object.keys(programs);
    const dirs: Record<string, string> = {};
    for (const language of languages) {
      dirs[language] = await mkdtemp(path.join(root, `${language}-`));
      await writeProject(language, dirs[language]);
    }
    const client = await createTestEngineClient({
      engine,
      backends: { local: backend },
      projects: languages.map(language => ({ dir: dirs[language] })),
    });
    const refs = Object.fromEntries(
      languages.map(language => [
        language,
        { backendId: 'local', project: `bench-${language}`, stack: 'bench' },
      ]),
    );
    for (const language of languages) {
      await client.createStack(refs[language], { config: {} });
    }
    const samples: Record<string, { cli: number[]; client: number[] }> = {};
    for (let round = 0; round < ROUNDS; round++) {
      for (const language of languages) {
        samples[language] ??= { cli: [], client: [] };
        let start = performance.now();
        await runPulumiCli(
          {
            engine,
            backend,
            projectDir: dirs[language],
            stack: `organization/bench-${language}/bench`,
          },
          'preview',
        );
        samples[language].cli.push(performance.now() - start);
        start = performance.now();
        const result = await client.runOperation({
          ...refs[language],
          kind: 'preview',
        });
        samples[language].client.push(performance.now() - start);
        if (
          result.status !== 'succeeded' ||
          result.changeSummary.create !== 6
        ) {
          throw new Error(`${language}: ${JSON.stringify(result)}`);
        }
      }
    }
    console.log(
      `preview of a 5-resource stack, ${ROUNDS} interleaved rounds: first round, then the median of the others`,
    );
    for (const language of languages) {
      const { cli, client: wrapped } = samples[language];
      console.log(
        `${language.padEnd(10)} raw CLI first ${seconds(
          cli[0],
        )}, median ${seconds(median(cli.slice(1)))}   Stackyard first ${seconds(
          wrapped[0],
        )}, median ${seconds(median(wrapped.slice(1)))}`,
      );
    }
  } finally {
    await backend.dispose();
    await rm(root, { recursive: true, force: true });
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
