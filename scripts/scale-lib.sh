# scale-lib.sh: the scale cluster shared by make scale-data, make explain and make scale-bench
# (sourced after lib.sh): where it lives and the settings every start writes into it. Bulk-load
# settings: no WAL for tables truncated in the loading transaction (wal_level minimal), room for
# sorts and index builds, and no autovacuum racing the load or the measurements (docs/scale.md).
# shellcheck shell=bash disable=SC2034

DATA_DIR=${SCALE_DATA_DIR:-$ROOT/build/scale-var}
PG_PORT=${SCALE_PG_PORT:-35432}
PT_PG_EXTRA_CONF="wal_level = minimal
max_wal_senders = 0
shared_buffers = 2GB
work_mem = 64MB
maintenance_work_mem = 1GB
max_wal_size = 16GB
checkpoint_timeout = 30min
synchronous_commit = off
autovacuum = off
max_parallel_workers_per_gather = 1
max_parallel_maintenance_workers = 1
log_min_messages = warning
default_toast_compression = lz4
${SCALE_PG_EXTRA_CONF:-}"
