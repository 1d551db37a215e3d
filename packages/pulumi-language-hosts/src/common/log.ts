/**
 * The host's own diagnostics. The engine shows everything a language host writes to stderr to the user, so
 * these stay silent unless the engine flowed its logging settings to us (`--logtostderr -v=N`, which
 * `pulumi --logflow --logtostderr -v=N` passes), as Go plugins behave with glog.
 */
let verbosity = -1;
let hostName = 'pulumi-language-host';

/** Turns logging on at the given verbosity, for the host `name`; a negative level keeps it off. */
export function setLogVerbosity(level: number, name: string = hostName): void {
  verbosity = level;
  hostName = name;
}

/** Writes a message to stderr when the verbosity is at least `level`. */
export function logV(level: number, message: string): void {
  if (verbosity >= level) {
    process.stderr.write(`${hostName}: ${message}\n`);
  }
}
