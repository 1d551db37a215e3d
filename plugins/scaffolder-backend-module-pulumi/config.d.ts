export interface Config {
  pulumi?: {
    /**
     * Pulumi project templates that `pulumi:new` offers by name: folders on the backend's machine, each with a
     * `Pulumi.yaml`. Absolute, or relative to the backend's working directory.
     */
    templates?: Array<{
      /** The name templates use in the `template` input of `pulumi:new`. */
      name: string;
      /** The template's folder. */
      dir: string;
    }>;
    /**
     * The organisation's policy packs that `pulumi:preview` and `pulumi:up` enforce by name, through their
     * `policyPacks` input: folders with a `PulumiPolicy.yaml`, such as `@pulumi/policy` packs in TypeScript
     * or JavaScript. Absolute, or relative to the backend's working directory.
     */
    policyPacks?: Array<{
      /** The name templates use in `policyPacks[].pack`. */
      name: string;
      /** The pack's folder. */
      dir: string;
    }>;
  };
}
