#!/usr/bin/env bash
# Side-by-side run: Kembang, PostGraphile v4 and a raw-SQL baseline on the
# same PostgreSQL database, one driver run, ratios printed at the end.
#
#   bench/compare.sh postgres://postgres@127.0.0.1:5432/kembang_bench?sslmode=disable [load flags…]
#
# Load the database first (go run ./bench/cmd/gen …). PostGraphile 4 and
# the connection-filter plugin are installed with npm into a temporary
# folder outside the repository, removed on exit. Kembang runs with a
# random JWT secret of this run only (KEMBANG_JWT_SECRET) and the driver
# sends it an ADMIN token minted with that secret (kembang token); the
# driver samples Kembang's resident memory (--server-pid). Environment:
# KEMBANG_PORT (18080), PG_PORT (5050), DURATION (10s), CONCURRENCY (16),
# KEMBANG_BIN (a prebuilt server binary instead of building ./server);
# KEMBANG_PPROF_ADDR (e.g. 127.0.0.1:6060) is passed on to Kembang. Load
# flags after the URL (--queries, --rounds N, …) go to the driver.
# COLD=N runs the driver's cold mode: the driver itself starts a fresh
# Kembang and a fresh PostGraphile for each query's run (and a fresh pool
# for raw SQL) and reports the first N requests apart (bench/cmd/load/cold.go
# says what fresh means).
# FLOOR=1 adds the driver's floor target (--floor): Kembang's captured
# responses served by a minimal HTTP server (bench/cmd/floor, built here).
set -euo pipefail

url=${1:?usage: compare.sh DATABASE_URL [load flags…]}
shift
root=$(cd "$(dirname "$0")/.." && pwd)
kport=${KEMBANG_PORT:-18080}
pport=${PG_PORT:-5050}
tmp=$(mktemp -d /tmp/kembang-compare.XXXXXX)
pids=()
cleanup() {
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
	wait 2>/dev/null || true
	rm -rf "$tmp"
}
trap cleanup EXIT

echo "compare: installing postgraphile@4 into $tmp"
(cd "$tmp" && npm init -y >/dev/null && npm install --silent --no-audit --no-fund \
	postgraphile@4 postgraphile-plugin-connection-filter@2 >/dev/null)
# Relation filters (employees by their position's job type) need a build
# option the v4 command line only takes from .postgraphilerc.js.
cat >"$tmp/.postgraphilerc.js" <<'RC'
module.exports = { options: { graphileBuildOptions: { connectionFilterRelations: true } } };
RC

if [ -n "${KEMBANG_BIN:-}" ]; then
	# A binary built elsewhere, e.g. of another commit for a before/after
	# comparison (docs/performance.md).
	echo "compare: starting $KEMBANG_BIN on 127.0.0.1:$kport"
	cp "$KEMBANG_BIN" "$tmp/kembang"
else
	echo "compare: building and starting Kembang on 127.0.0.1:$kport"
	(cd "$root" && go build -o "$tmp/kembang" ./server)
fi
# A secret for this run only (64 base64 characters from 48 random bytes),
# never printed; the token is minted by the same binary with it.
secret=$(head -c 48 /dev/urandom | base64 | tr -d '\n')
KEMBANG_BENCH_TOKEN=$(KEMBANG_JWT_SECRET=$secret "$tmp/kembang" token --role ADMIN --subject bench --ttl 2h)
export KEMBANG_BENCH_TOKEN
kcmd=("$tmp/kembang" --database-url "$url" --addr "127.0.0.1:$kport" --rate-limit 0)
pcmd=(./node_modules/.bin/postgraphile -c "$url" --schema public --host 127.0.0.1 --port "$pport"
	--disable-default-mutations --append-plugins postgraphile-plugin-connection-filter --disable-query-log)
if [ -n "${COLD:-}" ]; then
	# The driver starts and stops the servers; they inherit the secret
	# from its environment, not from a command line.
	export KEMBANG_JWT_SECRET=$secret KEMBANG_LOG_LEVEL=warn
	cd "$root"
	go run ./bench/cmd/load --url "http://127.0.0.1:$kport/graphql" \
		--postgraphile-url "http://127.0.0.1:$pport/graphql" --raw --database-url "$url" \
		--duration "${DURATION:-10s}" --concurrency "${CONCURRENCY:-16}" --cold "$COLD" \
		--server-log "$tmp/servers.log" --kembang-cmd "exec $(printf '%q ' "${kcmd[@]}")" \
		--postgraphile-cmd "cd $(printf '%q' "$tmp") && exec $(printf '%q ' "${pcmd[@]}")" "$@"
	exit
fi
KEMBANG_JWT_SECRET=$secret KEMBANG_LOG_LEVEL=warn "${kcmd[@]}" >"$tmp/kembang.log" 2>&1 &
kpid=$!
pids+=($kpid)

echo "compare: starting PostGraphile on 127.0.0.1:$pport"
# Run the installed binary directly (not through npx) so that its pid is the
# server and the trap stops it.
(cd "$tmp" && exec "${pcmd[@]}") >"$tmp/postgraphile.log" 2>&1 &
pids+=($!)

for i in $(seq 1 60); do
	if curl -fsS "http://127.0.0.1:$kport/readyz" >/dev/null 2>&1 &&
		curl -fsS -H 'Content-Type: application/json' -d '{"query":"{__typename}"}' \
			"http://127.0.0.1:$pport/graphql" >/dev/null 2>&1; then
		break
	fi
	if [ "$i" = 60 ]; then
		echo "compare: servers did not start" >&2
		tail -n 20 "$tmp/kembang.log" "$tmp/postgraphile.log" >&2
		exit 1
	fi
	sleep 1
done

cd "$root"
floor=()
if [ -n "${FLOOR:-}" ]; then
	go build -o "$tmp/floor" ./bench/cmd/floor
	floor=(--floor --floor-bin "$tmp/floor")
fi
go run ./bench/cmd/load --url "http://127.0.0.1:$kport/graphql" \
	--postgraphile-url "http://127.0.0.1:$pport/graphql" --raw --database-url "$url" \
	--duration "${DURATION:-10s}" --concurrency "${CONCURRENCY:-16}" --server-pid "$kpid" "${floor[@]}" "$@"
