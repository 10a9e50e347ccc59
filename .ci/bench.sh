#!/usr/bin/env bash
# Side-by-side benchmark against OCA helpdesk_mgmt 18.0 and its satellites
# (./test --bench).
#
#   .ci/bench.sh [DEPS_DB]
#
# The anchor (what "theirs" is) is OCA helpdesk_mgmt 18.0 and its satellites
# helpdesk_mgmt_sla (ticket SLAs: our deadlines per phase), helpdesk_mgmt_rating
# (ratings: our satisfaction), helpdesk_mgmt_sale (sales orders on tickets) and
# helpdesk_product (a product on tickets), like for like with what our
# complaint carries. BENCH_ANCHOR=bare installs helpdesk_mgmt alone, the
# comparison made before the satellites, kept for reference (its default
# database is cc_bench_bare, not to mix the two up when reused).
#
# 1. downloads each anchor module 18.0 from PyPI (pip download --no-deps
#    odoo-addon-helpdesk-mgmt==18.0.*, odoo-addon-helpdesk-mgmt-sla==18.0.*...)
#    into .local/bench/ (ignored, never tracked), once, and unpacks its
#    odoo/addons there; only the benchmark database has them on its addons
#    path, and only the anchor's (two satellites install themselves);
# 2. copies the dependencies database DEPS_DB (default: the one ./test built)
#    into BENCH_DB (default cc_bench, cc_bench_bare with BENCH_ANCHOR=bare),
#    installs customer_complaint_iso10002 and the anchor modules;
# 3. fills it (.ci/bench.py fill): COMPLAINT_BENCH_N complaints and as many
#    tickets (default 100,000 each), one ORM-made row each cloned in SQL
#    with their phases / ticket SLAs (1,000,000: about 5 minutes, 2 GB);
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
ANCHOR="${BENCH_ANCHOR:-full}"
case "$ANCHOR" in
    full)
        ANCHOR_MODULES=(helpdesk_mgmt helpdesk_mgmt_sla helpdesk_mgmt_rating helpdesk_mgmt_sale helpdesk_product)
        DB="${BENCH_DB:-cc_bench}"
        ;;
    bare)
        ANCHOR_MODULES=(helpdesk_mgmt)
        DB="${BENCH_DB:-cc_bench_bare}"
        ;;
    *) ci_die 2 "BENCH_ANCHOR=$ANCHOR: full (default) or bare expected" ;;
esac
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

# --- the anchor modules 18.0 from PyPI, each once: downloaded into a folder of
# its own and unpacked aside, moved into addons/ when complete
mkdir -p "$BENCH_DIR/wheel" "$BENCH_DIR/addons"
for module in "${ANCHOR_MODULES[@]}"; do
    [ -f "$BENCH_DIR/addons/$module/__manifest__.py" ] && continue
    dist="odoo-addon-${module//_/-}"
    say "downloading $dist 18.0 from PyPI"
    rm -rf "$BENCH_DIR/wheel.partial" "$BENCH_DIR/addons.partial"
    "$PYTHON" -m pip download --quiet --disable-pip-version-check --no-deps \
        -d "$BENCH_DIR/wheel.partial" "$dist==18.0.*" 2>>"$BENCH_DIR/pip.log" \
        || ci_die 2 "could not download $dist from PyPI (log: $BENCH_DIR/pip.log)"
    "$PYTHON" - "$BENCH_DIR" "$module" <<'EOF'
import glob, os, sys, zipfile
bench, module = sys.argv[1:]
(wheel,) = glob.glob(os.path.join(bench, "wheel.partial", f"odoo_addon_{module}-18.0.*.whl"))
with zipfile.ZipFile(wheel) as archive:
    for name in archive.namelist():
        if name.startswith(f"odoo/addons/{module}/"):
            archive.extract(name, os.path.join(bench, "addons.partial"))
EOF
    [ -f "$BENCH_DIR/addons.partial/odoo/addons/$module/__manifest__.py" ] \
        || ci_die 2 "the $dist wheel holds no odoo/addons/$module"
    rm -rf "${BENCH_DIR:?}/addons/$module"
    mv "$BENCH_DIR/addons.partial/odoo/addons/$module" "$BENCH_DIR/addons/$module"
    mv -f "$BENCH_DIR"/wheel.partial/*.whl "$BENCH_DIR/wheel/"
    rm -rf "$BENCH_DIR/wheel.partial" "$BENCH_DIR/addons.partial"
done
ANCHOR_VERSIONS=()
for module in "${ANCHOR_MODULES[@]}"; do
    ANCHOR_VERSIONS+=("$module $(sed -n 's/^ *"version": "\(.*\)",/\1/p' "$BENCH_DIR/addons/$module/__manifest__.py")")
done
ANCHOR_LIST="$(IFS=,; echo "${ANCHOR_MODULES[*]}")"
say "$(IFS=,; echo "${ANCHOR_VERSIONS[*]}" | sed "s/,/, /g") (PyPI, anchor $ANCHOR), machine: $(nproc) cores, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)"

# the benchmark configuration: .local/odoo.cfg with the anchor's modules, and
# only them, on the path (links in anchor-$ANCHOR/): helpdesk_mgmt_sale and
# helpdesk_product install themselves (auto_install) wherever they can
ANCHOR_DIR="$BENCH_DIR/anchor-$ANCHOR"
mkdir -p "$ANCHOR_DIR"
for module in "${ANCHOR_MODULES[@]}"; do
    [ -L "$ANCHOR_DIR/$module" ] || ln -s "$BENCH_DIR/addons/$module" "$ANCHOR_DIR/$module"
done
CFG="$BENCH_DIR/odoo-$DB.cfg"
(
    umask 077
    sed -e "s|^addons_path = .*|&,$ANCHOR_DIR|" "$CI_CFG" >"$CFG"
)
ODOO_ARGS=(-c "$CFG" -d "$DB")

# --- the database
if [ "${BENCH_REUSE:-}" = 1 ] && ci_db_exists "$DB"; then
    # the database must hold the anchor asked for: no mix of the two
    INSTALLED="$(psql -d "$DB" -Atc "SELECT string_agg(name, ',' ORDER BY name COLLATE \"C\") FROM ir_module_module WHERE state = 'installed' AND name IN ('helpdesk_mgmt', 'helpdesk_mgmt_sla', 'helpdesk_mgmt_rating', 'helpdesk_mgmt_sale', 'helpdesk_product')")"
    [ "$INSTALLED" = "$(printf '%s\n' "${ANCHOR_MODULES[@]}" | LC_ALL=C sort | paste -sd,)" ] \
        || ci_die 2 "$DB holds $INSTALLED, not the $ANCHOR anchor: another BENCH_DB or BENCH_ANCHOR"
    say "reusing $DB, updating $CI_MODULE"
    ci_odoo "${ODOO_ARGS[@]}" -u "$CI_MODULE" --stop-after-init --no-http \
        --log-level=warn >"$LOG" 2>&1 || { tail -n 40 "$LOG" >&2; ci_die 1 "update failed (log: $LOG)"; }
else
    ci_db_exists "$DEPS_DB" || ci_die 2 "dependencies database $DEPS_DB is missing: run ./test first"
    dropdb --if-exists "$DB" 2>/dev/null
    rm -rf "$CI_LOCAL/data/filestore/$DB"
    createdb -T "$DEPS_DB" "$DB"
    say "installing $CI_MODULE and $ANCHOR_LIST into $DB"
    ci_odoo "${ODOO_ARGS[@]}" -i "$CI_MODULE,$ANCHOR_LIST" --stop-after-init --no-http \
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
