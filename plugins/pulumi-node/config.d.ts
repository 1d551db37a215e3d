export interface Config {
  pulumi?: {
    /** The state backends Stackyard reads and operates on. */
    backends?: Array<{
      /** The id that the API, the catalog and templates use, for example `local`. */
      id: string;
      /** `file://`, `postgres://`, `s3://`, `gs://`, `azblob://` or a Pulumi Cloud URL. */
      url: string;
      /**
       * The passphrase of the passphrase secrets provider.
       * @visibility secret
       */
      passphrase?: string;
      /** The name of an environment variable that holds the passphrase. */
      passphraseEnv?: string;
      /**
       * A Pulumi Cloud access token.
       * @visibility secret
       */
      accessToken?: string;
      /** The name of an environment variable that holds the access token. */
      accessTokenEnv?: string;
      /**
       * Variables for the engine processes of this backend's stacks, such as the storage protocol's
       * credentials (`AWS_ACCESS_KEY_ID`, `AZURE_STORAGE_KEY`, …), usually through `${VAR}` substitution.
       * Engine processes get nothing else of the backend's environment but `PATH` and `HOME`.
       * @visibility secret
       */
      env?: { [name: string]: string };
    }>;
    /**
     * The Pulumi project folders whose programs Stackyard runs for `preview` and `up`. The project is the
     * `name` in the folder's `Pulumi.yaml` (runtime `nodejs` or `yaml`); the folder's `Pulumi.<stack>.yaml`
     * is the stack's config. Programs run through their language host, in processes of their own, never in
     * the backend's.
     */
    projects?: Array<{
      /** The folder, absolute or relative to the backend's working directory. */
      dir: string;
      /** The id of the only backend whose stacks use this folder; by default every backend's. */
      backend?: string;
      /**
       * Variables for this project's engine processes and program, such as a cloud region or credentials;
       * they win over the backend's.
       * @visibility secret
       */
      env?: { [name: string]: string };
    }>;
    /**
     * The project store: a folder on the backend's machine where the scaffolder's `pulumi:project:publish`
     * keeps the projects that templates create, one folder per project (`<dir>/<project>`) with its
     * `catalog-info.yaml`. Preview, up and drift checks run a project's program from here when no folder in
     * `projects` holds it, and the catalog reads its entities through the store's URL reader. It stands in
     * for a Git host; with one, publish there instead.
     */
    projectStore?: {
      /** The folder, absolute or relative to the backend's working directory; created on first publish. */
      dir: string;
    };
    /** A folder for the engine's per-backend `PULUMI_HOME` folders. Defaults to one under the temp folder. */
    homeDir?: string;
    engine?: {
      /**
       * A folder that holds `bin/pulumi` of the same version as the `@pulumi/pulumi` this suite uses, to use
       * instead of the engine that the Stackyard bootstrap builds and caches. The environment variable
       * `STACKYARD_PULUMI_ROOT` does the same.
       */
      root?: string;
      /**
       * Folders of the organisation's own engine plugins, searched before the engine's: component providers
       * (`pulumi-resource-<name>`) that Pulumi YAML programs use, and policy analyzers. Absolute, or relative
       * to the backend's working directory.
       */
      pluginDirs?: string[];
      /**
       * How the engine gets provider plugins that no plugin folder holds. `offline` (the default) never
       * downloads: a missing plugin fails the run with a message that names it and how to provide it.
       * `download` lets the engine fetch it, from `mirror` when set (`PULUMI_PLUGIN_DOWNLOAD_URL`).
       */
      plugins?: {
        mode?: 'offline' | 'download';
        mirror?: string;
      };
    };
  };
}
