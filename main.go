// Command terraform-provider-zilliz serves the Zilliz Cloud provider to Terraform.
package main

import (
	"context"
	"flag"
	"log"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	"github.com/zilliz-terraform/terraform-provider-zilliz/internal/provider"
)

// version is set by the release build (goreleaser ldflags).
var version = "dev"

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "start the provider in debug mode, for debuggers such as delve")
	flag.Parse()

	err := providerserver.Serve(context.Background(), provider.New(version), providerserver.ServeOpts{
		Address: "registry.terraform.io/zilliz-terraform/zilliz",
		Debug:   debug,
	})
	if err != nil {
		log.Fatal(err)
	}
}
