#!/usr/bin/env bash
# run.sh: the end-to-end browser suite (run by scripts/test.sh after the HTTP tests).
# Installs playwright-core and axe-core with `npm ci` when node_modules is missing or the
# lock changed, runs every tests/browser/*.test.mjs with node's test runner in Debian's
# chromium against $PREPTALK_TEST_URL, and ends with `browser: N passed, N failed`.
# Usage: PREPTALK_TEST_URL=http://127.0.0.1:8080 tests/browser/run.sh [file.test.mjs ...]
set -uo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
CHROMIUM=${PREPTALK_CHROMIUM:-/usr/bin/chromium}
export PREPTALK_CHROMIUM=$CHROMIUM
export PREPTALK_SCREENSHOTS=${PREPTALK_SCREENSHOTS:-$ROOT/build/screenshots}

# give_up REASON: the suite could not run at all; that is one failure, not a silent pass.
give_up() {
	echo "browser: $1" >&2
	echo "browser: 0 passed, 1 failed"
	exit 1
}

[ -n "${PREPTALK_TEST_URL:-}" ] || give_up "PREPTALK_TEST_URL is not set"
command -v node >/dev/null || give_up "node is missing (scripts/deps.sh installs nodejs and npm)"
command -v npm >/dev/null || give_up "npm is missing (scripts/deps.sh installs nodejs and npm)"
[ -x "$CHROMIUM" ] || give_up "$CHROMIUM is missing (scripts/deps.sh installs Debian's chromium)"

# Test files given on the command line, made absolute before the cd below.
files=()
for f in "$@"; do
	files+=("$(realpath "$f")")
done

# npm ci only when node_modules is missing or was installed from another lock.
cd "$HERE"
stamp=node_modules/.preptalk-lock.sha256
want=$(sha256sum package-lock.json | cut -d' ' -f1)
mkdir -p "$ROOT/build"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
	echo "  installing playwright-core and axe-core (npm ci)"
	npm ci --no-audit --no-fund --loglevel=error >"$ROOT/build/browser-npm-ci.log" 2>&1 ||
		{ tail -n 30 "$ROOT/build/browser-npm-ci.log" >&2; give_up "npm ci failed"; }
	echo "$want" >"$stamp"
fi

mkdir -p "$PREPTALK_SCREENSHOTS"
rm -f "$PREPTALK_SCREENSHOTS"/*.png

if [ "${#files[@]}" -eq 0 ]; then
	for f in "$HERE"/*.test.mjs; do
		[ -e "$f" ] && files+=("$f")
	done
fi
[ "${#files[@]}" -gt 0 ] || give_up "no *.test.mjs files"

# Files run one after the other (2 cores; each file has its own browser, and a file's
# steps run in order); the short report goes to the terminal, TAP to a file that is counted.
tap=$(mktemp)
trap 'rm -f "$tap"' EXIT
# count NAME FILE: the sum of node's "# NAME N" summary lines in a TAP file.
count() { sed -n "s/^# $1 \\([0-9]*\\)\$/\\1/p" "$2" | awk '{s += $1} END {print s + 0}'; }
pass=0
fail=0
for f in "${files[@]}"; do
	rm -f "$tap"
	timeout "${PREPTALK_BROWSER_FILE_TIMEOUT_S:-600}" node --test \
		--test-reporter=./reporter.mjs --test-reporter-destination=stdout \
		--test-reporter=tap --test-reporter-destination="$tap" "$f"
	rc=$?
	p=0
	x=0
	if [ -f "$tap" ]; then
		p=$(count pass "$tap")
		x=$(($(count fail "$tap") + $(count cancelled "$tap")))
	fi
	if [ "$rc" -ne 0 ] && [ "$x" -eq 0 ]; then
		echo "    FAIL  $(basename "$f") exited with status $rc (124: timed out)"
		x=1
	fi
	if [ "$p" -eq 0 ] && [ "$x" -eq 0 ]; then
		echo "    FAIL  $(basename "$f") ran no test"
		x=1
	fi
	pass=$((pass + p))
	fail=$((fail + x))
done

echo "  screenshots: $PREPTALK_SCREENSHOTS"
echo "browser: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
