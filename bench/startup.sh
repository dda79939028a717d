#!/usr/bin/env bash
# Start-up time of Kembang on the embedded store: from exec to the first
# 200 of /readyz, polled every 10 ms, and the resident memory (VmRSS) at
# that moment.
#
#   bench/startup.sh [RUNS]        (default 5)
#
# Builds the server, then measures RUNS first starts on an empty data
# directory (which seed the demo data: KEMBANG_SEED_EMPLOYEES, 1200 by
# default) and RUNS restarts on the seeded directory. Loopback only
# (KEMBANG_PORT, 18090). Prints one line per run and the median of each.
set -euo pipefail

runs=${1:-5}
root=$(cd "$(dirname "$0")/.." && pwd)
port=${KEMBANG_PORT:-18090}
tmp=$(mktemp -d /tmp/kembang-startup.XXXXXX)
pid=
cleanup() {
	if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
	rm -rf "$tmp"
}
trap cleanup EXIT

(cd "$root" && go build -o "$tmp/kembang" ./server)

# once DIR: starts the server on DIR, waits for /readyz, sets ms and rss
# (MB), stops it.
ms= rss=
once() {
	local dir=$1 t0 t1
	t0=$(date +%s%N)
	KEMBANG_LOG_LEVEL=warn "$tmp/kembang" --data-dir "$dir" --addr "127.0.0.1:$port" >>"$tmp/log" 2>&1 &
	pid=$!
	for _ in $(seq 1 6000); do
		if curl -fsS -o /dev/null "http://127.0.0.1:$port/readyz" 2>/dev/null; then
			t1=$(date +%s%N)
			rss=$(awk '/^VmRSS:/ {printf "%.1f", $2/1024}' "/proc/$pid/status")
			kill "$pid"; wait "$pid" 2>/dev/null || true; pid=
			ms=$(( (t1 - t0) / 1000000 ))
			return
		fi
		sleep 0.01
	done
	echo "startup: not ready after 60 s" >&2
	tail -n 20 "$tmp/log" >&2
	exit 1
}

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

echo "startup: $runs runs each, load average $(cut -d' ' -f1-3 /proc/loadavg)"
first=() again=()
for i in $(seq 1 "$runs"); do
	dir="$tmp/data$i"
	once "$dir"
	echo "first start (seeds the demo data) #$i: ${ms} ms to ready, RSS ${rss} MB"
	first+=("$ms")
	once "$dir"
	echo "restart on the seeded store       #$i: ${ms} ms to ready, RSS ${rss} MB"
	again+=("$ms")
done
echo "median: first start $(printf '%s\n' "${first[@]}" | median) ms, restart $(printf '%s\n' "${again[@]}" | median) ms"
