#!/usr/bin/env bash
# Installs the Debian system packages that the test suite can use but npm cannot provide.
# Today: Chromium, for the headless-browser report test (tests/report/browser.test.ts), which
# skips with a one-line reason when /usr/bin/chromium is absent.
#
# Idempotent: exits 0 without touching apt when Chromium is already there. Installing needs
# root (as on this workplace's machines and CI); without root and without Chromium it fails,
# naming the command to run. Waits up to 10 minutes for another apt/dpkg run to release its lock.
set -euo pipefail

chromium_bin=/usr/bin/chromium

if [[ -x "$chromium_bin" ]]; then
  echo "ci-system-packages: chromium already installed at $chromium_bin; nothing to do"
else
  if [[ "$(id -u)" -ne 0 ]]; then
    echo "ci-system-packages: $chromium_bin is absent and this is not root (uid $(id -u));" \
      "run as root: apt-get update && apt-get install -y --no-install-recommends chromium" >&2
    exit 1
  fi
  echo "ci-system-packages: $chromium_bin absent; installing Debian package 'chromium'"
  start=$SECONDS
  apt-get -o DPkg::Lock::Timeout=600 update -q
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -q \
    --no-install-recommends chromium
  echo "ci-system-packages: installed chromium in $((SECONDS - start)) s (apt-get update + install)"
  if [[ ! -x "$chromium_bin" ]]; then
    echo "ci-system-packages: apt-get reported success but $chromium_bin is still absent" >&2
    exit 1
  fi
fi

echo "ci-system-packages: $("$chromium_bin" --version 2>/dev/null || echo 'chromium --version failed')"
