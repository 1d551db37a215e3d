import type { ProgramDependency } from '../common/types';
import { findGo } from './goCommand';
import { GoModFile, loadGoMod } from './modules';

/**
 * The modules a program's go.mod requires, as the Go host's GetProgramDependencies: direct requirements,
 * and with `transitive` the indirect ones too. A module replaced in go.mod has no version any more.
 */
export function dependenciesOfGoMod(
  file: GoModFile,
  transitive: boolean,
): ProgramDependency[] {
  const trim = (p: string) => p.replace(/\/+$/, '');
  const replaced = new Set((file.Replace ?? []).map(r => trim(r.Old.Path)));
  return (file.Require ?? [])
    .filter(r => transitive || !r.Indirect)
    .map(r => ({
      name: r.Path,
      version: replaced.has(trim(r.Path)) ? '' : r.Version,
    }));
}

/** The program's module dependencies; fails when its go.mod cannot be found or read. */
export async function listProgramDependencies(
  programDirectory: string,
  transitive: boolean,
): Promise<ProgramDependency[]> {
  let gomod;
  try {
    gomod = await loadGoMod(findGo(), programDirectory);
  } catch (error) {
    throw new Error(`load go.mod: ${(error as Error).message}`);
  }
  return dependenciesOfGoMod(gomod.file, transitive);
}
