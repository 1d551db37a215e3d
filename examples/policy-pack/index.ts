// The organisation's rules for the example components. Mandatory rules stop a preview or an update;
// advisory ones show as warnings. Each rule's level and settings can be changed per template through the
// pack's config (see the templates' policyPacks inputs).
import {
  PolicyPack,
  ResourceValidationArgs,
  ReportViolation,
} from '@pulumi/policy';

const STATIC_SITE = 'stackyard:index:StaticSite';
const SERVICE_ENVIRONMENT = 'stackyard:index:ServiceEnvironment';

/** The inputs of a component, as its policies see them. */
type Props = Record<string, any>;

const onComponents =
  (
    types: string[],
    check: (
      props: Props,
      args: ResourceValidationArgs,
      report: ReportViolation,
    ) => void,
  ) =>
  (args: ResourceValidationArgs, report: ReportViolation) => {
    if (types.includes(args.type)) check(args.props, args, report);
  };

new PolicyPack('stackyard-guardrails', {
  policies: [
    {
      name: 'owner-tag-required',
      description:
        'Every site and service environment names its owning team in tags.owner.',
      enforcementLevel: 'mandatory',
      validateResource: onComponents(
        [STATIC_SITE, SERVICE_ENVIRONMENT],
        (props, args, report) => {
          const owner = props.tags?.owner;
          if (typeof owner !== 'string' || owner.trim() === '') {
            report(
              `${args.name} has no owner: set tags.owner to the team that runs it, such as group:default/platform-team.`,
            );
          }
        },
      ),
    },
    {
      name: 'allowed-sizes',
      description:
        'Service environments use one of the sizes the organisation allows.',
      enforcementLevel: 'mandatory',
      configSchema: {
        properties: {
          allowedSizes: {
            type: 'array',
            items: { type: 'string' },
            default: ['small', 'medium'],
          },
        },
      },
      validateResource: onComponents(
        [SERVICE_ENVIRONMENT],
        (props, args, report) => {
          const { allowedSizes } = args.getConfig<{ allowedSizes: string[] }>();
          if (!allowedSizes.includes(props.size)) {
            report(
              `${args.name} asks for size '${
                props.size
              }'; allowed sizes are ${allowedSizes.join(', ')}.`,
            );
          }
        },
      ),
    },
    {
      name: 'max-replicas',
      description:
        'Service environments run no more instances than the organisation allows.',
      enforcementLevel: 'mandatory',
      configSchema: {
        properties: { maxReplicas: { type: 'integer', default: 5 } },
      },
      validateResource: onComponents(
        [SERVICE_ENVIRONMENT],
        (props, args, report) => {
          const { maxReplicas } = args.getConfig<{ maxReplicas: number }>();
          if (props.replicas > maxReplicas) {
            report(
              `${args.name} asks for ${props.replicas} replicas; at most ${maxReplicas} are allowed.`,
            );
          }
        },
      ),
    },
    {
      name: 'production-caching',
      description: 'Production sites let browsers cache their content.',
      enforcementLevel: 'advisory',
      validateResource: onComponents([STATIC_SITE], (props, args, report) => {
        if (props.environment === 'prod' && props.cacheSeconds === 0) {
          report(
            `${args.name} is a production site with caching off; consider cacheSeconds of 300 or more.`,
          );
        }
      }),
    },
  ],
});
