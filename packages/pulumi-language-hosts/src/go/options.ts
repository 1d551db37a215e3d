/** The Go runtime options of Pulumi.yaml (`runtime.options`). */
export interface GoOptions {
  /** A prebuilt program to run instead of building one: a path, relative to the program folder, or a name. */
  binary?: string;
  /** Where `go build` writes the program, relative to the program folder; it is kept there. */
  buildTarget?: string;
}

/** Reads the runtime options, with the Go host's checks and messages. */
export function parseGoOptions(options: Record<string, unknown>): GoOptions {
  const result: GoOptions = {};
  if ('binary' in options) {
    if (typeof options.binary !== 'string') {
      throw new Error('binary option must be a string');
    }
    result.binary = options.binary || undefined;
  }
  if ('buildTarget' in options) {
    if (typeof options.buildTarget !== 'string') {
      throw new Error('buildTarget option must be a string');
    }
    result.buildTarget = options.buildTarget || undefined;
  }
  if (result.binary && result.buildTarget) {
    throw new Error('binary and buildTarget cannot both be specified');
  }
  return result;
}
