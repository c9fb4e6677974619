#!/bin/sh
# Former name of scripts/install-system.sh (chromium and postgresql), kept so that older commands still work.
set -eu
exec sh "$(dirname "$0")/install-system.sh" "$@"
