#!/bin/sh
# Installs Debian's chromium for the real-browser test (tests/browser/), if it is missing.
# Playwright drives this system browser (executable_path=/usr/bin/chromium): no browser download.
set -eu
if command -v chromium >/dev/null 2>&1; then
    echo "chromium déjà installé : $(command -v chromium)"
    exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
$SUDO apt-get update
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y chromium
command -v chromium
