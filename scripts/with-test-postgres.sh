#!/usr/bin/env bash
# Runs a command with a throwaway PostgreSQL server for the storage tests: installs Debian's
# postgresql when it is missing, starts a server in a temporary folder on a free loopback port,
# exports CIVIL_TEST_POSTGRES_URL, runs the command, and stops and deletes the server afterwards.
# When PostgreSQL cannot be installed or started, the command still runs and the storage tests
# say that they ran on SQLite only.
set -uo pipefail

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

find_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

PG_BIN=$(find_bin)
if [ -z "$PG_BIN" ]; then
	echo "with-test-postgres: installing postgresql"
	as_root apt-get update -qq && DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq postgresql >/dev/null
	PG_BIN=$(find_bin)
fi

start_server() {
	[ -n "$PG_BIN" ] || { echo "with-test-postgres: no PostgreSQL server binaries"; return 1; }
	PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' 2>/dev/null \
		|| echo $((20000 + RANDOM % 20000)))
	PG_DIR=$(mktemp -d /tmp/civil-test-postgres.XXXXXX)
	RUN=()
	if [ "$(id -u)" = 0 ]; then
		id postgres >/dev/null 2>&1 || useradd --system --home-dir "$PG_DIR" postgres
		chown postgres "$PG_DIR"
		RUN=(runuser -u postgres --)
	fi
	"${RUN[@]}" "$PG_BIN/initdb" -D "$PG_DIR/data" -U civil -A trust -E UTF8 --no-sync >"$PG_DIR/initdb.log" 2>&1 \
		|| { cat "$PG_DIR/initdb.log"; return 1; }
	"${RUN[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 \
		-o "-p $PORT -c listen_addresses=127.0.0.1 -k $PG_DIR -c fsync=off -c max_connections=200" start >/dev/null \
		|| { cat "$PG_DIR/server.log"; return 1; }
	"$PG_BIN/createdb" -h 127.0.0.1 -p "$PORT" -U civil civil_test || return 1
	export CIVIL_TEST_POSTGRES_URL="postgres://civil:civil@127.0.0.1:$PORT/civil_test?sslmode=disable"
	echo "with-test-postgres: PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PORT"
}

stop_server() {
	if [ -n "${PG_DIR:-}" ] && [ -d "$PG_DIR/data" ]; then
		"${RUN[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast -w stop >/dev/null 2>&1
		rm -rf "$PG_DIR"
	fi
}

if ! start_server; then
	echo "with-test-postgres: WARNING: no PostgreSQL server; the storage tests run on SQLite only"
	unset CIVIL_TEST_POSTGRES_URL
fi
trap stop_server EXIT
"$@"
