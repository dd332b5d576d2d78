#!/usr/bin/env bash
# Installs the Debian packages the Lambda tests run against (a real redis-server, headless
# Chromium, openssl for throwaway TLS certificates) when they are missing, and says what it installs. Needs root (as in CI).
set -euo pipefail

missing=()
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
[ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ] || missing+=(chromium)
command -v openssl >/dev/null 2>&1 || missing+=(openssl)

if [ ${#missing[@]} -eq 0 ]; then
  echo "test dependencies present: redis-server, chromium, openssl"
  exit 0
fi

echo "installing missing test dependencies: ${missing[*]}"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update
$SUDO apt-get install -y --no-install-recommends "${missing[@]}"
