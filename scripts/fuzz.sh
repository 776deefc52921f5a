#!/usr/bin/env bash
# fuzz.sh SECONDS: `make fuzz`. Runs every build/fuzz/* libFuzzer target for SECONDS each,
# seeded with its corpus in tests/fuzz/corpus/<target>/. New inputs go to
# build/fuzz-corpus/<target>/ (merge the useful ones into the repository by hand:
# `TARGET -merge=1 tests/fuzz/corpus/TARGET build/fuzz-corpus/TARGET`); crashes to
# build/fuzz-artifacts/. Exits non-zero when any target found a problem.
set -euo pipefail

cd "$(dirname "$0")/.."
SECONDS_EACH=${1:-${FUZZ_SECONDS:-60}}
status=0
found=0
for bin in build/fuzz/*; do
	if [ ! -f "$bin" ] || [ ! -x "$bin" ]; then
		continue
	fi
	found=1
	name=$(basename "$bin")
	work=build/fuzz-corpus/$name
	mkdir -p "$work" build/fuzz-artifacts
	seeds=()
	[ -d "tests/fuzz/corpus/$name" ] && seeds=("tests/fuzz/corpus/$name")
	echo "fuzz: $name for ${SECONDS_EACH}s"
	if "$bin" -max_total_time="$SECONDS_EACH" -timeout=10 -print_final_stats=1 \
		-artifact_prefix="build/fuzz-artifacts/$name-" "$work" "${seeds[@]}"; then
		echo "fuzz: $name clean"
	else
		echo "fuzz: $name FAILED (artifacts: build/fuzz-artifacts/$name-*)" >&2
		status=1
	fi
done
[ "$found" = 1 ] || echo "fuzz: no target in build/fuzz/" >&2
exit "$status"
