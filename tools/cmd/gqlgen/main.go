// Command gqlgen generates the GraphQL executor, models and resolver
// stubs, as "go tool gqlgen generate" does, with Kembang's plugin
// (tools/codegen/gqlplugin), which renders the executor from the
// templates it carries. Run it from the module root, through go generate
// (generate.go).
package main

import (
	"fmt"
	"io"
	"log"
	"os"

	"github.com/99designs/gqlgen/api"
	"github.com/99designs/gqlgen/codegen/config"

	"kembang/tools/codegen/gqlplugin"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "gqlgen:", err)
		os.Exit(1)
	}
}

func run() error {
	log.SetOutput(io.Discard) // as gqlgen's own command does
	cfg, err := config.LoadConfigFromDefaultLocations()
	if err != nil {
		return fmt.Errorf("load config: %w", err)
	}
	// gqlgen's check that the generated packages build would build the
	// executor its core writes, which RenderExec replaces: go vet and the
	// tests build the final one.
	cfg.SkipValidation = true
	p := gqlplugin.New()
	if err := api.Generate(cfg, api.AddPlugin(p)); err != nil {
		return err
	}
	return p.RenderExec()
}
