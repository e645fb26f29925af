#!/usr/bin/env bash
# The local stack for a newcomer: the embedded Kafka broker with every catalog topic, and the
# four services on fixed local ports, with SQLite files under data/, demo tokens and (once, unless
# DEMO=0) a small demo data set. Ctrl-C stops everything. The services keep their data across
# runs; the embedded broker starts empty each time and events already published are not
# republished: the services' outboxes keep sent events for a week, but replaying them into a new
# broker would need a "republish" command none has yet. Start with a fresh data folder
# (make clean) when the services need to see each other's earlier events.
set -euo pipefail
cd "$(dirname "$0")/.."
DATA=${DATA:-data}
# Fixed ports for a newcomer; the OpenAPI fuzz run (scripts/fuzz-openapi.sh) passes free ones.
REGISTRATION_PORT=${REGISTRATION_PORT:-8081}
RELIEF_PORT=${RELIEF_PORT:-8082}
ORGANIZATIONS_PORT=${ORGANIZATIONS_PORT:-8083}
ALERTS_PORT=${ALERTS_PORT:-8084}
BIN=$(swift build --show-bin-path)
mkdir -p "$DATA/secrets"

pids=()
broker_pid=
# The services stop first, while the broker still answers their last flushes and commits; the
# broker stops once they have gone. Stopped together, the services waited out their close
# timeouts against a broker already gone (relief-service and alerts-service took about 45 s).
stop() {
	trap - INT TERM EXIT
	for pid in "${pids[@]}"; do [ "$pid" = "$broker_pid" ] || kill -TERM "$pid" 2>/dev/null || true; done
	for pid in "${pids[@]}"; do [ "$pid" = "$broker_pid" ] || wait "$pid" 2>/dev/null || true; done
	if [ -n "$broker_pid" ]; then kill -TERM "$broker_pid" 2>/dev/null || true; fi
	wait 2>/dev/null || true
	echo "stopped"
}
trap stop INT TERM EXIT

rm -f "$DATA/bootstrap-servers" "$DATA/stack-ready"
# In a session of its own, so that Ctrl-C at the terminal reaches the services but not the
# broker, which `stop` ends last.
setsid "$BIN/civil-broker" --brokers 3 --bootstrap-file "$DATA/bootstrap-servers" >"$DATA/civil-broker.log" 2>&1 &
broker_pid=$!
pids+=($!)
for _ in $(seq 1 100); do [ -s "$DATA/bootstrap-servers" ] && break; sleep 0.1; done
BOOTSTRAP=$(cat "$DATA/bootstrap-servers")

# Demo secrets: made once, kept in data/secrets (never use these outside a laptop), one folder
# per service as in production: each service reads only its own tokens, and only registration
# holds the pseudonym key. A data folder from before the split keeps its pseudonym key.
mkdir -p "$DATA/secrets/registration" "$DATA/secrets/relief" "$DATA/secrets/organizations" "$DATA/secrets/alerts"
if [ ! -s "$DATA/secrets/registration/pseudonym-key" ]; then
	if [ -s "$DATA/secrets/pseudonym-key" ]; then mv "$DATA/secrets/pseudonym-key" "$DATA/secrets/registration/pseudonym-key"
	else head -c 32 /dev/urandom | base64 >"$DATA/secrets/registration/pseudonym-key"; fi
fi
rm -f "$DATA/secrets/auth-tokens" "$DATA/secrets/pseudonym-key"
# staff department roles services token
demo_tokens="staff-0042 registration caseworker registration demo-caseworker
staff-0007 registration approver registration demo-approver
staff-0900 audit auditor registration,relief,organizations,alerts demo-auditor
staff-0300 relief finance-officer relief demo-finance
staff-0301 relief approver relief demo-finance-approver
staff-0302 relief finance-officer relief demo-finance2
staff-0320 relief care-officer relief demo-care-officer
staff-0101 organizations clerk organizations demo-clerk
staff-0102 organizations registrar organizations demo-registrar
staff-0201 alerts duty-officer alerts demo-duty
staff-0202 alerts duty-officer alerts demo-duty2
staff-0310 alerts area-officer alerts demo-officer"
entries=$(echo "$demo_tokens" | while read -r staff department roles services token; do
	"$BIN/civil-token" --staff "$staff" --department "$department" --roles "$roles" --services "$services" --token "$token" \
		| sed -n 's/^entry: //p'
done)
# More entries (e.g. the fuzz run's tokens), one auth.tokens line each.
[ -z "${EXTRA_TOKEN_ENTRIES:-}" ] || entries="$entries
$EXTRA_TOKEN_ENTRIES"
# Each service's file holds the entries whose last field (the scope) names it.
for service in registration relief organizations alerts; do
	echo "$entries" | awk -v s="$service" '{ n = split($5, scope, ","); for (i = 1; i <= n; i++) if (scope[i] == s) print }' \
		>"$DATA/secrets/$service/auth-tokens"
done

"$BIN/registration-service" --http-port "$REGISTRATION_PORT" --kafka-bootstrap "$BOOTSTRAP" --database-url "$DATA/registration.sqlite" \
	--areas-file Services/Registration/demo/areas.json --home-care-policy-file Services/Registration/demo/home-care-policy.json \
	--secrets-directory "$DATA/secrets/registration" >"$DATA/registration.log" 2>&1 &
pids+=($!)

"$BIN/relief-service" --http-port "$RELIEF_PORT" --kafka-bootstrap "$BOOTSTRAP" --database-url "$DATA/relief.sqlite" \
	--programs-file Services/Relief/demo/programs.json --secrets-directory "$DATA/secrets/relief" >"$DATA/relief.log" 2>&1 &
pids+=($!)

"$BIN/organizations-service" --http-port "$ORGANIZATIONS_PORT" --kafka-bootstrap "$BOOTSTRAP" --database-url "$DATA/organizations.sqlite" \
	--registrar-policy-file Services/Organizations/demo/registrar-policy.json --secrets-directory "$DATA/secrets/organizations" \
	>"$DATA/organizations.log" 2>&1 &
pids+=($!)

"$BIN/alerts-service" --http-port "$ALERTS_PORT" --kafka-bootstrap "$BOOTSTRAP" --database-url "$DATA/alerts.sqlite" \
	--areas-file Services/Alerts/demo/areas.json \
	--stock-catalog-file Services/Alerts/demo/relief-materials.json --secrets-directory "$DATA/secrets/alerts" >"$DATA/alerts.log" 2>&1 &
pids+=($!)

# Wait until every service answers ready.
for port in "$REGISTRATION_PORT" "$RELIEF_PORT" "$ORGANIZATIONS_PORT" "$ALERTS_PORT"; do
	for _ in $(seq 1 300); do
		curl -fsS "localhost:$port/health/ready" >/dev/null 2>&1 && break
		sleep 0.2
	done
done

# A small demo data set, once per data folder (DEMO=0 skips it): a household of two in the
# village of 龙井村, one of them 88 and living alone, and a shelter near them.
if [ "${DEMO:-1}" != 0 ] && [ ! -e "$DATA/demo-seeded" ]; then
	household=$(curl -fsS -X POST "localhost:$REGISTRATION_PORT/v1/households" -H 'Authorization: Bearer demo-caseworker' \
		-H 'Content-Type: application/json' -d '{"areaCode":"330106101201"}' | sed -n 's/.*"householdId":"\([^"]*\)".*/\1/p')
	if [ -n "$household" ]; then
		curl -fsS -o /dev/null -X POST "localhost:$REGISTRATION_PORT/v1/residents" -H 'Authorization: Bearer demo-caseworker' \
			-H 'Content-Type: application/json' \
			-d "{\"identityNumber\":\"330106193704120021\",\"name\":\"陈桂英\",\"phone\":\"13800000021\",\"householdId\":\"$household\",\"relationship\":\"head\"}"
		curl -fsS -o /dev/null -X POST "localhost:$REGISTRATION_PORT/v1/residents" -H 'Authorization: Bearer demo-caseworker' \
			-H 'Content-Type: application/json' \
			-d "{\"identityNumber\":\"510107201903010324\",\"name\":\"陈小雨\",\"householdId\":\"$household\",\"relationship\":\"grandchild\",\"leftBehindChild\":true}"
		curl -fsS -o /dev/null -X POST "localhost:$ALERTS_PORT/v1/shelters" -H 'Authorization: Bearer demo-officer' \
			-H 'Content-Type: application/json' \
			-d '{"shelterId":"SH-330106-LJ","name":"龙井村文化礼堂避灾安置点","areaCode":"330106101201","capacity":80,"location":{"latitude":30.2312,"longitude":120.1225}}'
		curl -fsS -o /dev/null -X POST "localhost:$ALERTS_PORT/v1/stores" -H 'Authorization: Bearer demo-duty' \
			-H 'Content-Type: application/json' -d '{"storeId":"WH-330106","name":"西湖区救灾物资储备库","kind":"district","areaCode":"330106"}'
		for receipt in '{"item":"quilt","quantity":400}' '{"item":"folding-bed","quantity":300}' \
			'{"item":"drinking-water","quantity":200}' '{"item":"instant-food","quantity":150}' '{"item":"emergency-lamp","quantity":40}'; do
			curl -fsS -o /dev/null -X POST "localhost:$ALERTS_PORT/v1/stores/WH-330106/receipts" -H 'Authorization: Bearer demo-duty' \
				-H 'Content-Type: application/json' -d "$receipt"
		done
		echo "$household" >"$DATA/demo-seeded"
		echo "demo data: household $household (2 residents) in 330106101201, shelter SH-330106-LJ, store WH-330106"
	fi
fi

touch "$DATA/stack-ready"
cat <<INFO

Kafka (embedded, empty at each start): $BOOTSTRAP        topics: swift run civil-topics
Half-year report from the topics alone (in another terminal): make report   (writes $DATA/report/report.html)
registration-service: http://127.0.0.1:8081   (OpenAPI: /openapi.yaml, health: /health/ready, metrics: /metrics)
relief-service:       http://127.0.0.1:8082   (programs, entitlements, payroll runs, payments; programs in Services/Relief/demo/programs.json)
organizations-service: http://127.0.0.1:8083  (filings with the registrar; the public register at /v1/register)
alerts-service:       http://127.0.0.1:8084   (CAP alerts, notifications, answers, shelters; areas in Services/Alerts/demo/areas.json)

Consoles (sign in with a demo token below):
  registration (caseworkers, approvers):  http://127.0.0.1:$REGISTRATION_PORT/console/
  relief (finance office):                http://127.0.0.1:$RELIEF_PORT/console/
  organizations (clerks, registrars):     http://127.0.0.1:$ORGANIZATIONS_PORT/console/   public register: http://127.0.0.1:$ORGANIZATIONS_PORT/console/register
  alerts, the typhoon room (duty officers; area officers' list at /console/follow-up): http://127.0.0.1:$ALERTS_PORT/console/

Demo tokens (each good only at its department's service; data/secrets/<service>/auth-tokens):
             demo-caseworker (staff-0042), demo-approver (staff-0007, registration), demo-auditor (staff-0900, all four),
             demo-finance and demo-finance2 (staff-0300, staff-0302), demo-finance-approver (staff-0301, relief),
             demo-care-officer (staff-0320, relief: home-care providers and call-backs),
             demo-clerk (staff-0101), demo-registrar (staff-0102, organizations),
             demo-duty and demo-duty2 (staff-0201, staff-0202, duty officers), demo-officer (staff-0310, area officer)
Logs: $DATA/*.log

Try (paste the lines in order: each sets a shell variable the next ones use):
  H=\$(curl -s -X POST localhost:8081/v1/households -H 'Authorization: Bearer demo-caseworker' -H 'Content-Type: application/json' \\
       -d '{"areaCode":"330106001001"}' | sed -n 's/.*"householdId":"\([^"]*\)".*/\1/p'); echo \$H
  RESIDENT=\$(curl -s -X POST localhost:8081/v1/residents -H 'Authorization: Bearer demo-caseworker' -H 'Content-Type: application/json' \\
       -d '{"identityNumber":"330106193805120047","name":"王秀英","phone":"13800000047","householdId":"'\$H'","relationship":"head"}')
  R=\$(echo "\$RESIDENT" | sed -n 's/.*"residentId":"\([^"]*\)".*/\1/p'); P=\$(echo "\$RESIDENT" | sed -n 's/.*"personId":"\([^"]*\)".*/\1/p'); echo \$R \$P
  A=\$(curl -s -X POST localhost:8081/v1/applications -H 'Authorization: Bearer demo-caseworker' -H 'Content-Type: application/json' \\
       -d '{"householdId":"'\$H'","beneficiaryResidentId":"'\$R'","program":"dibao","householdMonthlyIncomeFen":30000}' \\
       | sed -n 's/.*"applicationId":"\([^"]*\)".*/\1/p'); echo \$A
  curl -s -X POST localhost:8081/v1/applications/\$A/decisions -H 'Authorization: Bearer demo-approver' \\
       -H 'Content-Type: application/json' -d '{"action":"approve"}'
  sleep 3   # the decision reaches relief (and the resident reaches alerts) through Kafka
  M=\$(TZ=Asia/Shanghai date -d "\$(TZ=Asia/Shanghai date +%Y-%m-15) +1 month" +%Y-%m); echo \$M   # decisions take effect next month
  curl -s "localhost:8082/v1/entitlements?month=\$M" -H 'Authorization: Bearer demo-finance'
  curl -s -X POST localhost:8082/v1/payroll-runs -H 'Authorization: Bearer demo-finance' -H 'Content-Type: application/json' \\
       -d '{"program":"dibao","period":"'\$M'"}'
  curl -s -X POST localhost:8082/v1/payroll-runs/RUN-dibao-\$M-1/approval -H 'Authorization: Bearer demo-finance-approver'
  curl -s -X POST localhost:8082/v1/payroll-runs/RUN-dibao-\$M-1/release -H 'Authorization: Bearer demo-finance'
  curl -s localhost:8082/v1/payroll-runs/RUN-dibao-\$M-1/reconciliation -H 'Authorization: Bearer demo-finance'
  curl -s -X POST localhost:8084/v1/alerts -H 'Authorization: Bearer demo-duty' -H 'Content-Type: application/cap+xml' \\
       --data-binary @Services/Alerts/demo/test-alert.xml
  sleep 3   # dispatch runs through Kafka
  curl -s localhost:8084/v1/alerts/urn:oid:2.49.0.1.156.330106.2026.1129.99/areas -H 'Authorization: Bearer demo-officer'
  curl -s -X POST localhost:8084/v1/alerts/urn:oid:2.49.0.1.156.330106.2026.1129.99/acknowledgements -H 'Authorization: Bearer demo-officer' \\
       -H 'Content-Type: application/json' -d '{"recipientId":"'\$P'","response":"safe"}'
  curl -s localhost:8084/v1/alerts/urn:oid:2.49.0.1.156.330106.2026.1129.99/areas -H 'Authorization: Bearer demo-officer'
  curl -s localhost:8084/v1/alerts/urn:oid:2.49.0.1.156.330106.2026.1129.99/cap -H 'Authorization: Bearer demo-officer'
  curl -s localhost:8084/v1/shelters/readiness -H 'Authorization: Bearer demo-duty'   # the demo shelter's gaps
  curl -s -X POST localhost:8084/v1/shelters/SH-330106-LJ/supplies -H 'Authorization: Bearer demo-officer' -H 'Content-Type: application/json' \
       -d '{"fromStoreId":"WH-330106","items":[{"item":"quilt","quantity":80},{"item":"folding-bed","quantity":80}]}'
  curl -s localhost:8084/v1/stores/WH-330106/stock -H 'Authorization: Bearer demo-duty'
  curl -s -X POST localhost:8083/v1/filings -H 'Authorization: Bearer demo-clerk' -H 'Content-Type: application/json' \\
       -d '{"kind":"name-reservation","details":{"name":"西湖区老年人体育协会","kind":"social-group","domicileAreaCode":"330106"},
            "documents":[{"title":"名称预先核准申请表","receivedOn":"2026-11-30"}]}'
  curl -s -G localhost:8083/v1/register --data-urlencode 'name=老年人'
The test alert is dispatched and counted ("notified") but sent to nobody; notifications of Actual
alerts are on the topic civil.alerts.notification.v1.

Ctrl-C stops everything.
INFO
wait -n "${pids[@]}" || true
