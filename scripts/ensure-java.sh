#!/usr/bin/env bash
# Installs Debian's Java runtime for DynamoDB Local when it is missing (CI and new machines), as
# ensure-chromium.sh does for the browser tests: `npm start` and `npm test` need nothing by hand.
set -euo pipefail
if command -v java >/dev/null 2>&1; then exit 0; fi
SUDO=""; [ "$(id -u)" = "0" ] || SUDO="sudo"
echo "Installing Debian's Java runtime for DynamoDB Local…" >&2
$SUDO apt-get update -qq >&2
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends default-jre-headless >&2
