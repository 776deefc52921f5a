#!/bin/sh
# stats_refresh_skip.sh: the statistics refresh job (072) skips when none of the view's tables
# changed since its last refresh, and refreshes after a committed change (here: a published post
# made private, then public again), so the view follows the data. Prints TAP. Connection: the
# usual PG* variables for the superuser. The scheduler may run the same job meanwhile: the checks
# look at the view, and a skip is expected only once no change is left.
set -u
SQL="psql -X -q -t -A -v ON_ERROR_STOP=1"
job() { $SQL -c "SELECT app.job_refresh_company_stats()"; }
# a write whose counters are in the cumulative statistics when it returns (flushed before the
# next statement's answer, not some time after the session ends)
write() { $SQL -c "$1" -c "SELECT pg_stat_force_next_flush()" -c "SELECT 1" >/dev/null; }
count() { $SQL -c "SELECT feedback_count FROM company_interview_stats WHERE company_id = '$company'"; }

echo "1..5"
post=$($SQL -c "SELECT id FROM user_feedback WHERE moderation_status = 'published' AND is_public ORDER BY id LIMIT 1")
company=$($SQL -c "SELECT company_id FROM user_feedback WHERE id = '$post'")
if [ -z "$post" ]; then
	echo "not ok 1 - set-up: no published post in the demo data"; exit 1
fi

job >/dev/null; job >/dev/null
msg=$(job)
case "$msg" in
	*"not refreshed"*) echo "ok 1 - nothing changed: the refresh is skipped ($msg)" ;;
	*) echo "not ok 1 - nothing changed but the job refreshed: $msg" ;;
esac

before=$(count)
write "UPDATE user_feedback SET is_public = false WHERE id = '$post'"
msg=$(job)
after=$(count)
if [ "$after" -eq $((before - 1)) ]; then
	echo "ok 2 - a post made private is out of the view after the next run ($before -> $after; $msg)"
else
	echo "not ok 2 - the view did not follow the change: $before -> $after ($msg)"
fi
msg=$(job)
case "$msg" in
	*"not refreshed"*) echo "ok 3 - and the run after it skips again" ;;
	*) echo "not ok 3 - the run after the refresh refreshed again: $msg" ;;
esac

write "UPDATE user_feedback SET is_public = true WHERE id = '$post'"
job >/dev/null
again=$(count)
if [ "$again" -eq "$before" ]; then
	echo "ok 4 - made public again, it is counted again ($again)"
else
	echo "not ok 4 - after the post was made public again the view says $again, not $before"
fi

$SQL -c "UPDATE app.stats_refresh_state SET refreshed_at = refreshed_at - interval '1 day'"
msg=$(job)
case "$msg" in
	refreshed*) echo "ok 5 - a new day refreshes even without a change" ;;
	*) echo "not ok 5 - a new day did not refresh: $msg" ;;
esac
