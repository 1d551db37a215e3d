import {
  LoggerService,
  SchedulerService,
  SchedulerServiceTaskRunner,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import {
  DeferredEntity,
  EntityProvider,
  EntityProviderConnection,
} from '@backstage/plugin-catalog-node';
import { PULUMI_NAME_PATTERN } from '@stackyard/plugin-pulumi-common';
import {
  ProjectStore,
  readProjectStore,
  readStateBackends,
} from '@stackyard/plugin-pulumi-node';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { readProviderConfig } from '../provider/providerConfig';
import { readPulumiTemplate } from './pulumiTemplate';
import { templateEntity } from './templateEntity';
import { TemplateFormOptions } from './templateForm';

/** A template folder of `pulumi.templates`. */
interface TemplateFolder {
  name: string;
  dir: string;
}

const LOCATION = 'pulumi-provider:PulumiTemplateEntityProvider';

/**
 * Generates a Backstage `Template` for each Pulumi template of `pulumi.templates` and of the project
 * store: each folder whose Pulumi.yaml has a `template` section. Its form comes from `template.config` and the folder's optional
 * stackyard.yaml, so a platform team publishes a template without writing a form. Folders are read again
 * on every refresh; one that cannot be read keeps its last entity, and the log names the field at fault.
 *
 * @public
 */
export class PulumiTemplateEntityProvider implements EntityProvider {
  static fromConfig(
    config: Config,
    options: {
      logger: LoggerService;
      scheduler: SchedulerService;
      /** By default, a runner on the schedule of `catalog.providers.pulumi`. */
      taskRunner?: SchedulerServiceTaskRunner;
    },
  ): PulumiTemplateEntityProvider {
    const providerConfig = readProviderConfig(config);
    return new PulumiTemplateEntityProvider({
      folders: (config.getOptionalConfigArray('pulumi.templates') ?? []).map(
        c => ({
          name: c.getString('name'),
          dir: path.resolve(c.getString('dir')),
        }),
      ),
      form: {
        backends: readStateBackends(config).map(b => b.id),
        policyPacks: (
          config.getOptionalConfigArray('pulumi.policyPacks') ?? []
        ).map(c => c.getString('name')),
      },
      store: readProjectStore(config),
      owner: providerConfig.defaultOwner,
      appBaseUrl: providerConfig.appBaseUrl,
      logger: options.logger,
      taskRunner:
        options.taskRunner ??
        options.scheduler.createScheduledTaskRunner(providerConfig.schedule),
    });
  }

  private connection?: EntityProviderConnection;
  /** The last entity read from each folder, kept while the folder cannot be read. */
  private readonly lastGood = new Map<string, DeferredEntity>();

  private constructor(
    private readonly options: {
      folders: TemplateFolder[];
      /** Where pulumi:project:publish puts projects, and Pulumi templates too. */
      store?: ProjectStore;
      form: TemplateFormOptions;
      owner: string;
      appBaseUrl?: string;
      logger: LoggerService;
      taskRunner: SchedulerServiceTaskRunner;
    },
  ) {}

  getProviderName(): string {
    return 'PulumiTemplateEntityProvider';
  }

  async connect(connection: EntityProviderConnection): Promise<void> {
    this.connection = connection;
    await this.options.taskRunner.run({
      id: `${this.getProviderName()}:refresh`,
      fn: () => this.refresh(),
    });
  }

  /** Reads every template folder and replaces this provider's entities with their templates. */
  async refresh(): Promise<void> {
    if (!this.connection) {
      throw new Error(`${this.getProviderName()} is not connected`);
    }
    const entities: DeferredEntity[] = [];
    for (const folder of await this.folders()) {
      const entity = await this.read(folder);
      if (entity) entities.push(entity);
    }
    await this.connection.applyMutation({ type: 'full', entities });
    this.options.logger.info(
      `Pulumi templates: ${entities.length} generated templates in the catalog`,
    );
  }

  /**
   * The folders of `pulumi.templates`, then those of the project store that no configured template's name
   * takes: a Pulumi template may be published there, and most published projects are no template.
   */
  private async folders(): Promise<TemplateFolder[]> {
    const { folders, store } = this.options;
    if (!store) return folders;
    let entries;
    try {
      entries = await readdir(store.dir, { withFileTypes: true });
    } catch {
      return folders;
    }
    const taken = new Set(folders.map(f => f.name));
    const stored = entries
      .filter(e => e.isDirectory() && PULUMI_NAME_PATTERN.test(e.name))
      .filter(e => !taken.has(e.name))
      .map(e => ({ name: e.name, dir: path.join(store.dir, e.name) }))
      .sort((a, b) => a.name.localeCompare(b.name));
    return [...folders, ...stored];
  }

  /** A folder's entity; undefined for a program that is no template. */
  private async read(
    folder: TemplateFolder,
  ): Promise<DeferredEntity | undefined> {
    try {
      const template = await readPulumiTemplate(folder.name, folder.dir);
      if (!template) {
        this.lastGood.delete(folder.name);
        return undefined;
      }
      const entity = templateEntity(template, {
        ...this.options.form,
        owner: this.options.owner,
        appBaseUrl: this.options.appBaseUrl,
        location: LOCATION,
      });
      const deferred = { entity, locationKey: LOCATION };
      this.lastGood.set(folder.name, deferred);
      return deferred;
    } catch (error) {
      this.options.logger.warn(
        `Could not read the Pulumi template '${folder.name}' (${folder.dir}); its generated template stays as it was: ${error}`,
      );
      return this.lastGood.get(folder.name);
    }
  }
}
