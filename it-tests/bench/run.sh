#!/usr/bin/env bash
# Prints what mail-oauth2 costs per login and what its token cache saves, against the lab (started if
# needed; needs it-tests/lab/install.sh once). Usage: it-tests/bench/run.sh [ROUNDS]   (default 200)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
./mvnw -B -q -pl it-tests -am test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath \
  -Dmdep.includeScope=test -Dmdep.excludeClassifiers=plugin,cli >/dev/null
LAB_KEYCLOAK=1 bash it-tests/lab/start.sh >/dev/null
exec java -Dlab.scripts=it-tests/lab -cp "it-tests/target/test-classes:$(cat it-tests/target/bench.classpath)" \
  io.github.mailoauth2.bench.LoginBenchmark "${1:-200}"
