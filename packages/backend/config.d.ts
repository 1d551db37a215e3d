export interface Config {
  /** Settings of the Stackyard demo app. */
  stackyard?: {
    demo?: {
      /** Seed the demo stacks into the demo backend at start-up when it has none. */
      seed?: boolean;
      /** The state backend id to seed. Defaults to `local`. */
      backend?: string;
      /** The folder for the files that the demo's resources manage, relative to the backend's folder. */
      dataDir?: string;
      /**
       * Whether the seeding installs the example projects' dependencies first (`pulumi install`), as after a
       * clone. Defaults to true; the tests' apps run copies whose packages are in place already.
       */
      installDependencies?: boolean;
      /**
       * The kubeconfig of the demo's Kubernetes API server, which scripts/start.sh starts when the
       * Kubernetes pieces are built: the seeding then also deploys platform-k8s/prod there, if missing.
       */
      kubeconfig?: string;
    };
  };
}
