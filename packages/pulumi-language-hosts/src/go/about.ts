import type { AboutInfo } from '../common/types';
import { findGo, goVersion } from './goCommand';

/** The Go toolchain, as the Go host's About: the path of `go` and what `go version` prints. */
export async function about(): Promise<AboutInfo> {
  let gobin;
  try {
    gobin = findGo();
  } catch (error) {
    throw new Error(
      `could not find executable 'go': ${(error as Error).message}`,
    );
  }
  return { executable: gobin, version: await goVersion(gobin), metadata: {} };
}
