#!/usr/bin/env bash
# One-time install of the test lab's servers (root, Debian 12), non-interactive and idempotent: each step
# is skipped when already done. Debian packages (Dovecot, Postfix, Chromium + chromedriver), the
# mock-oauth2-server classpath and Keycloak from Maven Central into $LAB, then one priming Keycloak start.
# Usage: sudo it-tests/lab/install.sh   (LAB=/tmp/mail-oauth2-lab by default, as for start.sh)
set -eu
. "$(dirname "$0")/lib.sh"
[ "$(id -u)" = 0 ] || die "must run as root: sudo $0"
ROOT=$(cd "$LAB_SRC/../.." && pwd)
export DEBIAN_FRONTEND=noninteractive
mkdir -p "$LAB"

# apt-get update does not honour DPkg::Lock::Timeout: retry while another apt/dpkg run holds a lock
apt_get() {
  local i
  for i in $(seq 1 120); do
    if apt-get -o DPkg::Lock::Timeout=600 "$@" 2>"$LAB/apt.err"; then return 0; fi
    grep -q 'Could not get lock\|Unable to lock' "$LAB/apt.err" || { cat "$LAB/apt.err" >&2; return 1; }
    [ "$i" = 1 ] && log "waiting for another apt/dpkg run to finish" >&2
    sleep 5
  done
  cat "$LAB/apt.err" >&2; return 1
}

# Maven: the project's wrapper if it exists, else mvn (the helper pom keeps it out of the project build)
mvn_lab() {
  if [ -x "$ROOT/mvnw" ]; then (cd "$ROOT" && ./mvnw -B -q -f "$LAB/dl/pom.xml" "$@")
  else mvn -B -q -f "$LAB/dl/pom.xml" "$@"; fi
}

# 1. Debian packages; a JDK and Maven only when missing (don't replace the image's)
pkgs="dovecot-imapd dovecot-pop3d dovecot-submissiond dovecot-lmtpd postfix chromium chromium-driver
  python3 curl openssl unzip postgresql iproute2 tinyproxy"
command -v keytool >/dev/null || pkgs="$pkgs openjdk-17-jdk-headless"
[ -x "$ROOT/mvnw" ] || command -v mvn >/dev/null || pkgs="$pkgs maven"
missing=
for p in $pkgs; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing="$missing $p"
done
if [ -z "$missing" ]; then
  log "debian packages: already installed"
else
  log "debian packages: installing$missing"
  # Keep the packages from starting the system Dovecot/Postfix (0.0.0.0:25/143/...): policy-rc.d
  # denies it; Docker images usually have one, else add ours for the duration of the install.
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d; chmod +x /usr/sbin/policy-rc.d
    trap 'rm -f /usr/sbin/policy-rc.d' EXIT
  fi
  # postgres.sh makes its own cluster: no system cluster (/etc/postgresql/*/main) at all
  mkdir -p /etc/postgresql-common/createcluster.d
  echo "create_main_cluster = false" >/etc/postgresql-common/createcluster.d/mail-oauth2-lab.conf
  echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
  echo "postfix postfix/mailname string mail.example.test" | debconf-set-selections
  apt_get update -q >/dev/null
  # shellcheck disable=SC2086
  apt_get install -y -q --no-install-recommends $missing >"$LAB/apt.log"
  log "debian packages: done (log: $LAB/apt.log)"
fi
command -v java >/dev/null || die "java not found after the install"

# 2. mock-oauth2-server and its runtime classpath, plus the signing keys it bundles (bin/mint_jwt.py
#    signs expired-but-valid tokens with key #1)
mkdir -p "$LAB/dl"
cat >"$LAB/dl/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>mail-oauth2-lab</groupId><artifactId>lab-downloads</artifactId><version>1</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency><groupId>no.nav.security</groupId><artifactId>mock-oauth2-server</artifactId><version>$MOCK_VERSION</version></dependency>
  </dependencies>
</project>
POM
MOCK_JAR=$LAB/mockoauth/lib/mock-oauth2-server-$MOCK_VERSION.jar
if [ -f "$MOCK_JAR" ] && [ -s "$LAB/keys/mock-initial-keys.json" ]; then
  log "mock-oauth2-server $MOCK_VERSION: already installed"
else
  log "mock-oauth2-server $MOCK_VERSION: fetching the classpath"
  rm -rf "$LAB/mockoauth"
  mvn_lab org.apache.maven.plugins:maven-dependency-plugin:3.6.1:copy-dependencies \
    -DincludeScope=runtime -DoutputDirectory="$LAB/mockoauth/lib"
  mkdir -p "$LAB/keys"
  unzip -p "$MOCK_JAR" mock-oauth2-server-keys.json >"$LAB/keys/mock-initial-keys.json.tmp"
  mv "$LAB/keys/mock-initial-keys.json.tmp" "$LAB/keys/mock-initial-keys.json"
  log "mock-oauth2-server: done"
fi

# 3. Keycloak server distribution (~160 MB zip, cached in ~/.m2 so a reinstall is offline)
if grep -qs "Version $KC_VERSION\$" "$KCH/version.txt"; then
  log "keycloak $KC_VERSION: already installed"
else
  log "keycloak $KC_VERSION: fetching and unpacking"
  mvn_lab org.apache.maven.plugins:maven-dependency-plugin:3.6.1:copy \
    -Dartifact="org.keycloak:keycloak-quarkus-dist:$KC_VERSION:zip" -DoutputDirectory="$LAB/dl"
  rm -rf "$KCH" "$LAB/keycloak-$KC_VERSION"
  unzip -q "$LAB/dl/keycloak-quarkus-dist-$KC_VERSION.zip" -d "$LAB"
  mv "$LAB/keycloak-$KC_VERSION" "$KCH"
  rm -f "$LAB/dl/keycloak-quarkus-dist-$KC_VERSION.zip"
  log "keycloak: unpacked"
fi

# 4. Priming start of Keycloak and the mock: the first Keycloak start after unpacking spends ~30 s on
#    Quarkus re-augmentation, a new realm JSON needs an empty database and an import, and both JVMs
#    record their class data sharing archives (see start.sh); do it now rather than in every test run.
if [ -d "$KCH/data/h2" ] && cmp -s "$LAB_SRC/keycloak/mail-realm.json" "$KCH/data/import/mail-realm.json" \
   && [ -s "$KCH/kc.jsa" ] && [ -s "$LAB/mockoauth/mock.jsa" ]; then
  log "priming: already done"
elif comp_pid keycloak >/dev/null || comp_pid mock >/dev/null; then
  log "priming: skipped, the lab is running (run stop.sh, then install.sh again)"
else
  log "priming: first start of keycloak and the mock (~1 min)"
  LAB_CDS_DUMP=1 bash "$LAB_SRC/start.sh" keycloak mock
  bash "$LAB_SRC/stop.sh" keycloak mock
  log "priming: done"
fi
log "install done"
