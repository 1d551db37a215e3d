"""The service's infrastructure, in Python: a service environment and its status page, from the
organisation's component library, which the `stackyard` component provider serves to programs in any
language. This is the team's code: add resources, change the defaults, and run preview and up from
Backstage or the Pulumi CLI."""

from typing import Mapping, Optional

import pulumi


class ServiceEnvironment(pulumi.ComponentResource):
    """Where a service runs in one environment: its environment file, limits and instances."""

    dir: pulumi.Output[str]
    """The folder of the environment."""
    endpoint: pulumi.Output[str]
    """Where the service answers."""
    size: pulumi.Output[str]
    """The instance size: small, medium or large."""
    replicas: pulumi.Output[int]
    """How many instances run."""

    def __init__(
        self,
        name: str,
        size: str = "small",
        replicas: int = 1,
        variables: Optional[Mapping[str, str]] = None,
        tags: Optional[Mapping[str, str]] = None,
        environment: Optional[str] = None,
        opts: Optional[pulumi.ResourceOptions] = None,
    ) -> None:
        props = {
            "environment": environment,
            "size": size,
            "replicas": replicas,
            "variables": variables,
            "tags": tags,
            # The outputs, which the provider fills in.
            "dir": None,
            "endpoint": None,
        }
        super().__init__(
            "stackyard:index:ServiceEnvironment", name, props, opts, remote=True
        )


class StaticSite(pulumi.ComponentResource):
    """A static web site: its page, its config file and a robots.txt."""

    url: pulumi.Output[str]
    """The site's address."""
    dir: pulumi.Output[str]
    """The folder of the site."""

    def __init__(
        self,
        name: str,
        title: str,
        tags: Optional[Mapping[str, str]] = None,
        environment: Optional[str] = None,
        cache_seconds: Optional[int] = None,
        opts: Optional[pulumi.ResourceOptions] = None,
    ) -> None:
        props = {
            "title": title,
            "environment": environment,
            "cacheSeconds": cache_seconds,
            "tags": tags,
            # The outputs, which the provider fills in.
            "url": None,
            "dir": None,
        }
        super().__init__("stackyard:index:StaticSite", name, props, opts, remote=True)


config = pulumi.Config()
owner = config.require("owner")
project = pulumi.get_project()
tags = {"owner": owner, "service": project}

service = ServiceEnvironment(
    "service",
    size=config.get("size") or "small",
    replicas=config.get_int("replicas") or 1,
    variables={
        "SERVICE_NAME": project,
        "LOG_LEVEL": config.get("logLevel") or "info",
    },
    tags=tags,
)

status = StaticSite("status", title=f"{project} status", tags=tags)

pulumi.export("endpoint", service.endpoint)
pulumi.export("replicas", service.replicas)
pulumi.export("statusPage", status.url)
