/**
 * What the backend's health route reports.
 *
 * @public
 */
export interface PulumiHealth {
  status: 'ok' | 'unavailable';
  engine: {
    /** The engine's version, when it was found. */
    version?: string;
    /** Why the engine is unavailable, when it is. */
    message?: string;
  };
  /** The configured state backends, by id. */
  backends: string[];
}
