#!/usr/bin/env bash
# Upgrade check: a database of the previous version of the addon upgrades to
# the working tree with nothing lost.
#
#   .ci/upgrade_check.sh [DEPS_DB]
#
# 1. checks out the previous version (UPGRADE_FROM, default the last commit of
#    18.0.1.0.0) as a git worktree in .local/ (ignored, never tracked);
# 2. copies the dependencies database DEPS_DB (default: the one ./test built,
#    cc_deps_<hash>) and installs that version of the addon with demo data;
# 3. adds complaints in every stage with its own code (.ci/upgrade_check_seed.py
#    in an odoo shell): decisions, approvals, appeals (once, twice, open, in
#    French), ratings, deadlines breached, at risk, met and met late, a reopened
#    and an archived complaint; and writes the fingerprint of what must survive;
# 4. turns the addon's demo flag off, as on a production database (otherwise
#    -u reloads the demo records over the demo complaints), and upgrades with
#    `-u customer_complaint_iso10002` to the working tree;
# 5. compares (.ci/upgrade_check_verify.py in an odoo shell): every complaint,
#    its decision as round 1 and each appeal as the next round, its deadlines
#    as phases with the same dates and states, its ratings, the approval
#    rules, and that running the migration again creates nothing.
#
# Prints one line per check and "[upgrade] PASS" or "[upgrade] FAIL (...)"
# last; exit code 0 on PASS. Drops its database and removes its worktree and
# files whatever happens; the logs of the last run stay in
# .local/upgrade-check/. ./test runs it as one item (after the dependencies
# database exists); needs what ./test prepared (.local/odoo.cfg, .venv).
#
# UPGRADE_CHECK_SEEDED=NAME (to work on the migration): keep the seeded
# database of the previous version as NAME (its fingerprint in .local/) and,
# when it exists, start from a copy of it instead of installing and seeding.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=.ci/lib.sh
source .ci/lib.sh

# The last commit of version 18.0.1.0.0 (before decision rounds and phases).
UPGRADE_FROM="${UPGRADE_FROM:-9553e222fd979d553160c1460dd258d331d01fd8}"
DEPS_DB="${1:-}"
WORK="$CI_LOCAL/upgrade-check.$$"
LOGS="$CI_LOCAL/upgrade-check"
DB="cc_upgrade_$$"

say() { printf '[upgrade] %s\n' "$*"; }
fail() {
    say "FAIL: $*"
    exit 1
}

cleanup() {
    local rc=$?
    if [ -d "$WORK" ]; then
        mkdir -p "$LOGS"
        cp -f "$WORK"/*.log "$WORK"/*.json "$LOGS"/ 2>/dev/null || true
    fi
    dropdb --if-exists "$DB" >/dev/null 2>&1 || true
    if [ -d "$WORK/src" ]; then
        git worktree remove --force "$WORK/src" >/dev/null 2>&1 || true
    fi
    rm -rf "$WORK"
    git worktree prune >/dev/null 2>&1 || true
    exit "$rc"
}
trap cleanup EXIT

[ -f "$CI_CFG" ] || fail ".local/odoo.cfg is missing: run ./test once first"
ci_find_odoo >/dev/null 2>&1 || fail "Odoo 18.0 not found (see ./test)"
if [ -z "$DEPS_DB" ]; then
    read -r DEPS_HASH _ < <(ci_manifest_depends)
    DEPS_DB="cc_deps_$DEPS_HASH"
fi
ci_db_exists "$DEPS_DB" || fail "dependencies database $DEPS_DB is missing: run ./test first"

# what killed runs left behind: their database, worktree and files
while read -r db; do
    if [[ "$db" =~ ^cc_upgrade_([0-9]+)$ ]] && ! kill -0 "${BASH_REMATCH[1]}" 2>/dev/null; then
        dropdb --if-exists "$db"
    fi
done < <(psql -d postgres -Atqc "select datname from pg_database where datname like 'cc\\_upgrade\\_%'")
for dir in "$CI_LOCAL"/upgrade-check.*; do
    if [[ "$dir" =~ \.([0-9]+)$ ]] && ! kill -0 "${BASH_REMATCH[1]}" 2>/dev/null; then
        git worktree remove --force "$dir/src" >/dev/null 2>&1 || true
        rm -rf "$dir"
    fi
done

# the previous version, as a worktree of its commit
if ! git cat-file -e "$UPGRADE_FROM^{commit}" 2>/dev/null; then
    git fetch --quiet origin "$UPGRADE_FROM" 2>/dev/null \
        || fail "commit $UPGRADE_FROM is not in this clone (shallow?) and cannot be fetched"
fi
rm -rf "$LOGS"
mkdir -p "$WORK/data"
git worktree add --quiet --detach "$WORK/src" "$UPGRADE_FROM" \
    || fail "git worktree add $UPGRADE_FROM failed"
OLD_VERSION="$(sed -n 's/^ *"version": "\(.*\)",/\1/p' "$WORK/src/$CI_MODULE/__manifest__.py")"
NEW_VERSION="$(sed -n 's/^ *"version": "\(.*\)",/\1/p' "$CI_ADDON_DIR/__manifest__.py")"
say "from $OLD_VERSION (${UPGRADE_FROM:0:7}) to $NEW_VERSION (working tree), database $DB"

# one configuration per version: same server, its own addons path and files
config() {
    (
        umask 077
        sed -e "s|^addons_path = .*|addons_path = $ODOO_ROOT/addons,$ODOO_ROOT/odoo/addons,$1|" \
            -e "s|^data_dir = .*|data_dir = $WORK/data|" "$CI_CFG" >"$2"
    )
}
config "$WORK/src" "$WORK/old.cfg"
config "$CI_ADDONS_DIR" "$WORK/new.cfg"

# odoo shell SCRIPT CONFIG LOG: run a script of .ci in an odoo shell
odoo_shell() {
    ci_odoo shell -c "$2" -d "$DB" --no-http --log-level=warn <"$1" >"$3" 2>&1
}

export UPGRADE_CHECK_FINGERPRINT="$WORK/fingerprint.json"
export UPGRADE_CHECK_RESULT="$WORK/result.txt"
export UPGRADE_CHECK_MIGRATIONS="$CI_ADDON_DIR/migrations/$NEW_VERSION"
SEEDED="${UPGRADE_CHECK_SEEDED:-}"
SEEDED_JSON="$CI_LOCAL/upgrade-check-seeded.json"
START=$SECONDS

# the previous version, installed with demo data and seeded
seed() {
    createdb -T "$DEPS_DB" "$DB" || fail "createdb -T $DEPS_DB failed"
    if ! ci_odoo -c "$WORK/old.cfg" -d "$DB" -i "$CI_MODULE" --stop-after-init --no-http \
        --log-level=warn >"$WORK/install.log" 2>&1; then
        tail -n 30 "$WORK/install.log"
        fail "installing $OLD_VERSION failed (log: .local/upgrade-check/install.log)"
    fi
    if ! odoo_shell .ci/upgrade_check_seed.py "$WORK/old.cfg" "$WORK/seed.log" \
        || [ ! -s "$UPGRADE_CHECK_FINGERPRINT" ]; then
        tail -n 30 "$WORK/seed.log"
        fail "seeding $OLD_VERSION failed (log: .local/upgrade-check/seed.log)"
    fi
    grep '^\[upgrade\]' "$WORK/seed.log" || true
    local problems
    problems="$(python3 -c 'import json, sys; print("; ".join(json.load(open(sys.argv[1]))["problems"]))' "$UPGRADE_CHECK_FINGERPRINT")"
    [ -z "$problems" ] || fail "the old database does not cover the cases: $problems"
    if [ -n "$SEEDED" ]; then
        dropdb --if-exists "$SEEDED" 2>/dev/null
        createdb -T "$DB" "$SEEDED" && cp "$UPGRADE_CHECK_FINGERPRINT" "$SEEDED_JSON"
        say "kept the seeded database as $SEEDED"
    fi
}

if [ -n "$SEEDED" ] && ci_db_exists "$SEEDED" && [ -s "$SEEDED_JSON" ]; then
    say "starting from the seeded database $SEEDED"
    createdb -T "$SEEDED" "$DB" || fail "createdb -T $SEEDED failed"
    cp "$SEEDED_JSON" "$UPGRADE_CHECK_FINGERPRINT"
else
    seed
fi

# as on a production database: -u does not reload the demo records
psql -d "$DB" -qc "UPDATE ir_module_module SET demo = false WHERE name = '$CI_MODULE'"
if ! ci_odoo -c "$WORK/new.cfg" -d "$DB" -u "$CI_MODULE" --stop-after-init --no-http \
    --log-level=info >"$WORK/upgrade.log" 2>&1; then
    grep -E ' (ERROR|CRITICAL) ' -A 20 "$WORK/upgrade.log" | tail -n 40
    fail "the upgrade failed (log: .local/upgrade-check/upgrade.log)"
fi
grep -E 'customer complaints 18\.0\.2\.0\.0' "$WORK/upgrade.log" \
    | sed 's/^.*18\.0\.2\.0\.0: /[upgrade] migrated: /' || true
ERRORS="$(grep -cE ' (ERROR|CRITICAL) ' "$WORK/upgrade.log" || true)"
if [ "$ERRORS" != 0 ]; then
    grep -E ' (ERROR|CRITICAL) ' -A 10 "$WORK/upgrade.log" | head -n 40
    fail "the upgrade logged $ERRORS error(s) (log: .local/upgrade-check/upgrade.log)"
fi

odoo_shell .ci/upgrade_check_verify.py "$WORK/new.cfg" "$WORK/verify.log" || true
if [ ! -s "$UPGRADE_CHECK_RESULT" ]; then
    tail -n 30 "$WORK/verify.log"
    fail "the verification did not finish (log: .local/upgrade-check/verify.log)"
fi
tail -n +2 "$UPGRADE_CHECK_RESULT"
say "took $((SECONDS - START)) s"
[ "$(head -n 1 "$UPGRADE_CHECK_RESULT")" = PASS ]
