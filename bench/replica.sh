#!/usr/bin/env bash
# replica.sh starts a second local PostgreSQL 15 cluster as a streaming
# replica of the primary on 127.0.0.1:5432, runs the read-replica tests
# against the pair (internal/store TestReplicaStreaming: reads served by
# the replica, writes by the primary, read-your-writes within a request,
# the fall-back to the primary when the replica lags; server
# TestServeReadReplica: the same through GraphQL over HTTP and /metrics),
# then stops the replica and removes its data.
#
#   bench/replica.sh          # start, test, stop
#   bench/replica.sh start    # start only; prints KEMBANG_REPLICA_URL
#   bench/replica.sh stop     # stop and remove a replica left by start
#
# The replica is a pg_basebackup -R of the primary (as the postgres user)
# into $REPLICA_DIR (default /tmp/kembang-replica-$REPLICA_PORT), started
# with pg_ctl on 127.0.0.1:$REPLICA_PORT (default 5433).
#
# The primary must accept replication connections from 127.0.0.1. If its
# pg_hba.conf has no such rule, this script appends one
# ("host replication all 127.0.0.1/32 trust", once) and reloads the
# primary's configuration (pg_reload_conf(): no restart, no effect on
# open sessions). That is the only change it makes to the primary; it
# needs wal_level=replica (PostgreSQL's default) and a free WAL sender.
# Environment: PRIMARY_PORT (5432), REPLICA_PORT (5433), REPLICA_DIR,
# PG_BIN (pg_config --bindir or /usr/lib/postgresql/15/bin).
set -euo pipefail

primary_port=${PRIMARY_PORT:-5432}
port=${REPLICA_PORT:-5433}
dir=${REPLICA_DIR:-/tmp/kembang-replica-$port}
bin=${PG_BIN:-$(pg_config --bindir 2>/dev/null || echo /usr/lib/postgresql/15/bin)}
root=$(cd "$(dirname "$0")/.." && pwd)
url="postgres://postgres@127.0.0.1:$port/postgres?sslmode=disable"

# as runs a command as the postgres user: PostgreSQL refuses to run as root.
as() {
	if [ "$(id -u)" = 0 ]; then
		runuser -u postgres -- "$@"
	else
		"$@"
	fi
}

primary() { psql -h 127.0.0.1 -p "$primary_port" -U postgres -d postgres -Atqc "$1"; }

allow_replication() {
	local rules
	rules=$(primary "SELECT count(*) FROM pg_hba_file_rules WHERE 'replication' = ANY(database) AND type = 'host' AND address = '127.0.0.1' AND auth_method = 'trust'")
	if [ "$rules" != 0 ]; then
		return
	fi
	local hba
	hba=$(primary "SHOW hba_file")
	echo "replica: allowing replication from 127.0.0.1 in $hba and reloading the primary"
	printf '# Added by kembang bench/replica.sh: streaming replicas on this machine.\nhost replication all 127.0.0.1/32 trust\n' >>"$hba"
	primary "SELECT pg_reload_conf()" >/dev/null
	sleep 1
}

start() {
	if [ -e "$dir" ]; then
		echo "replica: $dir exists; run $0 stop first" >&2
		exit 1
	fi
	allow_replication
	mkdir -p "$dir"
	chown postgres: "$dir" 2>/dev/null || true
	chmod 700 "$dir"
	echo "replica: base backup of 127.0.0.1:$primary_port into $dir"
	as "$bin/pg_basebackup" -h 127.0.0.1 -p "$primary_port" -U postgres -D "$dir/data" -R -X stream -c fast
	# Debian keeps postgresql.conf and pg_hba.conf outside the data
	# directory: the copy gets its own. A hot standby needs these limits
	# at least as high as the primary's.
	local limits=""
	for s in max_connections max_worker_processes max_prepared_transactions max_locks_per_transaction max_wal_senders; do
		limits+="$s = $(primary "SHOW $s")"$'\n'
	done
	as tee "$dir/data/postgresql.conf" >/dev/null <<CONF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$dir'
hot_standby = on
shared_buffers = 32MB
$limits
CONF
	as tee "$dir/data/pg_hba.conf" >/dev/null <<HBA
local all all trust
host all all 127.0.0.1/32 trust
HBA
	as touch "$dir/data/pg_ident.conf"
	as "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start >/dev/null
	for _ in $(seq 1 60); do
		if [ "$(psql "$url" -Atqc 'SELECT pg_is_in_recovery()' 2>/dev/null)" = t ]; then
			echo "replica: streaming on 127.0.0.1:$port"
			echo "KEMBANG_REPLICA_URL=$url"
			return
		fi
		sleep 1
	done
	echo "replica: not in recovery after 60s; see $dir/server.log" >&2
	exit 1
}

stop() {
	if [ -e "$dir/data/postmaster.pid" ]; then
		as "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null || true
	fi
	rm -rf "$dir"
	echo "replica: stopped, $dir removed"
}

case "${1:-all}" in
start) start ;;
stop) stop ;;
all)
	trap stop EXIT
	start
	cd "$root"
	export KEMBANG_REPLICA_URL=$url KEMBANG_REQUIRE_POSTGRES=1
	go test -count=1 -v -run 'TestReplicaStreaming' ./internal/store/
	go test -count=1 -v -run 'TestServeReadReplica' ./server/
	;;
*)
	echo "usage: $0 [start|stop]" >&2
	exit 2
	;;
esac
