// Command terraform-provider-zilliz serves the Zilliz Cloud provider to Terraform.
package main

import (
	"flag"
	"log"

	"github.com/zilliz-terraform/terraform-provider-zilliz/internal/provider"
	"github.com/zilliz-terraform/terraform-provider-zilliz/internal/server"
)

// version is set by the release build (goreleaser ldflags).
var version = "dev"

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "start the provider in debug mode, for debuggers such as delve")
	flag.Parse()
	if err := server.Serve("registry.terraform.io/zilliz-terraform/zilliz", provider.New(version), debug); err != nil {
		log.Fatal(err)
	}
}
