/* migrate.h: `preptalk migrate up | down [N|all] | status` — applies
 * sql/migrations/NNN_name.up.sql in order, one transaction each, recorded with a
 * checksum in schema_migrations; a changed applied migration is refused. */
#ifndef PREPTALK_MIGRATE_H
#define PREPTALK_MIGRATE_H

/* Runs the migrate command with argv after "migrate". Returns the exit status. */
int migrate_main(int argc, char **argv);

#endif
