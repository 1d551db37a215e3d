import {
  AboutResponse,
  DependencyInfo,
  GetProgramDependenciesResponse,
  GetRequiredPackagesResponse,
  GetRequiredPluginsResponse,
  RuntimeOptionPrompt as RuntimeOptionPromptMessage,
  RuntimeOptionsResponse,
} from '@pulumi/pulumi/proto/language_pb';
import {
  PackageDependency,
  PackageParameterization as PackageParameterizationMessage,
  PluginDependency,
} from '@pulumi/pulumi/proto/plugin_pb';
import type {
  AboutInfo,
  PackageParameterization,
  ProgramDependency,
  RequiredPackage,
  RuntimeOptionPrompt,
} from './types';

/** The GetRequiredPackages response for the packages found. */
export function requiredPackagesResponse(
  packages: RequiredPackage[],
): GetRequiredPackagesResponse {
  return new GetRequiredPackagesResponse().setPackagesList(
    packages.map(pkg =>
      new PackageDependency()
        .setName(pkg.name)
        .setKind('resource')
        .setVersion(pkg.version)
        .setServer(pkg.server)
        .setParameterization(parameterization(pkg.parameterization))
        .setExtension$(parameterization(pkg.extension)),
    ),
  );
}

/** The GetRequiredPlugins response of older engines: the packages as plugins, without parameterization. */
export function requiredPluginsResponse(
  packages: RequiredPackage[],
): GetRequiredPluginsResponse {
  return new GetRequiredPluginsResponse().setPluginsList(
    packages.map(pkg =>
      new PluginDependency()
        .setName(pkg.name)
        .setKind('resource')
        .setVersion(pkg.version)
        .setServer(pkg.server),
    ),
  );
}

function parameterization(
  value: PackageParameterization | undefined,
): PackageParameterizationMessage | undefined {
  return (
    value &&
    new PackageParameterizationMessage()
      .setName(value.name)
      .setVersion(value.version)
      .setValue(value.value)
  );
}

/** The About response. */
export function aboutResponse(info: AboutInfo): AboutResponse {
  const response = new AboutResponse()
    .setExecutable(info.executable)
    .setVersion(info.version);
  for (const [key, value] of Object.entries(info.metadata)) {
    response.getMetadataMap().set(key, value);
  }
  return response;
}

/** The GetProgramDependencies response. */
export function programDependenciesResponse(
  dependencies: ProgramDependency[],
): GetProgramDependenciesResponse {
  return new GetProgramDependenciesResponse().setDependenciesList(
    dependencies.map(dep =>
      new DependencyInfo().setName(dep.name).setVersion(dep.version),
    ),
  );
}

/** The RuntimeOptionsPrompts response. */
export function runtimeOptionsResponse(
  prompts: RuntimeOptionPrompt[],
): RuntimeOptionsResponse {
  const { STRING } = RuntimeOptionPromptMessage.RuntimeOptionType;
  const value = (stringValue: string, displayName = '') =>
    new RuntimeOptionPromptMessage.RuntimeOptionValue()
      .setPrompttype(STRING)
      .setStringvalue(stringValue)
      .setDisplayname(displayName);
  return new RuntimeOptionsResponse().setPromptsList(
    prompts.map(prompt =>
      new RuntimeOptionPromptMessage()
        .setKey(prompt.key)
        .setDescription(prompt.description)
        .setPrompttype(STRING)
        .setChoicesList(
          prompt.choices.map(choice => value(choice.value, choice.displayName)),
        )
        .setDefault(value(prompt.defaultValue)),
    ),
  );
}
