import type { PackageParameterization } from './types';

/** A parameterization as a package's pulumi-plugin.json (or package.json's `pulumi` section) writes it. */
export interface PluginJsonParameterization {
  name?: string;
  version?: string;
  /** The parameter bytes, in base64, as Go marshals []byte in JSON. */
  value?: string;
}

/** The parameterization a plugin file gives, as GetRequiredPackages reports it. */
export function parameterization(
  value: PluginJsonParameterization | undefined,
): PackageParameterization | undefined {
  if (!value) {
    return undefined;
  }
  return {
    name: value.name ?? '',
    version: value.version ?? '',
    value: new Uint8Array(Buffer.from(value.value ?? '', 'base64')),
  };
}
