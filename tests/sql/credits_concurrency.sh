#!/bin/sh
# credits_concurrency.sh: 50 concurrent spends (separate psql processes logged in as the workers'
# role) against a user holding 5 credits: exactly 5 succeed, the rest get 'insufficient credits',
# and the ledger equals the balance. Prints TAP. Connection: the usual PG* variables for the
# superuser; PREPTALK_APP_USER (default preptalk_app) and PREPTALK_APP_PASSWORD for the app role.
set -u
N=${CONCURRENCY:-50}
CREDITS=5
APP_USER=${PREPTALK_APP_USER:-preptalk_app}
SQL="psql -X -q -t -A -v ON_ERROR_STOP=1"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
email="concurrency-$$-$(date +%s)@preptalk.test"

uid=$($SQL -c "SELECT app.signup('$email', '\$argon2id\$v=19\$m=19456,t=2,p=1\$x\$y')" | head -n 1)
if [ -z "$uid" ]; then
	echo "1..1"; echo "not ok 1 - set-up: could not create the test user"; exit 1
fi
$SQL -c "SELECT app.credit_grant('$uid', $((CREDITS - 1)), 'concurrency test')" >/dev/null

i=1
while [ "$i" -le "$N" ]; do
	PGUSER=$APP_USER PGPASSWORD=${PREPTALK_APP_PASSWORD:-${PGPASSWORD:-}} \
	$SQL -c "SELECT set_config('app.user_id', '$uid', false), set_config('app.role', 'candidate', false)" \
	     -c "SELECT app.credit_spend('$uid', gen_random_uuid(), 'concurrency test')" \
	     >"$tmp/out.$i" 2>"$tmp/err.$i" &
	i=$((i + 1))
done
wait

ok=0; refused=0; other=0
i=1
while [ "$i" -le "$N" ]; do
	if [ -s "$tmp/err.$i" ]; then
		if grep -q 'insufficient credits' "$tmp/err.$i"; then refused=$((refused + 1)); else other=$((other + 1)); fi
	else
		ok=$((ok + 1))
	fi
	i=$((i + 1))
done

row=$($SQL -F ' ' -c "SELECT uc.monthly_credits + uc.bonus_credits,
	(SELECT coalesce(sum(amount), 0) FROM credit_transactions t WHERE t.user_id = uc.user_id),
	(SELECT count(*) FROM credit_transactions t WHERE t.user_id = uc.user_id AND t.transaction_type = 'used'),
	(SELECT count(*) FROM user_credits x WHERE x.monthly_credits + x.bonus_credits <>
	        (SELECT coalesce(sum(amount), 0) FROM credit_transactions t WHERE t.user_id = x.user_id))
	FROM user_credits uc WHERE uc.user_id = '$uid'")
set -- $row
balance=$1; ledger=$2; used=$3; mismatched=$4

n=0; failed=0
check() {
	n=$((n + 1))
	if [ "$1" = "$2" ]; then echo "ok $n - $3"; else echo "not ok $n - $3 (got $1, want $2)"; failed=$((failed + 1)); fi
}
echo "1..7"
check "$ok" "$CREDITS" "$CREDITS of $N concurrent spends succeed"
check "$refused" "$((N - CREDITS))" "the other $((N - CREDITS)) are refused with 'insufficient credits'"
check "$other" 0 "no spend failed for another reason"
check "$balance" 0 "the balance ends at zero"
check "$used" "$CREDITS" "the ledger holds exactly $CREDITS spends"
check "$ledger" "$balance" "the ledger sums to the balance"
check "$mismatched" 0 "for every user the ledger sums to the balance"
if [ "$other" -gt 0 ]; then sed -n 1,3p "$tmp"/err.* | head -n 5 | sed 's/^/# /'; fi

$SQL -c "DELETE FROM auth.users WHERE id = '$uid'" >/dev/null
[ "$failed" -eq 0 ]
