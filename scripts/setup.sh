#!/usr/bin/env bash
# One command for a fresh Debian 12 / Raspberry Pi OS Bookworm machine:
#   scripts/setup.sh demo   install what is missing, then run the kiosk demo
#   scripts/setup.sh test   install what is missing, then run the whole test suite
# Extra arguments after the mode go to the demo or to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-}
[ $# -gt 0 ] && shift
case "$mode" in demo|test) ;; *) echo "usage: $0 demo|test [args...]" >&2; exit 2 ;; esac

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

install_debian_packages() {
  local wanted missing=()
  mapfile -t wanted < <(sed -e 's/#.*//' -e '/^[[:space:]]*$/d' scripts/debian-packages.txt | awk '{print $1}')
  for pkg in "${wanted[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "setup: installing Debian packages: ${missing[*]}"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

install_python_packages() {
  local python=${PYTHON:-python3}
  if [ ! -x .venv/bin/python ]; then
    echo "setup: creating .venv"
    "$python" -m venv .venv
  fi
  # Installs again whenever the dependencies or their pins change.
  local stamp
  stamp=.venv/.installed-$(cat pyproject.toml requirements/constraints.txt | sha256sum | cut -c1-16)
  if [ ! -f "$stamp" ]; then
    echo "setup: installing Python packages into .venv"
    .venv/bin/python -m pip install -q --upgrade pip
    .venv/bin/python -m pip install -q -c requirements/constraints.txt -e '.[station,office,test]'
    rm -f .venv/.installed-* && touch "$stamp"
  fi
}

if command -v dpkg-query >/dev/null && command -v apt-get >/dev/null; then
  install_debian_packages
else
  echo "setup: not a Debian system; install the packages in scripts/debian-packages.txt yourself" >&2
fi
install_python_packages

case "$mode" in
  demo) exec .venv/bin/python -m station demo "$@" ;;
  test) exec .venv/bin/python -m pytest "$@" ;;
esac
