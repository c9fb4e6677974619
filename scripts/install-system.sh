#!/bin/sh
# Installs the Debian packages the test suite needs, when they are missing:
#  - chromium: the real-browser test (tests/browser/); Playwright drives this system browser
#    (executable_path=/usr/bin/chromium), no browser download;
#  - postgresql: initdb and pg_ctl, with which tests/pg/ start a throwaway PostgreSQL server
#    for the gradebook (no service is started or configured by this script);
#  - configurable-http-proxy (npm, needs node): the proxy of JupyterHub, for tests/hub/ and `cpmc hub`.
set -eu
missing=""
if command -v chromium >/dev/null 2>&1; then
    echo "chromium déjà installé : $(command -v chromium)"
else
    missing="$missing chromium"
fi
initdb=$(ls /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -n 1 || true)
if [ -n "$initdb" ]; then
    echo "PostgreSQL déjà installé : $initdb"
else
    missing="$missing postgresql"
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
if command -v configurable-http-proxy >/dev/null 2>&1; then
    echo "configurable-http-proxy déjà installé : $(command -v configurable-http-proxy)"
elif command -v npm >/dev/null 2>&1; then
    $SUDO npm install -g configurable-http-proxy
    command -v configurable-http-proxy
else
    missing="$missing nodejs npm"
fi
if [ -z "$missing" ]; then
    exit 0
fi
$SUDO apt-get update
# shellcheck disable=SC2086 - one word per package
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y $missing
command -v chromium
ls /usr/lib/postgresql/*/bin/initdb
if ! command -v configurable-http-proxy >/dev/null 2>&1; then
    $SUDO npm install -g configurable-http-proxy
    command -v configurable-http-proxy
fi
