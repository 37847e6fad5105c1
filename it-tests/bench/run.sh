#!/usr/bin/env bash
# Benchmarks that print figures (no assertions). Usage:
#   it-tests/bench/run.sh [ROUNDS]           what mail-oauth2 costs per login and what its token cache saves, against
#                                            the lab (started if needed; needs it-tests/lab/install.sh once); default 200
#   it-tests/bench/run.sh refresh [SECONDS]  refresh ahead vs. refresh at expiry: per-call latency of a token source
#                                            against a slow token endpoint in the same JVM; no lab; default 20 s per run
#   it-tests/bench/run.sh fleet [SECONDS]    the database store: 1, 4 and 16 instances on one account each -> token
#                                            requests per lifetime (default 130 s: two lifetimes), then connect latency
#                                            with a cached token vs. one read from PostgreSQL; against the lab
#   it-tests/bench/run.sh coldstart [ROUNDS [LABEL=JAR ...]]
#                                            one IMAP login per new JVM: Angus Mail's own XOAUTH2 vs. the drop-in jar
#                                            with a static token and with a client-credentials source -> wall time,
#                                            CPU time, peak RSS, classes loaded, and step by step (JVM start,
#                                            Session, getStore, connect, close) the median time and the classes each
#                                            step loads; default 20 paired rounds (~1 min unloaded); the lab if
#                                            it runs (not started), else embedded servers; LABEL=JAR: other drop-in
#                                            jars measured in the same rounds (e.g. before=main's jar)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
./mvnw -B -q -pl it-tests -am test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath \
  -Dmdep.includeScope=test -Dmdep.excludeClassifiers=plugin,cli >/dev/null
CLASSPATH="it-tests/target/test-classes:$(cat it-tests/target/bench.classpath)"
if [ "${1:-}" = coldstart ]; then
  ./mvnw -B -q -pl provider/plugin -am package -DskipTests >/dev/null
  # it-tests/target/classes: the sandbox's servers, when no lab runs
  exec java -cp "it-tests/target/classes:$CLASSPATH" io.github.mailoauth2.bench.ColdStartBenchmark \
    "$(ls provider/plugin/target/mail-oauth2-plugin-*.jar | grep -v -e original- -e -shrunk -e -sources)" "${2:-20}" "${@:3}"
fi
if [ "${1:-}" = refresh ]; then
  exec java -cp "$CLASSPATH" io.github.mailoauth2.bench.RefreshAheadBenchmark "${2:-20}"
fi
LAB_KEYCLOAK=1 bash it-tests/lab/start.sh >/dev/null
if [ "${1:-}" = fleet ]; then
  exec java -Dlab.scripts=it-tests/lab -cp "$CLASSPATH" io.github.mailoauth2.it.FleetBenchmark "${2:-130}"
fi
exec java -Dlab.scripts=it-tests/lab -cp "$CLASSPATH" io.github.mailoauth2.bench.LoginBenchmark "${1:-200}"
