#!/bin/sh
# soak.sh runs Kembang at saturation for a bounded time and reports
# errors, 5xx responses and resident memory growth after warm-up.
#
# Usage: DATABASE_URL=postgres://postgres@127.0.0.1:5432/kembang_soak?sslmode=disable \
#            bench/soak.sh [DURATION] [CONCURRENCY]
#
# DURATION (default 10m, at most 10m) and CONCURRENCY (default 16) are
# passed to bench/cmd/load --mixed. DATABASE_URL must name a loopback
# PostgreSQL database; set SOAK_SEED=1 to migrate and seed it first
# (kembang seed --force: it deletes every row). The server listens on
# 127.0.0.1:${SOAK_PORT:-18080} with rate limiting off, and its RSS is
# read from /proc/<pid>/status every ${SOAK_SAMPLE:-10} seconds. The
# first third of the run is warm-up: growth is measured from the first
# sample after it to the last sample.
#
# Exit status: 0 when the load saw no error, the server logged no 5xx and
# RSS grew less than 10 % after warm-up; 1 otherwise.
set -eu

duration=${1:-10m}
concurrency=${2:-16}
port=${SOAK_PORT:-18080}
sample=${SOAK_SAMPLE:-10}
: "${DATABASE_URL:?set DATABASE_URL to a loopback PostgreSQL database}"

cd "$(dirname "$0")/.."
work=$(mktemp -d)
server_pid=
cleanup() {
	if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; fi
	rm -rf "$work"
}
trap cleanup EXIT INT TERM

echo "soak: building"
go build -o "$work/kembang" ./server
go build -o "$work/load" ./bench/cmd/load

if [ "${SOAK_SEED:-0}" = 1 ]; then
	echo "soak: seeding"
	"$work/kembang" seed --force --log-level warn
fi

export KEMBANG_ADDR=127.0.0.1:$port KEMBANG_LOG_LEVEL=warn KEMBANG_RATE_LIMIT=0
# A secret of this run signs the ADMIN token the load driver sends.
KEMBANG_JWT_SECRET=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')
export KEMBANG_JWT_SECRET
KEMBANG_BENCH_TOKEN=$("$work/kembang" token --role ADMIN --subject soak --ttl 1h)
export KEMBANG_BENCH_TOKEN
"$work/kembang" serve >"$work/server.log" 2>&1 &
server_pid=$!
i=0
until curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null 2>&1; do
	i=$((i + 1))
	if [ $i -gt 100 ]; then echo "soak: the server did not become ready"; cat "$work/server.log"; exit 1; fi
	sleep 0.2
done

# rss prints the server's resident set in KiB.
rss() { awk '/^VmRSS:/ {print $2}' "/proc/$server_pid/status"; }

echo "soak: load for $duration at concurrency $concurrency, RSS every ${sample}s"
"$work/load" --url "http://127.0.0.1:$port/graphql" --database-url "$DATABASE_URL" \
	--concurrency "$concurrency" --duration "$duration" --mixed >"$work/load.out" 2>&1 &
load_pid=$!
start=$(date +%s)
: >"$work/rss"
while kill -0 "$load_pid" 2>/dev/null; do
	echo "$(($(date +%s) - start)) $(rss)" >>"$work/rss"
	sleep "$sample"
done
load_status=0
wait "$load_pid" || load_status=$?

cat "$work/load.out"
echo "soak: RSS samples (seconds KiB):"
tr '\n' ';' <"$work/rss"
echo
fivexx=$(grep -c 'status=5[0-9][0-9]' "$work/server.log" || true)
panics=$(grep -c 'panic' "$work/server.log" || true)
internal=$(grep -c 'internal error' "$work/server.log" || true)
# Errors per query: the sixth column of the load table's rows.
load_errors=$(awk '$2 ~ /^[0-9.]+$/ && $6 ~ /^[0-9]+$/ { n += $6 } END { print n + 0 }' "$work/load.out")
echo "soak: load errors: $load_errors"
if [ "$load_errors" -gt 0 ]; then load_status=1; fi
n=$(wc -l <"$work/rss")
warm=$((n / 3 + 1))
awk -v warm="$warm" -v fivexx="$fivexx" -v panics="$panics" -v internal="$internal" -v status="$load_status" '
	NR == 1 { first = $2 }
	NR == warm { base = $2; base_t = $1 }
	{ last = $2; last_t = $1; if ($2 > peak) peak = $2 }
	END {
		growth = base ? 100 * (last - base) / base : 0
		printf "soak: RSS start %d KiB, after warm-up (%ds) %d KiB, end (%ds) %d KiB, peak %d KiB: growth after warm-up %.1f %%\n", first, base_t, base, last_t, last, peak, growth
		printf "soak: server log: %d responses 5xx, %d internal errors, %d panics; load exit status %d\n", fivexx, internal, panics, status
		exit (growth >= 10 || fivexx > 0 || internal > 0 || panics > 0 || status != 0)
	}' "$work/rss" || { echo "soak: FAIL"; tail -20 "$work/server.log"; exit 1; }
echo "soak: OK"
