#!/usr/bin/env bash
# Fuzzes the four services against their own OpenAPI documents with schemathesis (all checks),
# each started on the embedded broker on a free port with a throwaway data folder, as `make run`
# starts them. Fails on any finding. Bounded: MAX_EXAMPLES per operation and phase, and
# FUZZ_TIMEOUT seconds per service. Then the public CAP feed is read as a CAP hub reads it
# (scripts/check-cap-feed.py, with feedparser). Allowances for rules a schema cannot express (an unknown
# area, an identity number's check digit) are in schemathesis.toml, each with its reason.
#
#   scripts/fuzz-openapi.sh                 all four services
#   scripts/fuzz-openapi.sh registration    one
set -euo pipefail
cd "$(dirname "$0")/.."
SCHEMATHESIS_VERSION=4.32.5
MAX_EXAMPLES=${MAX_EXAMPLES:-25}
FUZZ_TIMEOUT=${FUZZ_TIMEOUT:-600}
VENV=.build/schemathesis-venv

if ! "$VENV/bin/schemathesis" --version 2>/dev/null | grep -q "$SCHEMATHESIS_VERSION"; then
	python3 -m venv "$VENV"
	"$VENV/bin/pip" install -q "schemathesis==$SCHEMATHESIS_VERSION"
fi
"$VENV/bin/python" -c 'import feedparser' 2>/dev/null || "$VENV/bin/pip" install -q "feedparser==6.0.11"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
export REGISTRATION_PORT=$(free_port) RELIEF_PORT=$(free_port) ORGANIZATIONS_PORT=$(free_port) ALERTS_PORT=$(free_port)
DATA=$(mktemp -d)
export DATA
BIN=$(swift build --show-bin-path)
# One token per service holding every role of its department, so the fuzzer reaches past the
# role checks (four-eyes still refuses a person deciding their own submission).
EXTRA_TOKEN_ENTRIES=$(
	"$BIN/civil-token" --staff staff-9101 --department registration --roles caseworker,approver,auditor --token fuzz-registration
	"$BIN/civil-token" --staff staff-9102 --department relief --roles finance-officer,approver,auditor,care-officer,care-provider --token fuzz-relief
	"$BIN/civil-token" --staff staff-9103 --department organizations --roles clerk,registrar,auditor --token fuzz-organizations
	"$BIN/civil-token" --staff staff-9104 --department alerts --roles duty-officer,area-officer,notification-gateway,auditor --token fuzz-alerts
)
EXTRA_TOKEN_ENTRIES=$(echo "$EXTRA_TOKEN_ENTRIES" | sed -n 's/^entry: //p')
export EXTRA_TOKEN_ENTRIES
# The fuzzer calls the public register far more often than any reader may.
export HTTP_PUBLIC_REQUESTS_PER_MINUTE=1000000

setsid scripts/run-local.sh >"$DATA/stack.log" 2>&1 &
stack=$!
cleanup() {
	kill -INT -- "-$stack" 2>/dev/null || true
	wait "$stack" 2>/dev/null || true
	rm -rf "$DATA"
}
trap cleanup EXIT
for _ in $(seq 1 600); do [ -e "$DATA/stack-ready" ] && break; kill -0 "$stack" 2>/dev/null || break; sleep 0.2; done
if [ ! -e "$DATA/stack-ready" ]; then
	echo "the stack did not start:" >&2
	tail -n 20 "$DATA/stack.log" "$DATA"/*.log >&2
	exit 1
fi

services=("${@:-registration relief organizations alerts}")
failed=()
for service in ${services[*]}; do
	port_variable="${service^^}_PORT"
	echo "== schemathesis: $service-service on port ${!port_variable}"
	if ! timeout "$FUZZ_TIMEOUT" "$VENV/bin/schemathesis" --config-file schemathesis.toml run \
		"http://127.0.0.1:${!port_variable}/openapi.yaml" --checks all --max-examples "$MAX_EXAMPLES" \
		--header "Authorization: Bearer fuzz-$service" --seed 20261206 --no-color; then
		failed+=("$service")
	fi
	# Every service must still be alive after its run.
	curl -fsS "127.0.0.1:${!port_variable}/health/live" >/dev/null || { echo "$service-service died" >&2; failed+=("$service (died)"); }
done
# The public CAP feed as a CAP hub reads it (Atom, then each linked CAP document).
if [[ " ${services[*]} " == *" alerts "* ]]; then
	"$VENV/bin/python" scripts/check-cap-feed.py "http://127.0.0.1:$ALERTS_PORT" demo-duty || failed+=("alerts (CAP feed)")
fi
if [ ${#failed[@]} -gt 0 ]; then
	echo "schemathesis found problems in: ${failed[*]}" >&2
	exit 1
fi
echo "schemathesis: no findings"
