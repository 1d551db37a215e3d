export interface Config {
  pulumi?: {
    /**
     * Pulumi project templates that `pulumi:new` offers by name: folders on the backend's machine, each with a
     * `Pulumi.yaml`. Absolute, or relative to the backend's working directory. The catalog module generates a
     * software template for each folder whose `Pulumi.yaml` has a `template` section.
     */
    templates?: Array<{
      /** The name templates use in the `template` input of `pulumi:new`. */
      name: string;
      /** The template's folder. */
      dir: string;
    }>;
    /** What every stack that `pulumi:new` creates starts with. */
    stackDefaults?: {
      /**
       * Plain config of every new stack, such as a region or a data folder that templates should not each
       * repeat; a template's own `config` input wins. A list, as config keys such as `aws:region` hold a
       * colon. Secrets do not belong here.
       */
      config?: Array<{
        /** The key, `name` for the project's own or `namespace:name`. */
        key: string;
        /** The value. */
        value: string;
      }>;
    };
    /**
     * Task secrets for the scaffolder, which takes them with a run or a dry run of any template.
     */
    taskSecrets?: {
      /**
       * The largest task secret, in bytes of UTF-8, that the scaffolder accepts; a larger one is refused
       * with a 400 that names it. The scaffolder's task log hides secrets with a regular expression that
       * cannot hold one of 32 KiB, and fails with every task secret in its error. From 1 to 32767;
       * 16384 by default, as inputs that a secret is rendered into are hidden too and are longer.
       */
      maxBytes?: number;
    };
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
