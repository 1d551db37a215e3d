// The service's infrastructure, in TypeScript: a service environment and its status page, from the
// organisation's component library. This is the team's code: add resources, change the defaults, and run
// preview and up from Backstage or the Pulumi CLI.
import * as pulumi from '@pulumi/pulumi';
import {
  ServiceEnvironment,
  ServiceSize,
  StaticSite,
} from '@stackyard-examples/components';

const config = new pulumi.Config();
const owner = config.require('owner');
const tags = { owner, service: pulumi.getProject() };

const service = new ServiceEnvironment('service', {
  size: (config.get('size') ?? 'small') as ServiceSize,
  replicas: config.getNumber('replicas') ?? 1,
  variables: {
    SERVICE_NAME: pulumi.getProject(),
    LOG_LEVEL: config.get('logLevel') ?? 'info',
  },
  tags,
});

const status = new StaticSite('status', {
  title: `${pulumi.getProject()} status`,
  tags,
});

export const endpoint = service.endpoint;
export const replicas = service.replicas;
export const statusPage = status.url;
