#!/usr/bin/env bash
# Reproducible builds: builds the published artifacts of one commit twice, each in a clean copy of its own (git
# archive, so nothing of the working tree's target/ or uncommitted files takes part), and compares every jar and
# archive byte for byte: the library, the adapters, the drop-in jar (shade + ProGuard + reassembly), the command
# line's jar and its .tar.gz/.zip, sources and Javadoc jars. Exit 0 when all are identical, 1 with the entries that
# differ. No lab, no tests; ~2-3 min on two cores. The local Maven repository is only read (no install).
#
#   it-tests/bench/reproducible.sh [COMMIT]      (default HEAD)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
commit=${1:-HEAD}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

for copy in one two; do
  mkdir -p "$work/$copy"
  git -C "$ROOT" archive "$commit" | tar -x -C "$work/$copy"
  echo "building $commit in $work/$copy" >&2
  (cd "$work/$copy" && ./mvnw -B -q package -DskipTests -Dlab.skip -pl provider/plugin,provider/cli -am) \
    >"$work/$copy.log" 2>&1 || { cat "$work/$copy.log" >&2; exit 2; }
done

status=0
count=0
cd "$work/one"
while IFS= read -r -d '' file; do
  count=$((count + 1))
  if ! cmp -s "$file" "$work/two/$file"; then
    status=1
    echo "DIFFERS: $file"
    case $file in
      *.jar|*.zip)
        # which entries differ (name, CRC, time)
        diff <(unzip -Z -v "$file" | grep -E '^(Central directory entry|  file last modified|  32-bit CRC)' ) \
             <(unzip -Z -v "$work/two/$file" | grep -E '^(Central directory entry|  file last modified|  32-bit CRC)') \
          | head -20 || true ;;
    esac
  fi
done < <(find provider -path '*/target/*' \( -name '*.jar' -o -name '*.tar.gz' -o -name '*.zip' \) -print0 | sort -z)
[ "$count" -gt 0 ] || { echo "no artifacts were built" >&2; exit 2; }
if [ "$status" = 0 ]; then
  echo "reproducible: $count jars and archives of $(git -C "$ROOT" rev-parse --short "$commit") are byte-identical in two clean builds"
fi
exit "$status"
