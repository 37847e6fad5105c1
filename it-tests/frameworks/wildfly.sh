#!/usr/bin/env bash
# WildFly 39 with a mail-subsystem session and mail-oauth2 as a JBoss module, against the running lab; outside
# the default CI run (the distribution is 260 MB). Configured with exactly the blocks of docs/frameworks.md marked
# <!-- tested: wildfly-* --> (the lab's host, port, mailbox and token endpoint in place of the examples'), it
# sends one mail through java:jboss/mail/OAuth2 with a dummy password and checks that it arrived in the lab's
# Maildir and that our SASL client sent the token. Never starts or stops the lab. Exit status 0 only if it worked.
#   it-tests/frameworks/wildfly.sh        (env: WILDFLY_VERSION, WILDFLY_PORT_OFFSET, LAB)
set -euo pipefail

VERSION=${WILDFLY_VERSION:-39.0.1.Final}
OFFSET=${WILDFLY_PORT_OFFSET:-21000}
LAB=${LAB:-/tmp/mail-oauth2-lab}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
OUT=$ROOT/it-tests/target/wildfly
HOME_DIR=$OUT/wildfly-$VERSION
HTTP_PORT=$((8080 + OFFSET))
SUBMISSION=$(sed -n 's/^submission.port=//p' "$LAB/lab.properties")
TOKEN_URL=$(sed -n 's/^mock.token.url=//p' "$LAB/lab.properties")
USER_ADDR=it-wildfly-$(head -c4 /dev/urandom | od -An -tx1 | tr -d ' \n')@example.test
SECRET=lab-client-secret
start=$(date +%s)
log() { echo "[wildfly.sh $(($(date +%s) - start))s] $*"; }
fail() { log "FAILED: $*"; exit 1; }

[ -n "$SUBMISSION" ] || fail "no lab at $LAB (lab.properties); start it with it-tests/lab/start.sh"
curl -fsS -o /dev/null "${TOKEN_URL%/token}/.well-known/openid-configuration" || fail "the lab's mock-oauth2-server does not answer"

# 1. the distribution, through Maven into the local repository (a download only the first time)
tarball=$HOME/.m2/repository/org/wildfly/wildfly-dist/$VERSION/wildfly-dist-$VERSION.tar.gz
if [ ! -f "$tarball" ]; then
  log "downloading org.wildfly:wildfly-dist:$VERSION:tar.gz"
  (cd "$ROOT" && ./mvnw -B -q dependency:get -Dartifact="org.wildfly:wildfly-dist:$VERSION:tar.gz" -Dtransitive=false)
fi
log "distribution ready"

# 2. the drop-in jar
jar=$(ls "$ROOT"/provider/plugin/target/mail-oauth2-plugin-*.jar 2>/dev/null | grep -E '/mail-oauth2-plugin-[0-9.]+(-SNAPSHOT)?\.jar$' | head -1 || true)
if [ -z "$jar" ]; then
  log "building the drop-in jar"
  (cd "$ROOT" && ./mvnw -B -q -o -pl provider/plugin -am package -DskipTests)
  jar=$(ls "$ROOT"/provider/plugin/target/mail-oauth2-plugin-*.jar | grep -E '/mail-oauth2-plugin-[0-9.]+(-SNAPSHOT)?\.jar$' | head -1)
fi
log "drop-in jar: $jar"

# 3. a fresh server
rm -rf "$OUT"; mkdir -p "$OUT"
tar xzf "$tarball" -C "$OUT"
log "unpacked into $HOME_DIR"

# the documented blocks, with the lab's values in place of the examples'
block() {
  python3 - "$ROOT/docs/frameworks.md" "$1" "$TOKEN_URL" "$USER_ADDR" "$SUBMISSION" "$(basename "$jar")" <<'PY'
import re, sys
doc, name, token_url, user, port, jar = sys.argv[1:]
m = re.search(r"<!-- tested: " + re.escape(name) + r" -->\n```\w*\n(.*?)\n```", open(doc).read(), re.S)
if not m:
    sys.exit("docs/frameworks.md has no block <!-- tested: " + name + " -->")
text = m.group(1)
for pattern, value in [(re.escape("https://sso.example.com/realms/mail/protocol/openid-connect/token"), token_url),
                       (re.escape("reports@example.com"), user), (r"\bmail-app\b", user),
                       (r"\bsmtp\.example\.com\b", "localhost"), (r"\b587\b", port),
                       (r"mail-oauth2-plugin-[\w.-]+?\.jar", jar)]:
    text = re.sub(pattern, lambda _: value, text)
print(text)
PY
}

# 4. the module, and the mail API's dependency on it
module=$HOME_DIR/modules/io/github/mailoauth2/main
mkdir -p "$module"
cp "$jar" "$module/"
block wildfly-module-xml > "$module/module.xml"
mail=$HOME_DIR/modules/system/layers/base/org/jboss/as/mail/main/module.xml
line=$(block wildfly-mail-module-dependency)
python3 - "$mail" "$line" <<'PY'
import sys
path, line = sys.argv[1:]
text = open(path).read()
anchor = '<module name="jakarta.mail.api"/>'
if anchor not in text:
    sys.exit(path + " has no line " + anchor + ": the mail module changed")
open(path, "w").write(text.replace(anchor, anchor + "\n" + line.rstrip("\n"), 1))
PY
log "module io.github.mailoauth2 installed; the mail subsystem's module imports its services"

# 5. the session (jboss-cli on an embedded, stopped server), our logger at DEBUG for the check below
{
  echo "embed-server --server-config=standalone.xml --std-out=discard"
  block wildfly-cli
  echo "/subsystem=logging/logger=io.github.mailoauth2:add(level=DEBUG)"
  echo "stop-embedded-server"
} > "$OUT/configure.cli"
JAVA_OPTS="" "$HOME_DIR/bin/jboss-cli.sh" --file="$OUT/configure.cli" > "$OUT/configure.out" 2>&1 \
  || { cat "$OUT/configure.out"; fail "jboss-cli"; }
log "mail session java:jboss/mail/OAuth2 configured (jboss-cli)"

# 6. the token source's system properties, and (the lab only) its trust store
{ echo; block wildfly-standalone-conf
  echo "JAVA_OPTS=\"\$JAVA_OPTS -Djavax.net.ssl.trustStore=$LAB/ssl/truststore.p12 -Djavax.net.ssl.trustStorePassword=changeit\""
} >> "$HOME_DIR/bin/standalone.conf"

# 7. the application: one servlet, compiled against the server's own API jars
app=$OUT/app
mkdir -p "$app/classes" "$app/war/WEB-INF"
base=$HOME_DIR/modules/system/layers/base
cp_api=$(ls "$base"/jakarta/servlet/api/main/*.jar "$base"/jakarta/mail/api/main/*.jar "$base"/jakarta/annotation/api/main/*.jar | paste -sd:)
javac -nowarn -d "$app/war/WEB-INF/classes" -cp "$cp_api" "$ROOT"/it-tests/src/frameworks/wildfly/example/wildfly/SendServlet.java
(cd "$app/war" && jar cf "$HOME_DIR/standalone/deployments/mailer.war" .)
log "mailer.war built"

# 8. start it, on 127.0.0.1 with its ports offset by $OFFSET
(exec 3>&-; LAUNCH_JBOSS_IN_BACKGROUND=1 JBOSS_PIDFILE=$OUT/wildfly.pid MAIL_OAUTH2_CLIENT_SECRET=$SECRET \
  setsid "$HOME_DIR/bin/standalone.sh" -b 127.0.0.1 -bmanagement 127.0.0.1 -Djboss.socket.binding.port-offset="$OFFSET" \
  > "$OUT/console.out" 2>&1 &)
stop() {
  if [ -f "$OUT/wildfly.pid" ]; then
    pid=$(cat "$OUT/wildfly.pid")
    log "stopping WildFly (pid $pid)"
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -9 "$pid" 2>/dev/null || true
  fi
}
trap stop EXIT
deployments=$HOME_DIR/standalone/deployments
for i in $(seq 180); do
  [ -f "$deployments/mailer.war.deployed" ] && break
  [ -f "$deployments/mailer.war.failed" ] && { tail -50 "$HOME_DIR/standalone/log/server.log"; fail "mailer.war did not deploy"; }
  [ $((i % 10)) -eq 0 ] && log "waiting for WildFly ($(grep -c . "$OUT/console.out" 2>/dev/null || echo 0) console lines)"
  sleep 1
done
[ -f "$deployments/mailer.war.deployed" ] || { tail -50 "$OUT/console.out"; fail "WildFly did not deploy mailer.war in 180 s"; }
log "WildFly up, mailer.war deployed: $(grep -o 'WFLYSRV0025.*' "$HOME_DIR/standalone/log/server.log" | head -1)"

# 9. send one mail, and check
subject="wildfly $USER_ADDR $(date +%s%N)"
answer=$(curl -sS --max-time 60 -G "http://127.0.0.1:$HTTP_PORT/mailer/send" --data-urlencode "subject=$subject" | tr -d '\r')
log "GET /mailer/send: $answer"
[ "$answer" = "SENT $subject io.github.mailoauth2.internal.angus.OAuth2SmtpTransport" ] \
  || fail "not sent through our transport: expected 'SENT $subject io.github.mailoauth2.internal.angus.OAuth2SmtpTransport' ($(printf %s "$answer" | od -c | tail -3 | head -2 | tr -s ' '))"
serverlog=$HOME_DIR/standalone/log/server.log
grep -q "XOAUTH2: sent $USER_ADDR's access token to smtp server" "$serverlog" || fail "our SASL client did not send the token"
grep -o "XOAUTH2: sent $USER_ADDR's access token to smtp server[^(]*" "$serverlog" | head -1 | sed 's/^/  server.log: /'
grep -q -e "$SECRET" "$serverlog" "$OUT/console.out" && fail "the client secret is in WildFly's log"
for _ in $(seq 60); do
  found=$(grep -rl --fixed-strings "Subject: $subject" "$LAB/mail/$USER_ADDR/Maildir/new" "$LAB/mail/$USER_ADDR/Maildir/cur" 2>/dev/null | head -1 || true)
  [ -n "$found" ] && break
  sleep 0.5
done
[ -n "$found" ] || fail "the mail did not arrive in $LAB/mail/$USER_ADDR/Maildir"
log "arrived: ${found#$LAB/}"
log "WARN lines in server.log: $(grep -c ' WARN ' "$serverlog" || true)"
# the adapters for a JavaMail the server lacks stand aside without a word: none may fail to define
if grep -q 'Failed to define class io.github.mailoauth2' "$serverlog"; then
  grep -o 'WARN.*Failed to define class io.github.mailoauth2[^ ]*' "$serverlog" | sort | uniq -c | sed 's/^/  /'
  fail "JBoss Modules failed to define mail-oauth2 classes (an adapter loaded before its JavaMail was looked up)"
fi
log "OK"
