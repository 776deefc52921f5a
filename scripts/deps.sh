#!/usr/bin/env bash
# deps.sh: make sure every Debian package PrepTalk needs is installed (called by `make deps`).
# As root, missing packages are installed with apt-get; otherwise the one
# `sudo apt-get install ...` line is printed and the script exits 1.
set -euo pipefail

# Build: compilers, libraries the program links with, sanitizer/fuzzer runtimes.
# Run: PostgreSQL 15 (+ pgTAP and pg_prove for the SQL tests), nginx.
# Tests and tools: wrk (bench), curl, python3 (HTTP tests), cppcheck/clang-tidy/clang-format
# (lint, fmt), valgrind (leak checks), nodejs/npm/chromium (browser tests only).
PACKAGES=(
	build-essential gcc make clang clang-tidy clang-format cppcheck pkg-config
	libclang-rt-14-dev valgrind
	libfcgi-dev libjwt-dev libsodium-dev libjson-c-dev libpq-dev libcmocka-dev
	postgresql-15 postgresql-15-pgtap
	nginx wrk curl python3
	nodejs npm chromium
)

missing=()
for pkg in "${PACKAGES[@]}"; do
	# dpkg-query prints "install ok installed" only for a fully installed package.
	status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
	if [ "$status" = "install ok installed" ]; then
		continue
	fi
	# A nodejs from another repository (e.g. NodeSource) ships its own npm and
	# conflicts with Debian's: an npm already on PATH is good enough.
	if [ "$pkg" = npm ] && command -v npm >/dev/null 2>&1; then
		continue
	fi
	missing+=("$pkg")
done

if [ "${#missing[@]}" -eq 0 ]; then
	exit 0
fi

echo "deps: missing Debian packages: ${missing[*]}" >&2
if [ "$(id -u)" -ne 0 ]; then
	echo "deps: run this once, then retry:" >&2
	echo "sudo apt-get install -y ${missing[*]}"
	exit 1
fi

export DEBIAN_FRONTEND=noninteractive
apt-get update
apt-get install -y --no-install-recommends "${missing[@]}"
echo "deps: installed ${missing[*]}" >&2
