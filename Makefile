# Kembang developer tasks. CI runs .ci/run, which uses the same commands.

GO ?= go

.PHONY: run test generate lint fuzz bench

## run: start the server on :8080 (embedded SQLite in ./data, demo data on first start)
run:
	$(GO) run ./server

## test: run every test (PostgreSQL tests are skipped if no server answers on 127.0.0.1:5432)
test:
	$(GO) test ./...

## generate: regenerate the ent client, the migrations and the GraphQL code
generate:
	$(GO) generate ./...

## lint: gofmt and go vet
lint:
	@out="$$(gofmt -l .)"; if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...

## fuzz: run the fuzz targets for a short while each
fuzz:
	$(GO) test -run='^$$' -fuzz=FuzzParse -fuzztime=30s ./nip

## bench: run the benchmarks
bench:
	$(GO) test -run='^$$' -bench=. -benchmem ./...
