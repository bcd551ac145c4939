#!/usr/bin/env bash
# Installs the Debian system packages that the test suite can use but npm cannot provide:
#  - chromium, for the headless-browser report test (tests/report/browser.test.ts), which skips with
#    a one-line reason when /usr/bin/chromium is absent;
#  - python3-sklearn, for the scikit-learn reference of `npm run bench` (tests/scripts/bench.test.ts),
#    which skips without it except under CI=true, where it fails;
#  - python3-scipy and python3-xgboost, for the reference scripts under scripts/reference/ (their
#    committed outputs are what the tests read; CI has them so the scripts can be re-run there).
#
# Idempotent: exits 0 without touching apt when all are already there. Installing needs
# root (as on this workplace's machines and CI); without root and with one missing it fails,
# naming the command to run. Waits up to 10 minutes for another apt/dpkg run to release its lock.
set -euo pipefail

chromium_bin=/usr/bin/chromium
# Debian's interpreter, not whatever python3 comes first on PATH: the apt package installs into it.
py=/usr/bin/python3

missing=()
[[ -x "$chromium_bin" ]] || missing+=(chromium)
"$py" -c 'import sklearn' 2>/dev/null || missing+=(python3-sklearn)
"$py" -c 'import scipy' 2>/dev/null || missing+=(python3-scipy)
"$py" -c 'import xgboost' 2>/dev/null || missing+=(python3-xgboost)

if [[ ${#missing[@]} -eq 0 ]]; then
  echo "ci-system-packages: chromium, python3-sklearn, python3-scipy and python3-xgboost already installed; nothing to do"
else
  if [[ "$(id -u)" -ne 0 ]]; then
    echo "ci-system-packages: missing Debian packages (${missing[*]}) and this is not root (uid $(id -u));" \
      "run as root: apt-get update && apt-get install -y --no-install-recommends ${missing[*]}" >&2
    exit 1
  fi
  echo "ci-system-packages: installing Debian packages: ${missing[*]}"
  start=$SECONDS
  apt-get -o DPkg::Lock::Timeout=600 update -q
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -q \
    --no-install-recommends "${missing[@]}"
  echo "ci-system-packages: installed ${missing[*]} in $((SECONDS - start)) s (apt-get update + install)"
  if [[ ! -x "$chromium_bin" ]]; then
    echo "ci-system-packages: apt-get reported success but $chromium_bin is still absent" >&2
    exit 1
  fi
  for module in sklearn scipy xgboost; do
    if ! "$py" -c "import $module" 2>/dev/null; then
      echo "ci-system-packages: apt-get reported success but $py cannot import $module" >&2
      exit 1
    fi
  done
fi

echo "ci-system-packages: $("$chromium_bin" --version 2>/dev/null || echo 'chromium --version failed')"
echo "ci-system-packages: scikit-learn $("$py" -c 'import sklearn; print(sklearn.__version__)')"
