// A static web site from the organisation's component library, set entirely by stack config: the no-code
// template's form fills the config, and nobody edits this file per site.
import * as pulumi from '@pulumi/pulumi';
import { StaticSite } from '@stackyard-examples/components';

const config = new pulumi.Config();

const site = new StaticSite(pulumi.getProject(), {
  title: config.require('title'),
  cacheSeconds: config.getNumber('cacheSeconds') ?? 300,
  tags: { owner: config.require('owner') },
});

export const url = site.url;
export const dir = site.dir;
