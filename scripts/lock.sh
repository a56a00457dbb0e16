#!/usr/bin/env bash
# Re-resolves the newest versions pyproject.toml allows for every extra (station, office, test)
# in a throw-away virtualenv and writes their exact pins to requirements/constraints.txt, which
# scripts/setup.sh and the deploy/provision-*.sh scripts install with (pip -c).
#   scripts/lock.sh     then run the tests, and commit the new constraints file
set -euo pipefail
cd "$(dirname "$0")/.."
python=${PYTHON:-python3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$python" -m venv "$work/venv"
"$work/venv/bin/python" -m pip install -q --upgrade pip
# The project's metadata alone (no packages): resolves its dependencies without building in the tree.
mkdir "$work/project" && cp pyproject.toml README.md "$work/project/"
"$work/venv/bin/python" -m pip install -q "$work/project[station,office,test]"
{
  echo "# Exact versions of everything '.[station,office,test]' installs; made by scripts/lock.sh"
  echo "# with $("$work/venv/bin/python" --version) on $(uname -m). Used as pip -c by setup and provisioning."
  "$work/venv/bin/python" -m pip freeze --all --exclude pip --exclude workshop-station
} >requirements/constraints.txt.new
mv requirements/constraints.txt.new requirements/constraints.txt
echo "lock: wrote requirements/constraints.txt ($(grep -c '==' requirements/constraints.txt) pins)"
