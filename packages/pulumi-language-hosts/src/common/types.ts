/** What the language hosts report to the engine, whatever the language. */

/** What `pulumi about` shows of the language: the runtime and the package manager. */
export interface AboutInfo {
  /** The path of node (or bun). */
  executable: string;
  /** Its version, as `node --version` prints it (`v24.1.0`); empty when it cannot be run. */
  version: string;
  /** `packagemanager` and, when it could be read, `packagemanagerVersion`. */
  metadata: Record<string, string>;
}

/** A package the program depends on, as GetProgramDependencies reports it. */
export interface ProgramDependency {
  name: string;
  version: string;
}

/** The parameterization of a parameterized package, as package.json's `pulumi` section gives it. */
export interface PackageParameterization {
  name: string;
  version: string;
  value: Uint8Array;
}

/** A resource plugin (package) the program needs, as GetRequiredPackages reports it. */
export interface RequiredPackage {
  /** The plugin name: `pulumi.name`, or the package name without `@pulumi/`. */
  name: string;
  /** The plugin version with a leading `v`. */
  version: string;
  /** Where the engine downloads the plugin from; empty for the default. */
  server: string;
  parameterization?: PackageParameterization;
  extension?: PackageParameterization;
}

/** A question `pulumi new` asks about the runtime options. */
export interface RuntimeOptionPrompt {
  key: string;
  description: string;
  choices: Array<{ value: string; displayName: string }>;
  defaultValue: string;
}
