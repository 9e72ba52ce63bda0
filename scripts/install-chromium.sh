#!/usr/bin/env bash
# install-chromium.sh — make sure Debian's Chromium is at /usr/bin/chromium for the report's
# rendering test (__tests__/report/render.test.ts drives it with playwright-core, which never
# downloads a browser of its own), with a colour emoji font so that the summary's index squares
# and status icons render as GitHub shows them.
# Idempotent: when both are there it only checks (< 1 s). Needs root (apt-get) otherwise.
set -euo pipefail

packages=()
[ -x /usr/bin/chromium ] || packages+=(chromium)
[ -e /usr/share/fonts/truetype/noto/NotoColorEmoji.ttf ] || packages+=(fonts-noto-color-emoji)

if [ ${#packages[@]} -eq 0 ]; then
  echo "chromium: $(/usr/bin/chromium --version 2>/dev/null || echo present)"
  exit 0
fi

export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${packages[@]}"
echo "chromium: $(/usr/bin/chromium --version 2>/dev/null || echo installed)"
