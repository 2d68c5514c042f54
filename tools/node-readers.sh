#!/usr/bin/env bash
# Installs the JavaScript readers the export tests open their files with (graphology,
# as Gephi Lite reads GraphML and GEXF; mermaid-cli's mmdc, Mermaid's own renderer),
# pinned by tools/readers/package-lock.json, into tools/readers/node_modules
# (git-ignored). Without node and npm it says so and does nothing: those tests then
# skip, naming the reason.
set -euo pipefail
cd "$(dirname "$0")/readers"
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    echo "node-readers: node or npm is not installed; the graphology reader tests will skip" >&2
    exit 0
fi
# npm writes node_modules/.package-lock.json on install: reinstall only when the lock changed.
if [ -f node_modules/.package-lock.json ] && [ node_modules/.package-lock.json -nt package-lock.json ]; then
    exit 0
fi
# mmdc drives the system Chromium (tools/system-deps.sh, tools/readers/puppeteer.json):
# puppeteer 24 must not download its own Chrome and headless shell (about 500 MB).
export PUPPETEER_SKIP_DOWNLOAD=1
npm ci --no-audit --no-fund --loglevel=error
