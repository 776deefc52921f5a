#!/usr/bin/env bash
# lint.sh: `make lint`. cppcheck and clang-tidy (basic checks) over app/; lists every
# triple mustache ({{{raw}}}) in templates for review; fails on SQL string literals in app/
# outside the statement registry (STYLE.md: SQL lives in sql/ and app/db/statements.def).
set -euo pipefail

cd "$(dirname "$0")/.."
status=0
mapfile -t SOURCES < <(find app -name '*.c' | sort)
# shellcheck disable=SC2207 # word splitting of pkg-config's flags is intended
PKG_CFLAGS=($(pkg-config --cflags libpq json-c libjwt libsodium 2>/dev/null))
CFLAGS=(-std=c11 -D_GNU_SOURCE '-DPREPTALK_VERSION="lint"' -Iapp "${PKG_CFLAGS[@]}")

echo "== cppcheck"
if ! cppcheck --quiet --std=c11 --enable=warning,performance,portability --inline-suppr \
	--error-exitcode=1 --max-configs=1 -D_GNU_SOURCE -Iapp "${SOURCES[@]}"; then
	status=1
fi

echo "== clang-tidy"
# Real bugs, not taste: the analyzer and bugprone, minus the checks that only flag style
# here (constant sizes like 16 * 1024, `!strcmp`, memcpy) and clang 14's false positive on
# every va_start/vsnprintf pair.
CHECKS='-*,clang-analyzer-*,-clang-analyzer-security.insecureAPI.*,-clang-analyzer-valist.Uninitialized'
CHECKS+=',bugprone-*,-bugprone-easily-swappable-parameters,-bugprone-narrowing-conversions'
CHECKS+=',-bugprone-branch-clone,-bugprone-reserved-identifier,-bugprone-assignment-in-if-condition'
CHECKS+=',-bugprone-implicit-widening-of-multiplication-result,-bugprone-suspicious-string-compare'
if ! clang-tidy --quiet --checks="$CHECKS" --warnings-as-errors='*' "${SOURCES[@]}" -- "${CFLAGS[@]}" \
	2> >(grep -v 'warnings generated' >&2); then
	status=1
fi

echo "== raw (unescaped) template output, to review"
grep -rn --include='*.mustache' '{{{' templates || echo "(none)"

echo "== SQL outside the statement registry"
# The migration runner is the one other place allowed to hold SQL: it manages
# schema_migrations before any application statement exists, as the owner role.
ALLOWED='^app/db/(statements\.def|migrate\.c):'
if grep -rnP --include='*.c' --include='*.h' \
	'"[^"\n]*\b(SELECT\s+\S|INSERT\s+INTO|UPDATE\s+\S+\s+SET|DELETE\s+FROM|WITH\s+\w+\s+AS\s*\()' app |
	grep -Ev "$ALLOWED"; then
	echo "lint: SQL string literals above belong in app/db/statements.def (calling sql/functions)" >&2
	status=1
else
	echo "(none)"
fi

[ "$status" = 0 ] && echo "lint: clean"
exit "$status"
