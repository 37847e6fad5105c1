#!/usr/bin/env bash
# Quick raw-protocol check of a running lab (after start.sh): tokens from the mock (and from Keycloak,
# if it runs) against XOAUTH2/OAUTHBEARER on IMAP, POP3 and SMTP: good, expired and garbage tokens,
# a message through submission -> Postfix -> LMTP, and no token in any server log.
set -eu
. "$(dirname "$0")/lib.sh"
[ -s "$LAB/lab.properties" ] || die "no $LAB/lab.properties: run start.sh first"
sasl() { "$PY" "$LAB_SRC/bin/sasl_check.py" "$@"; }     # PROTO HOST PORT TLS MECH USER TOKEN [--send]
U=alice@example.test
passed=0 failed=0
check() {  # EXPECT(ok|rejected) COMMAND...: one line per check
  local want=$1 got=rejected what; shift
  if "$@" >/dev/null 2>&1; then got=ok; fi
  what=$(sed -E -e "s#^sasl ##" -e 's#[^ ]{40,}#<token>#g' <<<"$*")
  if [ $got = "$want" ]; then passed=$((passed + 1)); echo "ok    ($got) $what" | cut -c1-110
  else failed=$((failed + 1)); echo "FAIL  ($got, wanted $want) $what" | cut -c1-110; fi
}
json() { "$PY" -c 'import json,sys; print(json.load(sys.stdin).get(sys.argv[1], ""))' "$1"; }

# mock-oauth2-server: client_credentials gives sub = client_id; mint_jwt.py signs an expired token
TOK=$(curl -sf -u $U:secret -d grant_type=client_credentials -d scope=mail $MOCK_URL/default/token | json access_token)
[ -n "$TOK" ] || die "no token from the mock at $MOCK_URL"
EXP=$("$PY" "$LAB_SRC/bin/mint_jwt.py" "$LAB/keys/mock-initial-keys.json" $U -300)
TOKENS=("$TOK" "$EXP")
for m in XOAUTH2 OAUTHBEARER; do
  check ok       sasl imap 127.0.0.1 10143 0 $m $U "$TOK"
  check rejected sasl imap 127.0.0.1 10143 0 $m $U "$EXP"
  check ok       sasl imap 127.0.0.1 10993 1 $m $U "$TOK"
  check rejected sasl imap 127.0.0.1 10993 1 $m $U garbage
  check ok       sasl pop3 127.0.0.1 10110 0 $m $U "$TOK"
  check rejected sasl pop3 127.0.0.1 10995 1 $m $U "$EXP"
  check ok       sasl smtp 127.0.0.1 10587 0 $m $U "$TOK"
  check rejected sasl smtp 127.0.0.1 10465 1 $m $U "$EXP"
  check ok       sasl smtp 127.0.0.1 10588 0 $m $U "$TOK"
  check rejected sasl smtp 127.0.0.1 10588 0 $m $U "$EXP"
done
check rejected sasl imap 127.0.0.1 10143 0 XOAUTH2 bob@example.test "$TOK"      # the token is alice's
check ok       sasl smtp 127.0.0.1 10587 0 XOAUTH2 $U "$TOK" --send           # Dovecot submission -> Postfix
# shared mailboxes: a delegate's token logs in as the mailbox that shared-mailboxes.passwd lists for it
DT=$(curl -sf -u delegate@example.test:secret -d grant_type=client_credentials -d scope=mail $MOCK_URL/default/token | json access_token)
TOKENS+=("$DT")
check ok       sasl imap 127.0.0.1 10143 0 XOAUTH2 shared@example.test "$DT"
check ok       sasl smtp 127.0.0.1 10587 0 OAUTHBEARER shared@example.test "$DT"
check rejected sasl imap 127.0.0.1 10143 0 XOAUTH2 shared@example.test "$TOK"   # alice is no delegate
check rejected sasl imap 127.0.0.1 10143 0 XOAUTH2 $U "$DT"                     # nor is the delegate alice's
check ok       sasl smtp 127.0.0.1 10588 0 XOAUTH2 $U "$TOK" --send           # Postfix submission -> LMTP

# Keycloak (device flow without a browser: kc_login.py logs in and consents)
if grep -q '^keycloak.enabled=true' "$LAB/lab.properties"; then
  KT=$("$PY" "$LAB_SRC/keycloak/kc_login.py" device -c mail-cli | json access_token) || true
  CT=$("$PY" "$LAB_SRC/keycloak/kc_login.py" device -c mail-compact | json access_token) || true
  TOKENS+=("$KT" "$CT")
  check ok       test -n "$KT"
  check ok       sasl imap 127.0.0.1 11143 0 XOAUTH2 $U "$KT"
  check ok       sasl imap 127.0.0.1 11993 1 OAUTHBEARER $U "$KT"
  check ok       sasl pop3 127.0.0.1 11110 0 XOAUTH2 $U "$KT"
  check rejected sasl imap 127.0.0.1 11143 0 XOAUTH2 bob@example.test "$KT"
  # a ~1.1 KB JWT makes the one-line "AUTH XOAUTH2 <initial response>" too long; a compact token fits
  check rejected sasl smtp 127.0.0.1 11587 0 XOAUTH2 $U "$KT"
  check ok       sasl smtp 127.0.0.1 11587 0 XOAUTH2 $U "$CT"
  check rejected sasl imap 127.0.0.1 11143 0 XOAUTH2 $U "$TOK"                 # a mock token
fi

# the servers log login outcomes, never the tokens (grep: 1 = not found, 2 = could not read)
not_logged() { local rc=0; grep -qF -- "$1" "$LAB"/*.log || rc=$?; [ $rc = 1 ]; }
for t in "${TOKENS[@]}"; do
  if [ -n "$t" ]; then check ok not_logged "${t: -40}"; fi
done
echo "smoke: $passed passed, $failed failed"
[ $failed = 0 ]
