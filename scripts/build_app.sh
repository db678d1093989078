#!/usr/bin/env bash
# Build Switchboard into DEST from this checkout's locked dependencies (uv.lock, no dev tools):
# DEST/.venv holds the environment, DEST/app, alembic/ and campaigns/ the code and data it runs.
# The Dockerfile runs this; so does CI (scripts/test.sh), which proves it without a container runtime.
set -euo pipefail
cd "$(dirname "$0")/.."
DEST="${1:?usage: scripts/build_app.sh DEST}"
UV_VERSION="$(sed -n 's/^UV_VERSION="\(.*\)"$/\1/p' run)"

mkdir -p "$DEST"
cp -R pyproject.toml uv.lock README.md alembic.ini alembic app campaigns "$DEST/"
find "$DEST" -name __pycache__ -prune -exec rm -rf {} +
python3 -m venv "$DEST/.build-tools"
"$DEST/.build-tools/bin/pip" install --quiet --disable-pip-version-check "uv==$UV_VERSION"
(
    cd "$DEST"
    UV_PROJECT_ENVIRONMENT="$DEST/.venv" UV_PYTHON_DOWNLOADS=never \
        .build-tools/bin/uv sync --locked --no-dev --compile-bytecode --quiet
)
rm -rf "$DEST/.build-tools"
"$DEST/.venv/bin/switchboard" --help >/dev/null
echo "==> Switchboard built in $DEST"
