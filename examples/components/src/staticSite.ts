import * as pulumi from '@pulumi/pulumi';
import { assertPathName, resolveBaseDir } from './baseDir';
import { FileSet } from './localFile';

/** The options of a {@link StaticSite}. */
export interface StaticSiteArgs {
  /** The site's title, the heading of its page. */
  title: string;
  /** The environment the site serves, shown on the page; by default the stack's name. */
  environment?: string;
  /** How long browsers may cache the content, in seconds; 0 turns caching off. Default 300. */
  cacheSeconds?: number;
  /** Labels such as `owner`, written into the site's config; the policy pack requires `owner`. */
  tags?: Record<string, string>;
  /** The folder under which sites live; by default the stack config `stackyard:dataDir`. */
  baseDir?: string;
}

/**
 * A static web site: its page, its config file and a robots.txt, in a folder of its own. Each file is a
 * resource of its own, so a hand edit of any of them shows as drift.
 */
export class StaticSite extends pulumi.ComponentResource {
  /** The site's address. */
  readonly url: pulumi.Output<string>;
  /** The folder that holds the site. */
  readonly dir: pulumi.Output<string>;

  constructor(
    name: string,
    args: StaticSiteArgs,
    opts?: pulumi.ComponentResourceOptions,
  ) {
    const environment = args.environment ?? pulumi.getStack();
    const cacheSeconds = args.cacheSeconds ?? 300;
    const tags = args.tags ?? {};
    // The component's inputs are what policies see: the defaults are applied first.
    super(
      'stackyard:index:StaticSite',
      name,
      { title: args.title, environment, cacheSeconds, tags },
      opts,
    );
    assertPathName('name', name);
    assertPathName('environment', environment);
    if (!Number.isInteger(cacheSeconds) || cacheSeconds < 0) {
      throw new Error(
        `cacheSeconds must be a whole number of seconds, not ${cacheSeconds}`,
      );
    }
    // One folder per stack and component, so that stacks never share a file.
    const dir = `${resolveBaseDir(
      args.baseDir,
    )}/${pulumi.getProject()}/${pulumi.getStack()}/${name}`;
    const escape = (text: string) =>
      text.replace(
        /[<>&"]/g,
        c => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' }[c]!),
      );
    const files = new FileSet(
      name,
      {
        dir,
        files: {
          'index.html': `<!doctype html>\n<title>${escape(
            args.title,
          )}</title>\n<h1>${escape(args.title)}</h1>\n<p>Environment: ${escape(
            environment,
          )}</p>\n`,
          'site.json': `${JSON.stringify(
            {
              title: args.title,
              environment,
              cacheControl:
                cacheSeconds > 0
                  ? `public, max-age=${cacheSeconds}`
                  : 'no-store',
              tags,
            },
            null,
            2,
          )}\n`,
          'robots.txt':
            environment === 'prod'
              ? 'User-agent: *\nAllow: /\n'
              : 'User-agent: *\nDisallow: /\n',
        },
      },
      { parent: this },
    );
    this.dir = files.dir;
    this.url = files.dir.apply(d => `file://${d}/index.html`);
    this.registerOutputs({ url: this.url, dir: this.dir });
  }
}
