// A Pulumi program in Go for the tests of our Go language host: it builds a StaticSite of the component
// library through the `stackyard` component provider when the config `title` is set, and exports the
// environment variables that the config `envNames` names, as far as they are set.
package main

import (
	"os"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"
)

// StaticSite is the component provider's stackyard:index:StaticSite.
type StaticSite struct {
	pulumi.ResourceState

	URL pulumi.StringOutput `pulumi:"url"`
	Dir pulumi.StringOutput `pulumi:"dir"`
}

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		cfg := config.New(ctx, "")
		if title := cfg.Get("title"); title != "" {
			var site StaticSite
			err := ctx.RegisterRemoteComponentResource("stackyard:index:StaticSite", "site", pulumi.Map{
				"title":        pulumi.String(title),
				"cacheSeconds": pulumi.Int(60),
			}, &site)
			if err != nil {
				return err
			}
			ctx.Export("url", site.URL)
			ctx.Export("dir", site.Dir)
		}
		env := pulumi.StringMap{}
		for _, name := range strings.Fields(cfg.Get("envNames")) {
			if value, ok := os.LookupEnv(name); ok {
				env[name] = pulumi.String(value)
			}
		}
		ctx.Export("env", pulumi.ToSecret(env))
		ctx.Export("stack", pulumi.String(ctx.Stack()))
		return nil
	})
}
