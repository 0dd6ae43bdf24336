#!/usr/bin/env bash
# Set up saidwho in .venv/ (created if missing) and run one thing. Safe to run again: when the package is already
# installed and pyproject.toml has not changed, the install step is skipped.
#
#   ./scripts/setup.sh example        set up, then run saidwho on its bundled example page
#   ./scripts/setup.sh serve [ARGS]   set up, then open the web app on the bundled example pages (saidwho serve --example)
#   ./scripts/setup.sh test [ARGS]    set up, then run the whole test suite (pytest -q ARGS); exits with pytest's code
#                                     (the PostgreSQL store tests need SAIDWHO_TEST_PG_URL; .ci/run sets it)
#   ./scripts/setup.sh install        set up only
#
# Environment: PYTHON (default python3) is the interpreter the venv is made from; it must be 3.10 or newer.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
VENV="$ROOT/.venv"
PYTHON="${PYTHON:-python3}"

say() { printf 'setup: %s\n' "$*" >&2; }
die() { printf 'setup: error: %s\n' "$*" >&2; exit 1; }

usage() {
    sed -n '2,10p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
    exit 2
}

check_python() {
    command -v "$PYTHON" >/dev/null 2>&1 \
        || die "$PYTHON not found; install Python 3.10 or newer (Debian/Ubuntu: apt-get install python3 python3-venv)"
    "$PYTHON" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 10) else 1)' \
        || die "saidwho needs Python 3.10 or newer; $PYTHON is $("$PYTHON" -c 'import sys; print(sys.version.split()[0])'). Set PYTHON=/path/to/python3.x"
}

ensure_venv() {
    if [ ! -x "$VENV/bin/python" ]; then
        check_python
        say "creating .venv with $("$PYTHON" --version 2>&1)"
        "$PYTHON" -m venv "$VENV" \
            || die "could not create .venv; on Debian/Ubuntu install the venv module: apt-get install python3-venv"
    fi
    "$VENV/bin/python" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 10) else 1)' \
        || die ".venv has Python older than 3.10; remove .venv and run again with PYTHON set to Python 3.10+"
}

# pip on some machines prints one harmless "Location ... is ignored" warning per configured index: drop those
# lines but keep pip's own exit code.
pip_install() {
    local status
    set +e
    "$VENV/bin/python" -m pip install --disable-pip-version-check "$@" 2>&1 | grep -v 'is ignored'
    status=${PIPESTATUS[0]}
    set -e
    return "$status"
}

ensure_installed() {
    # $1: the extras to install. `test` adds `train` (PyTorch 2.13.0, CPU build) so CI runs the tagger's
    # training test, `postgres` (psycopg) and `parquet` (pyarrow) for the store's tests, and `warc` (fastwarc),
    # `ray` and `spark` (pyspark, about 400 MB) for the batch runner's tests; `example` needs none of
    # them beyond test and bench.
    local extras="$1" stamp="$VENV/.saidwho-installed" want
    want="$extras $("$VENV/bin/python" -c 'import hashlib, sys; print(hashlib.sha256(open("pyproject.toml", "rb").read()).hexdigest())')"
    if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] \
        && "$VENV/bin/python" -c 'import saidwho, pytest, jsonschema, hypothesis' >/dev/null 2>&1 \
        && "$VENV/bin/python" -c 'import importlib.util as u, sys; sys.exit(0 if u.find_spec("textacy") else 1)' \
        && [ -x "$VENV/bin/saidwho" ]; then
        return 0
    fi
    # The bench extra (textacy, for `saidwho bench` and its test) adds about 15 s and 250 MB to a fresh install;
    # the train extra (torch from this machine's disk) about 30 s and 750 MB.
    say "installing saidwho with its $extras dependencies into .venv (the first time takes a minute or two)"
    pip_install -q -e ".[$extras]" || die "pip install -e '.[$extras]' failed (see above)"
    echo "$want" >"$stamp"
}

setup() {
    ensure_venv
    ensure_installed "$1"
}

cmd="${1:-}"
[ $# -gt 0 ] && shift
case "$cmd" in
    example)
        setup test,bench
        exec "$VENV/bin/saidwho" extract --example --format text "$@"
        ;;
    serve)
        setup test,bench,web
        exec "$VENV/bin/saidwho" serve --example "$@"
        ;;
    test)
        setup test,bench,train,postgres,parquet,web,browser,warc,ray,spark
        # Propagate pytest's exit code as it is: 5 ("no tests ran") is a failure, not a success.
        exec "$VENV/bin/python" -m pytest -q "$@"
        ;;
    install)
        setup test,bench
        say "ready: $("$VENV/bin/saidwho" --version)"
        ;;
    -h | --help | help)
        usage
        ;;
    *)
        usage
        ;;
esac
