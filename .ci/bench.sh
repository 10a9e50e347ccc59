#!/usr/bin/env bash
# Side-by-side benchmark against OCA helpdesk_mgmt 18.0 (./test --bench).
#
#   .ci/bench.sh [DEPS_DB]
#
# 1. downloads helpdesk_mgmt 18.0 from PyPI (pip download --no-deps
#    odoo-addon-helpdesk-mgmt==18.0.*) into .local/bench/ (ignored, never
#    tracked) and unpacks its odoo/addons there; only the benchmark database
#    has it on its addons path;
# 2. copies the dependencies database DEPS_DB (default: the one ./test built)
#    into BENCH_DB (default cc_bench), installs customer_complaint_iso10002 and
#    helpdesk_mgmt;
# 3. fills it (.ci/bench.py fill): COMPLAINT_BENCH_N complaints and as many
#    tickets (default 100,000 each), one ORM-made row each cloned in SQL
#    (1,000,000: about 5 minutes, 2 GB);
# 4. measures (.ci/bench.py run, then .ci/bench.py export in a process of its
#    own for the export's peak memory) and prints one "BENCH" line per figure:
#    ours, theirs, the ratio, the queries.
#
# BENCH_ONLY=intake,email,views,portal,alone,export (any of them) measures
# those figures only. BENCH_REUSE=1 measures the existing BENCH_DB again
# (updating our addon first) instead of building it anew, and builds it if it
# is missing. BENCH_REPEAT (7), BENCH_INTAKE (100), BENCH_BATCH (300) and
# BENCH_MAILS (30) size the runs. Needs what ./test prepared (.local/odoo.cfg,
# .venv, the dependencies database). The 1,000,000-complaint database, built
# once, then measured each time:
#
#   BENCH_DB=cc_bench_1m COMPLAINT_BENCH_N=1000000 BENCH_REUSE=1 \
#       BENCH_ONLY=views,portal .ci/bench.sh [DEPS_DB]
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=.ci/lib.sh
source .ci/lib.sh

DEPS_DB="${1:-}"
DB="${BENCH_DB:-cc_bench}"
N="${COMPLAINT_BENCH_N:-100000}"
BENCH_DIR="$CI_LOCAL/bench"
LOG="$BENCH_DIR/bench-$DB.log"
say() { printf '[bench] %s\n' "$*"; }

[ -f "$CI_CFG" ] || ci_die 2 ".local/odoo.cfg is missing: run ./test once first"
ci_find_odoo >/dev/null 2>&1 || ci_die 2 "Odoo 18.0 not found (see ./test)"
if [ -z "$DEPS_DB" ]; then
    read -r DEPS_HASH _ < <(ci_manifest_depends)
    DEPS_DB="cc_deps_$DEPS_HASH"
fi
PYTHON="$CI_VENV/bin/python"
[ -x "$PYTHON" ] || PYTHON="$(command -v python3)"

# --- helpdesk_mgmt 18.0 from PyPI
mkdir -p "$BENCH_DIR/wheel"
if [ ! -f "$BENCH_DIR/addons/helpdesk_mgmt/__manifest__.py" ]; then
    say "downloading odoo-addon-helpdesk-mgmt 18.0 from PyPI"
    "$PYTHON" -m pip download --quiet --disable-pip-version-check --no-deps \
        -d "$BENCH_DIR/wheel" 'odoo-addon-helpdesk-mgmt==18.0.*' \
        || ci_die 2 "could not download odoo-addon-helpdesk-mgmt from PyPI"
    rm -rf "$BENCH_DIR/addons.partial"
    "$PYTHON" - "$BENCH_DIR" <<'EOF'
import glob, os, sys, zipfile
bench = sys.argv[1]
wheel = sorted(glob.glob(os.path.join(bench, "wheel", "odoo_addon_helpdesk_mgmt-18.0.*.whl")))[-1]
with zipfile.ZipFile(wheel) as archive:
    for name in archive.namelist():
        if name.startswith("odoo/addons/"):
            archive.extract(name, os.path.join(bench, "addons.partial"))
EOF
    rm -rf "$BENCH_DIR/addons"
    mv "$BENCH_DIR/addons.partial/odoo/addons" "$BENCH_DIR/addons"
    rm -rf "$BENCH_DIR/addons.partial"
fi
HELPDESK_VERSION="$(sed -n 's/^ *"version": "\(.*\)",/\1/p' "$BENCH_DIR/addons/helpdesk_mgmt/__manifest__.py")"
say "helpdesk_mgmt $HELPDESK_VERSION (PyPI), machine: $(nproc) cores, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)"

# the benchmark configuration: .local/odoo.cfg with helpdesk_mgmt on the path
CFG="$BENCH_DIR/odoo-$DB.cfg"
(
    umask 077
    sed -e "s|^addons_path = .*|&,$BENCH_DIR/addons|" "$CI_CFG" >"$CFG"
)
ODOO_ARGS=(-c "$CFG" -d "$DB")

# --- the database
if [ "${BENCH_REUSE:-}" = 1 ] && ci_db_exists "$DB"; then
    say "reusing $DB, updating $CI_MODULE"
    ci_odoo "${ODOO_ARGS[@]}" -u "$CI_MODULE" --stop-after-init --no-http \
        --log-level=warn >"$LOG" 2>&1 || { tail -n 40 "$LOG" >&2; ci_die 1 "update failed (log: $LOG)"; }
else
    ci_db_exists "$DEPS_DB" || ci_die 2 "dependencies database $DEPS_DB is missing: run ./test first"
    dropdb --if-exists "$DB" 2>/dev/null
    rm -rf "$CI_LOCAL/data/filestore/$DB"
    createdb -T "$DEPS_DB" "$DB"
    say "installing $CI_MODULE and helpdesk_mgmt into $DB"
    ci_odoo "${ODOO_ARGS[@]}" -i "$CI_MODULE,helpdesk_mgmt" --stop-after-init --no-http \
        --log-level=warn >"$LOG" 2>&1 || { tail -n 40 "$LOG" >&2; ci_die 1 "install failed (log: $LOG)"; }
    say "filling $DB with $N complaints and $N tickets"
    "$PYTHON" .ci/bench.py fill --n "$N" -- "${ODOO_ARGS[@]}" --log-level=warn 2>>"$LOG" \
        || { tail -n 40 "$LOG" >&2; ci_die 1 "fill failed (log: $LOG)"; }
fi

# --- the figures, on fresh statistics and without the dead rows of the fill
# or of the previous run's intake (rolled back), as autovacuum would leave it
psql -d "$DB" -qc "VACUUM ANALYZE" >>"$LOG" 2>&1 || ci_die 1 "VACUUM ANALYZE of $DB failed"
RUN_ONLY="${BENCH_ONLY:-}"
RUN_ONLY="${RUN_ONLY//export/}"
RUN_ONLY="$(echo "$RUN_ONLY" | tr -s , | sed 's/^,//; s/,$//')"
if [ -z "${BENCH_ONLY:-}" ] || [ -n "$RUN_ONLY" ]; then
    "$PYTHON" .ci/bench.py run ${RUN_ONLY:+--only "$RUN_ONLY"} -- "${ODOO_ARGS[@]}" --log-level=warn 2>>"$LOG" \
        || { tail -n 40 "$LOG" >&2; ci_die 1 "benchmark failed (log: $LOG)"; }
fi
if [ -z "${BENCH_ONLY:-}" ] || [[ ",$BENCH_ONLY," == *,export,* ]]; then
    "$PYTHON" .ci/bench.py export -- "${ODOO_ARGS[@]}" --log-level=warn 2>>"$LOG" \
        || { tail -n 40 "$LOG" >&2; ci_die 1 "register export failed (log: $LOG)"; }
fi
say "done; database $DB kept (BENCH_REUSE=1 measures it again), log $LOG"
