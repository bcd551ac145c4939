#!/usr/bin/env bash
# Installs what executing the notebooks needs beyond `npm ci`: Debian's Jupyter (nbconvert and
# the Python kernel machinery it drives) and the tslab TypeScript kernel spec pointing at this
# checkout's tslab. The notebook test (tests/notebooks/notebooks.test.ts) skips with a one-line
# reason when this has not been run.
#
# Idempotent: apt runs only when a package is missing; the kernel spec is rewritten every time
# (cheap, and it follows the checkout if the repository moved). Installing packages needs root
# (as on this workplace's machines and CI); without root and with a package missing it fails,
# naming the command to run. Waits up to 10 minutes for another apt/dpkg run to release its lock.
# Run after `npm ci` (the kernel spec points at node_modules/.bin/tslab).
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian's interpreter, not whatever python3 comes first on PATH (pyenv on some machines):
# the apt packages install into it.
py=/usr/bin/python3
packages=(jupyter-nbconvert python3-ipykernel)

missing=()
for pkg in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$pkg")
  fi
done

if [[ ${#missing[@]} -eq 0 ]]; then
  echo "ci-jupyter: ${packages[*]} already installed; apt not needed"
else
  if [[ "$(id -u)" -ne 0 ]]; then
    echo "ci-jupyter: missing Debian packages (${missing[*]}) and this is not root (uid $(id -u));" \
      "run as root: apt-get update && apt-get install -y --no-install-recommends ${missing[*]}" >&2
    exit 1
  fi
  echo "ci-jupyter: installing Debian packages: ${missing[*]}"
  start=$SECONDS
  apt-get -o DPkg::Lock::Timeout=600 update -q
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -q \
    --no-install-recommends "${missing[@]}"
  echo "ci-jupyter: apt-get update + install took $((SECONDS - start)) s"
fi

tslab_bin="$PWD/node_modules/.bin/tslab"
if [[ ! -x "$tslab_bin" ]]; then
  echo "ci-jupyter: $tslab_bin not found; run npm ci first" >&2
  exit 1
fi

# Registers the "tslab" (TypeScript) and "jslab" kernel specs; as root they go to
# /usr/local/share/jupyter/kernels, otherwise to the user's ~/.local/share/jupyter/kernels.
"$tslab_bin" install --python="$py" --binary="$tslab_bin"

echo "ci-jupyter: $("$py" -m jupyter nbconvert --version 2>&1 | sed 's/^/nbconvert /')"
echo "ci-jupyter: $("$py" -Xfrozen_modules=off -c 'import ipykernel, jupyter_client; print("ipykernel", ipykernel.__version__, "jupyter_client", jupyter_client.__version__)')"
echo "ci-jupyter: $("$tslab_bin" --version)"
"$py" -Xfrozen_modules=off -c 'from jupyter_client.kernelspec import KernelSpecManager as K
for name, spec in sorted(K().get_all_specs().items()): print("ci-jupyter: kernel", name, "->", spec["resource_dir"])'
