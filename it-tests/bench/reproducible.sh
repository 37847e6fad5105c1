#!/usr/bin/env bash
# Reproducible builds: builds the published artifacts of one commit twice, each in a clean copy of its own (git
# archive, so nothing of the working tree's target/ or uncommitted files takes part), and compares every jar and
# archive byte for byte: the library, the adapters, the drop-in jar (shade + ProGuard + reassembly), the command
# line's jar and its .tar.gz/.zip, sources and Javadoc jars. ProGuard's intermediate -shrunk.jar, whose entries carry
# the time ProGuard wrote them, is compared entry by entry (names, contents); the drop-in jar made from it, byte for
# byte. Exit 0 when all are the same, 1 with what differs, 2 when a build fails. No lab, no tests; the local Maven
# repository is only read (no install). Two builds: ~2-3 min on two cores.
#
#   it-tests/bench/reproducible.sh [COMMIT]       (default HEAD)
#   it-tests/bench/reproducible.sh --worktree     one clean build of HEAD against the artifacts already built in this
#                                                 working tree, which must be HEAD's, unchanged (CI, after verify)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
if ! git -C "$ROOT" rev-parse --git-dir >/dev/null 2>&1; then
  echo "reproducible.sh: $ROOT is not a git checkout; nothing to build a commit from" >&2
  exit 2
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

build() { # COMMIT DIR
  mkdir -p "$2"
  git -C "$ROOT" archive "$1" | tar -x -C "$2"
  echo "building $1 in $2" >&2
  (cd "$2" && ./mvnw -B -q package -DskipTests -Dlab.skip -pl provider/plugin,provider/cli,provider/spring-boot-starter -am) >"$2.log" 2>&1 \
    || { cat "$2.log" >&2; exit 2; }
}

if [ "${1:-}" = --worktree ]; then
  commit=$(git -C "$ROOT" rev-parse HEAD)
  # tracked files as committed, and nothing untracked where the build reads (tests may leave files elsewhere)
  if [ -n "$(git -C "$ROOT" status --porcelain --untracked-files=no)$(git -C "$ROOT" ls-files --others --exclude-standard -- provider pom.xml LICENSE NOTICE)" ]; then
    echo "reproducible.sh --worktree: the working tree differs from HEAD; commit first, or run without --worktree" >&2
    exit 2
  fi
  first=$ROOT
  builds="this working tree's build and a clean one"
else
  commit=$(git -C "$ROOT" rev-parse "${1:-HEAD}^{commit}")
  first=$work/one
  builds="two clean builds"
  build "$commit" "$first"
fi
build "$commit" "$work/two"

# the same entries with the same contents, whatever their times
same_entries() {
  python3 - "$1" "$2" <<'PY'
import sys, zipfile
def entries(path):
    with zipfile.ZipFile(path) as z:
        return [(i.filename, i.CRC, i.file_size) for i in z.infolist()]
sys.exit(0 if entries(sys.argv[1]) == entries(sys.argv[2]) else 1)
PY
}

status=0
count=0
cd "$first"
while IFS= read -r -d '' file; do
  count=$((count + 1))
  other=$work/two/$file
  if [ ! -f "$other" ]; then
    status=1
    echo "ONLY IN THE FIRST BUILD: $file"
  elif cmp -s "$file" "$other"; then
    :
  elif [[ $file == *-shrunk.jar ]] && same_entries "$file" "$other"; then
    :
  else
    status=1
    echo "DIFFERS: $file"
    case $file in
      *.jar|*.zip)
        # which entries differ (name, CRC, time)
        diff <(unzip -Z -v "$file" | grep -E '^(Central directory entry|  file last modified|  32-bit CRC)') \
             <(unzip -Z -v "$other" | grep -E '^(Central directory entry|  file last modified|  32-bit CRC)') \
          | head -20 || true ;;
    esac
  fi
done < <(find provider -path '*/target/*' \( -name '*.jar' -o -name '*.tar.gz' -o -name '*.zip' \) -print0 | sort -z)
[ "$count" -gt 0 ] || { echo "no artifacts were built" >&2; exit 2; }
if [ "$status" = 0 ]; then
  echo "reproducible: the $count jars and archives of $(git -C "$ROOT" rev-parse --short "$commit") are the same in $builds"
fi
exit "$status"
