# Kembang developer tasks. CI runs .ci/run, which uses the same commands.

GO ?= go

.PHONY: run test generate lint fuzz bench

## run: start the server on 127.0.0.1:8080 (embedded SQLite in ./data, demo data on first start)
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

## fuzz: run every fuzz target for FUZZTIME each (CI runs their seed corpora as plain tests)
FUZZTIME ?= 30s
fuzz:
	@set -e; for pkg in $$($(GO) list ./...); do \
		for fz in $$($(GO) test -list '^Fuzz' $$pkg | grep '^Fuzz' || true); do \
			echo "== $$pkg $$fz"; \
			$(GO) test -run='^$$' -fuzz="^$$fz\$$" -fuzztime=$(FUZZTIME) $$pkg; \
		done; \
	done

## bench: run the benchmarks
bench:
	$(GO) test -run='^$$' -bench=. -benchmem ./...
