#!/usr/bin/env bash
# Upgrade check: databases of the previous versions of the addon upgrade to
# the working tree with nothing lost, on each path a database may come by:
#
#   from 18.0.1.0.0 (UPGRADE_FROM, default 9553e22, the last commit of 18.0.1:
#   before decision rounds and phases), seeded by .ci/upgrade_check_seed.py and
#   checked by .ci/upgrade_check_verify.py;
#   from 18.0.2.0.0 (UPGRADE_FROM_V2, default 8c07874, the last commit of
#   18.0.2), seeded by .ci/upgrade_check_seed_v2.py and checked by
#   .ci/upgrade_check_verify_v2.py;
#   from 18.0.3.0.0 (UPGRADE_FROM_V3, default e53759c, the last commit of
#   18.0.3), seeded and checked by the same scripts as 18.0.2 (the process
#   did not change between the two).
#
#   .ci/upgrade_check.sh [DEPS_DB]
#
# For each path, the two side by side (UPGRADE_CHECK_JOBS=1: one after the
# other):
# 1. checks out that version as a git worktree in .local/ (ignored, never
#    tracked);
# 2. copies the dependencies database DEPS_DB (default: the one ./test built,
#    cc_deps_<hash>) and installs that version of the addon with demo data;
# 3. adds complaints in every stage with its own code (the seed script in one
#    odoo shell) and writes the fingerprint of what must survive;
# 4. turns the addon's demo flag off, as on a production database (otherwise
#    -u reloads the demo records over the demo complaints), and upgrades with
#    `-u customer_complaint_iso10002` to the working tree;
# 5. compares (the verify script in an odoo shell, with what every path must
#    guarantee in .ci/upgrade_check_verify_common.py).
#
# Prints one line per check, prefixed with the path, and "[upgrade] PASS"
# last only if every path passed, else "[upgrade] FAIL (...)"; exit code 0 on
# PASS. Drops its databases and removes its worktrees and files whatever
# happens; the logs of the last run stay in .local/upgrade-check/<path>/.
# ./test runs it as one item (after the dependencies database exists); needs
# what ./test prepared (.local/odoo.cfg, .venv). UPGRADE_CHECK_PATHS="v1 v2 v3"
# (the default) chooses the paths.
#
# UPGRADE_CHECK_SEEDED=NAME (to work on the migration): keep the seeded
# database of each path as NAME_<path> (its fingerprint in .local/) and,
# when it exists, start from a copy of it instead of installing and seeding.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=.ci/lib.sh
source .ci/lib.sh
START=$SECONDS

# The last commits of versions 18.0.1.0.0 and 18.0.2.0.0.
UPGRADE_FROM="${UPGRADE_FROM:-9553e222fd979d553160c1460dd258d331d01fd8}"
UPGRADE_FROM_V2="${UPGRADE_FROM_V2:-8c07874480b4d42a535694f7673621ebab861e00}"
UPGRADE_FROM_V3="${UPGRADE_FROM_V3:-e53759c0b9342f82e1a4dd84608f60cdbe53abfa}"
PATHS="${UPGRADE_CHECK_PATHS:-v1 v2 v3}"
DEPS_DB="${1:-}"
WORK="$CI_LOCAL/upgrade-check.$$"
LOGS="$CI_LOCAL/upgrade-check"
DB_PREFIX="cc_upgrade_$$"

say() { printf '[upgrade] %s\n' "$*"; }
fail() {
    say "FAIL: $*"
    exit 1
}

cleanup() {
    local rc=$? dir
    for dir in "$WORK"/*/; do
        [ -d "$dir" ] || continue
        mkdir -p "$LOGS/$(basename "$dir")"
        cp -f "$dir"*.log "$dir"*.json "$LOGS/$(basename "$dir")/" 2>/dev/null || true
        if [ -d "$dir/src" ]; then
            git worktree remove --force "$dir/src" >/dev/null 2>&1 || true
        fi
    done
    for path in $PATHS; do
        dropdb --if-exists "${DB_PREFIX}_$path" >/dev/null 2>&1 || true
    done
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

# what killed runs left behind: their databases, worktrees and files
while read -r db; do
    if [[ "$db" =~ ^cc_upgrade_([0-9]+)(_v[0-9]+)?$ ]] && ! kill -0 "${BASH_REMATCH[1]}" 2>/dev/null; then
        dropdb --if-exists "$db"
    fi
done < <(psql -d postgres -Atqc "select datname from pg_database where datname like 'cc\\_upgrade\\_%'")
for dir in "$CI_LOCAL"/upgrade-check.*; do
    if [[ "$dir" =~ \.([0-9]+)$ ]] && ! kill -0 "${BASH_REMATCH[1]}" 2>/dev/null; then
        for src in "$dir"/src "$dir"/*/src; do
            if [ -d "$src" ]; then
                git worktree remove --force "$src" >/dev/null 2>&1 || true
            fi
        done
        rm -rf "$dir"
    fi
done
rm -rf "$LOGS"
mkdir -p "$WORK"
NEW_VERSION="$(sed -n 's/^ *"version": "\(.*\)",/\1/p' "$CI_ADDON_DIR/__manifest__.py")"
export UPGRADE_CHECK_CI="$CI_ROOT/.ci" UPGRADE_CHECK_NEW_VERSION="$NEW_VERSION"
FAILED=()

# check_path NAME COMMIT SEED VERIFY: one upgrade path; prints its lines
# prefixed with NAME, returns non-zero if it failed. Runs in a subshell (its
# own fail/exit, variables and files), its database and worktree cleaned up
# by the trap above.
check_path() (
    local name="$1" commit="$2" seed_script="$3" verify_script="$4"
    local dir="$WORK/$name" db="${DB_PREFIX}_$name"
    say() { printf '[upgrade] %s: %s\n' "$name" "$*"; }
    fail() {
        say "FAIL: $*"
        exit 1
    }
    mkdir -p "$dir/data"
    # one git command at a time: the paths run side by side
    exec 9>"$WORK/git.lock"
    flock 9
    if ! git cat-file -e "$commit^{commit}" 2>/dev/null; then
        git fetch --quiet origin "$commit" 2>/dev/null \
            || fail "commit $commit is not in this clone (shallow?) and cannot be fetched"
    fi
    git worktree add --quiet --detach "$dir/src" "$commit" \
        || fail "git worktree add $commit failed"
    flock -u 9
    local old_version
    old_version="$(sed -n 's/^ *"version": "\(.*\)",/\1/p' "$dir/src/$CI_MODULE/__manifest__.py")"
    say "from $old_version (${commit:0:7}) to $NEW_VERSION (working tree), database $db"

    # one configuration per version: same server, its own addons path and files
    config() {
        (
            umask 077
            sed -e "s|^addons_path = .*|addons_path = $ODOO_ROOT/addons,$ODOO_ROOT/odoo/addons,$1|" \
                -e "s|^data_dir = .*|data_dir = $dir/data|" "$CI_CFG" >"$2"
        )
    }
    config "$dir/src" "$dir/old.cfg"
    config "$CI_ADDONS_DIR" "$dir/new.cfg"
    odoo_shell() {
        ci_odoo shell -c "$2" -d "$db" --no-http --log-level=warn <"$1" >"$3" 2>&1
    }

    export UPGRADE_CHECK_FINGERPRINT="$dir/fingerprint.json"
    export UPGRADE_CHECK_RESULT="$dir/result.txt"
    export UPGRADE_CHECK_OLD_VERSION="$old_version"
    # the migration scripts -u runs from that version, in order
    local migrations=() version
    while read -r version; do
        migrations+=("$CI_ADDON_DIR/migrations/$version")
    done < <(python3 - "$CI_ADDON_DIR/migrations" "$old_version" "$NEW_VERSION" <<'PY'
import os, sys
def v(version):  # 18.0.x.y.z, numbers only
    return tuple(int(part) for part in version.split("."))
root, old, new = sys.argv[1:]
names = [name for name in os.listdir(root) if name.replace(".", "").isdigit()]
for name in sorted(names, key=v):
    if v(old) < v(name) <= v(new):
        print(name)
PY
)
    UPGRADE_CHECK_MIGRATIONS="$(IFS=:; echo "${migrations[*]}")"
    export UPGRADE_CHECK_MIGRATIONS
    local seeded="" seeded_json="$CI_LOCAL/upgrade-check-seeded-$name.json"
    [ -z "${UPGRADE_CHECK_SEEDED:-}" ] || seeded="${UPGRADE_CHECK_SEEDED}_$name"

    if [ -n "$seeded" ] && ci_db_exists "$seeded" && [ -s "$seeded_json" ]; then
        say "starting from the seeded database $seeded"
        createdb -T "$seeded" "$db" || fail "createdb -T $seeded failed"
        cp "$seeded_json" "$UPGRADE_CHECK_FINGERPRINT"
    else
        # the previous version, installed with demo data and seeded
        createdb -T "$DEPS_DB" "$db" || fail "createdb -T $DEPS_DB failed"
        if ! ci_odoo -c "$dir/old.cfg" -d "$db" -i "$CI_MODULE" --stop-after-init --no-http \
            --log-level=warn >"$dir/install.log" 2>&1; then
            tail -n 30 "$dir/install.log"
            fail "installing $old_version failed (log: .local/upgrade-check/$name/install.log)"
        fi
        if ! odoo_shell "$seed_script" "$dir/old.cfg" "$dir/seed.log" \
            || [ ! -s "$UPGRADE_CHECK_FINGERPRINT" ]; then
            tail -n 30 "$dir/seed.log"
            fail "seeding $old_version failed (log: .local/upgrade-check/$name/seed.log)"
        fi
        grep '^\[upgrade\]' "$dir/seed.log" | sed "s/^\[upgrade\] /[upgrade] $name: /" || true
        local problems
        problems="$(python3 -c 'import json, sys; print("; ".join(json.load(open(sys.argv[1]))["problems"]))' "$UPGRADE_CHECK_FINGERPRINT")"
        [ -z "$problems" ] || fail "the old database does not cover the cases: $problems"
        if [ -n "$seeded" ]; then
            dropdb --if-exists "$seeded" 2>/dev/null
            createdb -T "$db" "$seeded" && cp "$UPGRADE_CHECK_FINGERPRINT" "$seeded_json"
            say "kept the seeded database as $seeded"
        fi
    fi

    # as on a production database: -u does not reload the demo records
    psql -d "$db" -qc "UPDATE ir_module_module SET demo = false WHERE name = '$CI_MODULE'"
    if ! ci_odoo -c "$dir/new.cfg" -d "$db" -u "$CI_MODULE" --stop-after-init --no-http \
        --log-level=info >"$dir/upgrade.log" 2>&1; then
        grep -E ' (ERROR|CRITICAL) ' -A 20 "$dir/upgrade.log" | tail -n 40
        fail "the upgrade failed (log: .local/upgrade-check/$name/upgrade.log)"
    fi
    grep -E 'customer complaints 18\.0\.[0-9]+\.[0-9]+\.0' "$dir/upgrade.log" \
        | sed "s/^.*customer complaints /[upgrade] $name: migrated: /" || true
    local errors
    errors="$(grep -cE ' (ERROR|CRITICAL) ' "$dir/upgrade.log" || true)"
    if [ "$errors" != 0 ]; then
        grep -E ' (ERROR|CRITICAL) ' -A 10 "$dir/upgrade.log" | head -n 40
        fail "the upgrade logged $errors error(s) (log: .local/upgrade-check/$name/upgrade.log)"
    fi

    odoo_shell "$verify_script" "$dir/new.cfg" "$dir/verify.log" || true
    if [ ! -s "$UPGRADE_CHECK_RESULT" ]; then
        tail -n 30 "$dir/verify.log"
        fail "the verification did not finish (log: .local/upgrade-check/$name/verify.log)"
    fi
    tail -n +2 "$UPGRADE_CHECK_RESULT" | grep -v '^\[upgrade\] \(PASS\|FAIL\)' \
        | sed "s/^\[upgrade\] /[upgrade] $name: /"
    say "$(tail -n 1 "$UPGRADE_CHECK_RESULT" | sed 's/^\[upgrade\] //')"
    [ "$(head -n 1 "$UPGRADE_CHECK_RESULT")" = PASS ]
)

run_path() {
    case "$1" in
        v1) check_path v1 "$UPGRADE_FROM" .ci/upgrade_check_seed.py .ci/upgrade_check_verify.py ;;
        v2) check_path v2 "$UPGRADE_FROM_V2" .ci/upgrade_check_seed_v2.py .ci/upgrade_check_verify_v2.py ;;
        # 18.0.3's process is 18.0.2's: the same seed and checks apply
        v3) check_path v3 "$UPGRADE_FROM_V3" .ci/upgrade_check_seed_v2.py .ci/upgrade_check_verify_v2.py ;;
        *) say "unknown path $1 (v1, v2, v3)"; false ;;
    esac
}
# The paths side by side (UPGRADE_CHECK_JOBS=1: one after the other), each
# printing its lines once done, in order.
declare -A PIDS=()
if [ "${UPGRADE_CHECK_JOBS:-2}" -gt 1 ] && [ "$(wc -w <<<"$PATHS")" -gt 1 ]; then
    say "paths $PATHS side by side (logs: .local/upgrade-check/<path>/)"
fi
for path in $PATHS; do
    if [ "${UPGRADE_CHECK_JOBS:-2}" -gt 1 ]; then
        run_path "$path" >"$WORK/$path.out" 2>&1 &
        PIDS[$path]=$!
    else
        run_path "$path" || FAILED+=("$path")
    fi
done
for path in $PATHS; do
    [ -n "${PIDS[$path]:-}" ] || continue
    wait "${PIDS[$path]}" || FAILED+=("$path")
    cat "$WORK/$path.out"
done
say "took $((SECONDS - START)) s"
if [ "${#FAILED[@]}" -gt 0 ]; then
    say "FAIL (path(s) ${FAILED[*]} failed)"
    exit 1
fi
say PASS
