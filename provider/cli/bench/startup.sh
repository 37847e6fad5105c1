#!/usr/bin/env bash
# Start-up of the command paths mail programs call, next to Google's oauth2.py on this machine:
# the same --generate_oauth2_string ... --quiet line for both, and `token` (a stored token) against
# oauth2.py's cheapest run (it has no store: its other paths go to Google). Runs are paired: each
# round runs every command once, in a rotating order, so that load on the machine hits all alike.
# Prints median and fastest wall time per command and the ratio to oauth2.py; with hyperfine
# installed (Debian: apt-get install hyperfine), also its own comparison of the launcher's runs.
#
#   OAUTH2_PY=/path/to/oauth2.py provider/cli/bench/startup.sh
#
# OAUTH2_PY  oauth2.py of google/gmail-oauth2-tools (python/oauth2.py); without it only Java's figures print
# PYTHON     the Python that runs it (default /usr/bin/python3, the system's, as users run it)
# DIST       the distribution .tar.gz (default provider/cli/target/mail-oauth2-*-bin.tar.gz; build it first:
#            ./mvnw -B -q -pl provider/cli -am package -DskipTests)
# JAVA_HOME  the Java to measure (default: java on the PATH); JAVA25: a Java 25 home, to measure its AOT cache too
# RUNS       rounds (default 30)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
runs=${RUNS:-30}
python=${PYTHON:-/usr/bin/python3}
dist=${DIST:-$(find "$here/../target" -maxdepth 1 -name 'mail-oauth2-*-bin.tar.gz' 2>/dev/null | head -1)}
[ -f "$dist" ] || { echo "no distribution archive; build it: ./mvnw -B -q -pl provider/cli -am package -DskipTests" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
tar -xzf "$dist" -C "$work"
launcher=$(echo "$work"/mail-oauth2-*/bin/mail-oauth2)
jar=$(echo "$work"/mail-oauth2-*/lib/mail-oauth2-cli-*.jar)
java=${JAVA_HOME:+$JAVA_HOME/bin/}java
export XDG_CACHE_HOME=$work/cache
unset JAVA_OPTS MAIL_OAUTH2_CDS

user=xoauth@gmail.com
token=ya29.AHES6ZRKeUQwH2xhirksSUDSyjg9oPuRMMal05Ty0cfFIT_uRfESHw
# the default store, as mail programs use it: $XDG_CONFIG_HOME/mail-oauth2/tokens.json
export XDG_CONFIG_HOME=$work/config
mkdir -p "$XDG_CONFIG_HOME/mail-oauth2"
store=$XDG_CONFIG_HOME/mail-oauth2/tokens.json
cat > "$store" <<JSON
{"version": 1, "accounts": {"$user": {"refresh_token": "unused", "access_token": "$token",
 "access_token_expires_at": "2099-01-01T00:00:00Z", "token_url": "http://127.0.0.1:9/token", "client_id": "bench",
 "updated_at": "2026-01-01T00:00:00Z"}}}
JSON
chmod 600 "$store"

legacy=(--generate_oauth2_string "--user=$user" "--access_token=$token" --quiet)
short_run=(-XX:TieredStopAtLevel=1 -XX:CompileThresholdScaling=10 -XX:+UseSerialGC -XX:-UsePerfData)

# Each entry: a label, then the command line (a bash array literal).
names=() commands=()
add() { names+=("$1"); commands+=("$2"); }
if [ -n "${OAUTH2_PY:-}" ]; then
    add "oauth2.py --generate_oauth2_string --quiet" "$(printf '%q ' "$python" "$OAUTH2_PY" "${legacy[@]}")"
fi
add "java -cp jar, picocli parses (string -uUSER)" "$(printf '%q ' "$java" -cp "$jar" io.github.mailoauth2.cli.Main string "-u$user" --access-token "$token" --quiet)"
add "java -cp jar, fast path (oauth2.py's flags)" "$(printf '%q ' "$java" -cp "$jar" io.github.mailoauth2.cli.Main "${legacy[@]}")"
add "  + short-run JVM options" "$(printf '%q ' "$java" "${short_run[@]}" -cp "$jar" io.github.mailoauth2.cli.Main "${legacy[@]}")"
add "launcher (+ class-data archive): oauth2.py's flags" "$(printf '%q ' "$launcher" "${legacy[@]}")"
add "launcher: string --quiet" "$(printf '%q ' "$launcher" string --user "$user" --access-token "$token" --quiet)"
add "java -cp jar, short-run options: token" "$(printf '%q ' "$java" "${short_run[@]}" -cp "$jar" io.github.mailoauth2.cli.Main token --user "$user")"
add "launcher: token" "$(printf '%q ' "$launcher" token --user "$user")"
if [ -n "${JAVA25:-}" ]; then
    add "launcher on Java 25 (AOT cache): oauth2.py's flags" "JAVA_HOME=$(printf '%q' "$JAVA25") $(printf '%q ' "$launcher" "${legacy[@]}")"
    add "launcher on Java 25 (AOT cache): token" "JAVA_HOME=$(printf '%q' "$JAVA25") $(printf '%q ' "$launcher" token --user "$user")"
fi

# The launcher makes its archive on first use, in the background: make them now and wait.
for home in "${JAVA_HOME:-}" "${JAVA25:-}"; do
    if [ -n "$home" ] || [ -z "${JAVA_HOME:-}" ]; then
        JAVA_HOME=$home "$launcher" --version >/dev/null
    fi
done
for _ in $(seq 1 600); do
    count=$(find "$XDG_CACHE_HOME" -name '*.jsa' -o -name '*.aot' 2>/dev/null | wc -l)
    [ "$count" -ge $(( ${JAVA25:+1} + 1 )) ] && break
    sleep 0.2
done

# Every command must print the right thing before it is timed.
expected=$("$python" -c 'import base64,sys; print(base64.b64encode(("user=%s\1auth=Bearer %s\1\1" % (sys.argv[1], sys.argv[2])).encode()).decode())' "$user" "$token")
for i in "${!commands[@]}"; do
    out=$(eval "${commands[$i]}" 2>/dev/null)
    case ${names[$i]} in
        *token*) want=$token ;;
        oauth2.py*) want="b'$expected'" ;;
        *) want=$expected ;;
    esac
    [ "$out" = "$want" ] || { echo "wrong output from ${names[$i]}: $out" >&2; exit 1; }
done

echo "$(uname -srm), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); $("$java" -version 2>&1 | head -1); $("$python" --version)"
echo "$runs rounds, each command once per round in a rotating order; wall time in ms"
declare -A times
n=${#commands[@]}
for round in $(seq 0 $((runs - 1))); do
    for k in $(seq 0 $((n - 1))); do
        i=$(( (k + round) % n ))
        start=$EPOCHREALTIME
        eval "${commands[$i]}" >/dev/null 2>&1
        end=$EPOCHREALTIME
        times[$i]+="$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", (b - a) * 1000 }') "
    done
done

median() { tr ' ' '\n' | grep . | sort -n | awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }
fastest() { tr ' ' '\n' | grep . | sort -n | head -1; }
base=
ratio_heading=
if [ -n "${OAUTH2_PY:-}" ]; then
    base=$(echo "${times[0]}" | median)
    ratio_heading="median / oauth2.py's median"
fi
printf '%-52s %9s %9s %s\n' "command" "median" "fastest" "$ratio_heading"
for i in "${!commands[@]}"; do
    m=$(echo "${times[$i]}" | median)
    f=$(echo "${times[$i]}" | fastest)
    ratio=
    [ -n "$base" ] && ratio=$(awk -v m="$m" -v b="$base" 'BEGIN { printf "%.2fx", m / b }')
    printf '%-52s %9.1f %9.1f %s\n' "${names[$i]}" "$m" "$f" "$ratio"
done

if command -v hyperfine >/dev/null && [ -n "${OAUTH2_PY:-}" ]; then
    echo
    echo "hyperfine's view (oauth2.py, then the launcher's string and token; it runs each command in one block,"
    echo "so a change of load on the machine between blocks shows in its ratios, unlike in the paired rounds above):"
    hyperfine -N --warmup 3 --runs "$runs" --style basic \
        "$(printf '%q ' "$python" "$OAUTH2_PY" "${legacy[@]}")" \
        "$(printf '%q ' "$launcher" "${legacy[@]}")" \
        "$(printf '%q ' "$launcher" token --user "$user")" 2>&1 | sed -n '/Summary/,$p'
fi
