// The size of the production bundle in packages/app/dist (`yarn build`): in all, what index.html loads before
// the first paint, and the Pulumi plugin's own chunks, as files on disk and gzipped (as a server that
// compresses sends them; the backend's app-backend does).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

/** Bytes of a set of files, raw and gzipped. */
export interface Size {
  files: number;
  bytes: number;
  gzip: number;
}

/** See {@link measureBundle}. */
export interface BundleSizes {
  /** Every script and style sheet of the app. */
  total: Size;
  /** The scripts and style sheets that index.html names: loaded before anything paints. */
  initial: Size;
  /** The plugin's chunks, by file name (the chunks that the plugin's lazy imports name). */
  plugin: Array<{ file: string } & Size>;
}

/** The chunks that the plugin's lazy imports name (webpackChunkName in plugins/pulumi/src). */
const PLUGIN_CHUNK = /^pulumi-[\w-]+\.[0-9a-f]+\.chunk\.js$/;

function sizeOf(dir: string, files: string[]): Size {
  let bytes = 0;
  let gzip = 0;
  for (const file of files) {
    const content = readFileSync(path.join(dir, file));
    bytes += content.length;
    gzip += gzipSync(content).length;
  }
  return { files: files.length, bytes, gzip };
}

/** Measures the bundle in `appDist` (packages/app/dist). */
export function measureBundle(appDist: string): BundleSizes {
  const dir = path.join(appDist, 'static');
  const assets = readdirSync(dir).filter(f => /\.(js|css)$/.test(f));
  const html = readFileSync(path.join(appDist, 'index.html'), 'utf8');
  const initial = [...html.matchAll(/(?:src|href)="\/static\/([^"]+)"/g)]
    .map(m => m[1])
    .filter(f => assets.includes(f));
  return {
    total: sizeOf(dir, assets),
    initial: sizeOf(dir, initial),
    plugin: assets
      .filter(f => PLUGIN_CHUNK.test(f))
      .sort()
      .map(file => ({ file, ...sizeOf(dir, [file]) })),
  };
}

/** One line a figure, as the benchmark prints them. */
export function formatBundle(sizes: BundleSizes): string[] {
  const kb = (s: Size) =>
    `${(s.bytes / 1024).toFixed(0)} KiB (${(s.gzip / 1024).toFixed(
      0,
    )} KiB gzipped)`;
  return [
    `bundle total            ${kb(sizes.total)} in ${sizes.total.files} files`,
    `bundle initial          ${kb(sizes.initial)} in ${
      sizes.initial.files
    } files, loaded by index.html before the first paint`,
    ...(sizes.plugin.length
      ? sizes.plugin.map(
          p => `bundle plugin chunk     ${kb(p)}  ${p.file} (loaded lazily)`,
        )
      : ['bundle plugin chunk     not found (no pulumi-*.chunk.js)']),
  ];
}
