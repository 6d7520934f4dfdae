#!/usr/bin/env bash
# Fuzzes the gateway's merged OpenAPI spec with schemathesis (pinned), installing it into
# tmp/schemathesis-venv on first use. Usage: run-schemathesis.sh <gateway-url> <token> [extra args]
set -euo pipefail
VERSION=4.32.5
root="$(cd "$(dirname "$0")/../.." && pwd)"
venv="$root/tmp/schemathesis-venv"
if [ ! -x "$venv/bin/schemathesis" ] || ! "$venv/bin/python" -c "import importlib.metadata as m,sys; sys.exit(m.version('schemathesis') != '$VERSION')"; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$VERSION"
fi
url="$1"; token="$2"; shift 2
# its cache and reports go under tmp/, not into the clone
cd "$root/tmp"
exec "$venv/bin/schemathesis" run "$url/docs/openapi.json" --url "$url" \
  -H "Authorization: Bearer $token" "$@"
