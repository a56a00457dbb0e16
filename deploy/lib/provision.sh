# shellcheck shell=bash
# Shared helpers of deploy/provision-station.sh and deploy/provision-office.sh (sourced, not run).
#
# Every change goes through one of these functions so that one flag controls all of them:
#   --dry-run   print every action, change nothing
#   --root DIR  lay the files into DIR and leave the host alone: commands that change the
#               machine itself (apt-get, useradd, chown, systemctl, pip) are printed and recorded
#               in DIR/var/lib/workshop-provision/host-actions.txt instead of run.
# Each action is idempotent: a file whose content, mode and owner already match is left alone,
# so running the script again after a change of flags or a `git pull` is always safe.

ROOT=/
DRY_RUN=0
SHIFT_BY=1
CHANGED=0
DEPLOY_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SOURCE_DIR=$(cd "$DEPLOY_DIR/.." && pwd)
APP_DIR=/opt/workshop/app
VENV_DIR=/opt/workshop/venv
ACTIONS_FILE=/var/lib/workshop-provision/host-actions.txt

die() { printf 'error: %s\n' "$*" >&2; exit 2; }
say() { printf '%s\n' "$*"; }

# Handles the flags both scripts share; returns 1 for a flag it does not know.
# Sets SHIFT_BY to the number of arguments consumed.
# shellcheck disable=SC2034  # SHIFT_BY is read by the calling script
common_flag() {
  SHIFT_BY=1
  case "$1" in
    --dry-run) DRY_RUN=1 ;;
    --root)
      [ -n "${2:-}" ] || die "--root needs a directory"
      ROOT=$(realpath -m -- "$2"); SHIFT_BY=2 ;;
    --source)
      [ -d "${2:-}" ] || die "--source needs the directory of a workshop checkout"
      SOURCE_DIR=$(realpath -- "$2"); SHIFT_BY=2 ;;
    *) return 1 ;;
  esac
}

under_root() { [ "$ROOT" != / ]; }

# The path of an absolute target path inside ROOT.
target() { if under_root; then printf '%s%s' "$ROOT" "$1"; else printf '%s' "$1"; fi; }

# A command that changes the host itself: run it, or print (and under --root record) it.
host() {
  if [ "$DRY_RUN" = 1 ]; then
    say "would run: $*"
  elif under_root; then
    say "skipped (--root): $*"
    printf '%s\n' "$*" >>"$(target "$ACTIONS_FILE")"
  else
    say "run: $*"
    "$@"
  fi
}

# A command that only reads the host (its answer decides whether a host action is needed).
# Under --root the host is not the target, so the answer is always "no".
host_has() { ! under_root && "$@" >/dev/null 2>&1; }

make_dir() { # PATH MODE [OWNER:GROUP]
  local dest; dest=$(target "$1")
  if [ ! -d "$dest" ]; then
    if [ "$DRY_RUN" = 1 ]; then say "would create directory $1 (mode $2)"; else
      say "create directory $1 (mode $2)"; mkdir -p -- "$dest"; chmod "$2" -- "$dest"; CHANGED=$((CHANGED + 1)); fi
  fi
  [ -z "${3:-}" ] || set_owner "$1" "$3"
}

set_owner() { # PATH OWNER:GROUP
  local dest; dest=$(target "$1")
  if under_root || [ "$DRY_RUN" = 1 ] || [ "$(stat -c %U:%G -- "$dest" 2>/dev/null)" != "$2" ]; then
    host chown "$2" "$1"
  fi
}

# Installs the text read from stdin as PATH with MODE (and OWNER:GROUP), only when it differs.
# MODE "-" leaves the mode alone (the FAT boot partition has none).
put_text() { # PATH MODE [OWNER:GROUP]
  local dest tmp; dest=$(target "$1")
  tmp=$(mktemp); cat >"$tmp"
  if [ -f "$dest" ] && cmp -s "$tmp" "$dest" && { [ "$2" = - ] || [ "$(stat -c %a -- "$dest")" = "${2#0}" ]; }; then
    rm -f "$tmp"
  elif [ "$DRY_RUN" = 1 ]; then
    say "would write $1 (mode $2)"; rm -f "$tmp"
  else
    say "write $1 (mode $2)"
    mkdir -p -- "$(dirname "$dest")"
    cp -- "$tmp" "$dest.workshop-new"; rm -f "$tmp"
    [ "$2" = - ] || chmod "$2" -- "$dest.workshop-new"
    mv -f -- "$dest.workshop-new" "$dest"; CHANGED=$((CHANGED + 1))
  fi
  [ -z "${3:-}" ] || set_owner "$1" "$3"
}

put_file() { # SOURCE PATH MODE [OWNER:GROUP]
  [ -f "$1" ] || die "missing file $1"
  put_text "$2" "$3" "${4:-}" <"$1"
}

# Replaces the block between "# BEGIN workshop NAME" and "# END workshop NAME" in PATH with
# stdin where it is (or appends it), keeping every other line of the file as it is.
put_block() { # PATH NAME [MODE, default: leave it]
  local dest block; dest=$(target "$1")
  block=$(mktemp)
  { printf '# BEGIN workshop %s\n' "$2"; cat; printf '# END workshop %s\n' "$2"; } >"$block"
  [ -f "$dest" ] || dest=/dev/null
  put_text "$1" "${3:--}" < <(
    awk -v b="# BEGIN workshop $2" -v e="# END workshop $2" -v block="$block" '
      function put() { while ((getline line < block) > 0) print line; done = 1 }
      $0 == b { skip = 1; put() }
      !skip { print }
      $0 == e { skip = 0 }
      END { if (!done) put() }' "$dest"
    rm -f "$block")
}

# Edits the single line of a kernel command line file: drops tokens matching the REMOVE
# patterns (shell globs), then adds each ADD token that is not there yet.
put_cmdline() { # PATH "ADD TOKENS" "REMOVE GLOBS"
  local dest token pattern keep line=() ; dest=$(target "$1")
  local -a current=()
  [ -f "$dest" ] && read -r -a current <"$dest"
  for token in "${current[@]}"; do
    keep=1
    for pattern in $3; do
      # shellcheck disable=SC2254  # the pattern is meant as a glob
      case "$token" in $pattern) keep=0 ;; esac
    done
    [ "$keep" = 0 ] || line+=("$token")
  done
  for token in $2; do
    [[ " ${line[*]} " == *" $token "* ]] || line+=("$token")
  done
  put_text "$1" - < <(printf '%s\n' "${line[*]}")
}

# Copies what one machine runs (no caches, no databases) into APP_DIR, replacing the previous
# copy: the shared parts, the PARTs of that machine, and the requirements.txt of its EXTRA
# (pyproject.toml's extra "station" or "office") that put_venv installs with the pins of
# requirements/constraints.txt. The other machine's package stays out, so nothing can use it.
put_app() { # EXTRA PART...
  local dest stage extra=$1; dest=$(target "$APP_DIR"); shift
  [ -f "$SOURCE_DIR/requirements/constraints.txt" ] || die "no requirements/constraints.txt in $SOURCE_DIR"
  stage=$(mktemp -d)
  local part parts=()
  for part in pyproject.toml requirements/constraints.txt sync deploy docs "$@"; do
    [ ! -e "$SOURCE_DIR/$part" ] || parts+=("$part")
  done
  (cd "$SOURCE_DIR" && tar -cf - --exclude=__pycache__ --exclude='*.pyc' --exclude='*.db' "${parts[@]}") \
    | tar -xf - -C "$stage"
  app_requirements "$extra" >"$stage/requirements.txt"
  chmod -R u=rwX,go=rX "$stage"; chmod 0755 "$stage"
  if [ -d "$dest" ] && diff -rq -x __pycache__ "$stage" "$dest" >/dev/null 2>&1; then
    rm -rf "$stage"
  elif [ "$DRY_RUN" = 1 ]; then
    say "would copy the application ($extra) from $SOURCE_DIR to $APP_DIR"; rm -rf "$stage"
  else
    say "copy the application ($extra) from $SOURCE_DIR to $APP_DIR"
    mkdir -p "$(dirname "$dest")"; rm -rf "$dest.old"
    [ ! -d "$dest" ] || mv "$dest" "$dest.old"
    mv "$stage" "$dest"; rm -rf "$dest.old"; CHANGED=$((CHANGED + 1)); APP_COPIED=1
  fi
}

# The units run with PYTHONDONTWRITEBYTECODE=1 (APP_DIR is read-only to them), so a fresh copy is
# compiled once here; otherwise every start compiles the whole app again (0.3-0.5 s on a PC, more on a Pi).
compile_app() {
  [ "${APP_COPIED:-0}" = 1 ] || return 0
  host "$VENV_DIR/bin/python" -m compileall -q -j 0 "$APP_DIR"
}

# The Python dependencies of one machine, one per line: pyproject.toml's base dependencies and
# those of its EXTRA.
app_requirements() { # EXTRA
  python3 - "$SOURCE_DIR/pyproject.toml" "$1" <<'EOF'
import sys, tomllib
with open(sys.argv[1], "rb") as f:
    project = tomllib.load(f)["project"]
print("\n".join(project["dependencies"] + project["optional-dependencies"][sys.argv[2]]))
EOF
}

# A virtualenv at VENV_DIR with the dependencies of the machine's EXTRA (the station's Kivy 2.3.1
# from PyPI) at the versions of the constraints file. pip runs again only when either changed.
put_venv() { # EXTRA
  local stamp
  stamp="$VENV_DIR/.requirements-$({ app_requirements "$1"; cat "$SOURCE_DIR/requirements/constraints.txt"; } \
    | sha256sum | cut -c1-16)"
  if ! host_has test -x "$VENV_DIR/bin/python"; then host python3 -m venv "$VENV_DIR"; fi
  if ! host_has test -f "$stamp"; then
    host "$VENV_DIR/bin/python" -m pip install --quiet --upgrade pip
    host "$VENV_DIR/bin/python" -m pip install --quiet -c "$APP_DIR/requirements/constraints.txt" \
      -r "$APP_DIR/requirements.txt"
    host touch "$stamp"
  fi
}

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }
in_group() { id -nG "$1" | tr ' ' '\n' | grep -qx "$2"; }

# Debian packages listed in deploy/packages/NAME.txt (one per line, '#' starts a comment).
package_list() { sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$DEPLOY_DIR/packages/$1.txt" | awk '{print $1}'; }

put_packages() { # LIST-NAME [EXTRA...]
  local pkg missing=() list=$1; shift
  for pkg in $(package_list "$list") "$@"; do
    host_has installed "$pkg" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  host env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  host env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

# A system user NAME with a group of its own, HOME, and the supplementary GROUPS (comma list).
put_user() { # NAME HOME [GROUPS]
  if ! host_has id -u "$1"; then
    host useradd --system --user-group --home-dir "$2" --create-home --shell /usr/sbin/nologin "$1"
  fi
  if [ -n "${3:-}" ]; then
    local group missing=()
    for group in ${3//,/ }; do
      host_has in_group "$1" "$group" || missing+=("$group")
    done
    [ ${#missing[@]} -eq 0 ] || host usermod --append --groups "$(IFS=,; echo "${missing[*]}")" "$1"
  fi
}

put_unit() { # FILE-UNDER-deploy/systemd
  put_file "$DEPLOY_DIR/systemd/$1" "/etc/systemd/system/$1" 0644
}

# Reloads systemd and enables (and starts, when not under --root) each unit.
enable_units() { # UNIT...
  host systemctl daemon-reload
  local unit
  for unit in "$@"; do host systemctl enable "$unit"; done
}

# Starts a run: under --root the record of host actions describes this run only.
begin() {
  if under_root && [ "$DRY_RUN" = 0 ]; then
    mkdir -p "$(dirname "$(target "$ACTIONS_FILE")")"; : >"$(target "$ACTIONS_FILE")"
  fi
  say "provisioning $ROOT from $SOURCE_DIR$([ "$DRY_RUN" = 1 ] && printf ' (dry run)')"
}

finish() {
  if [ "$DRY_RUN" = 1 ]; then say "dry run: nothing was changed"
  else say "done: $CHANGED file(s) changed under $ROOT"; fi
}

# Validates NAME as an identifier that is safe in MQTT topics, ACL patterns and file names.
check_id() { # LABEL VALUE
  [[ "$2" =~ ^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$ ]] || \
    die "$1 '$2' must be 1-63 letters, digits, '.', '_' or '-' (no spaces, '+', '#' or '/')"
}

check_url() { # LABEL VALUE SCHEMES-REGEX
  [[ "$2" =~ ^($3)://[A-Za-z0-9.-]+(:[0-9]{1,5})?(/[^[:space:]\"]*)?$ ]] || \
    die "$1 '$2' must look like ${3%%|*}://HOST:PORT"
}

url_host() { local rest=${1#*://}; rest=${rest%%/*}; printf '%s' "${rest%%:*}"; }

# --- office: broker users ------------------------------------------------------------------
BROKER_PASSWD=/etc/mosquitto/workshop/passwd
BROKER_ACL=/etc/mosquitto/workshop/acl

# The city broker user of a town centre's bridge (office-add-centre.sh, provision-centre.sh).
bridge_user() { printf 'centre-%s' "$1"; }

# The per-centre blocks office-add-centre.sh keeps in the broker ACL (none: nothing printed).
centre_acl_blocks() {
  sed -n '/^# BEGIN workshop centre /,/^# END workshop centre /p' "$(target "$BROKER_ACL")" 2>/dev/null || true
}

random_password() { head -c 48 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | cut -c1-32; }

# Gives broker USER a password and keeps it in SECRET (a path on this machine, mode 0600): the
# one already in SECRET unless NEW is 1. The broker's password file changes only for a new user
# or a new password, so running again changes nothing. Works on DIR's copy under --root.
put_broker_user() { # USER SECRET NEW
  local passwd password; passwd=$(target "$BROKER_PASSWD")
  if [ "$3" = 0 ] && [ -s "$2" ] && grep -q "^$1:" "$passwd" 2>/dev/null; then return 0; fi
  if [ "$3" = 0 ] && [ -s "$2" ]; then password=$(head -n 1 "$2"); else password=$(random_password); fi
  if [ "$DRY_RUN" = 1 ]; then
    say "would write $2"; say "would run: mosquitto_passwd -b $BROKER_PASSWD $1 ********"; return 0
  fi
  command -v mosquitto_passwd >/dev/null || die "mosquitto_passwd not found (Debian package mosquitto)"
  mkdir -p -- "$(dirname "$2")"
  (umask 077; printf '%s\n' "$password" >"$2.new"); mv -f -- "$2.new" "$2"
  say "write $2"
  [ -f "$passwd" ] || install -D -m 0640 /dev/null "$passwd"
  # The password file is the broker's own data: under --root this edits DIR's copy.
  mosquitto_passwd -b "$passwd" "$1" "$password"
  chmod 0640 "$passwd"
  say "run: mosquitto_passwd -b $BROKER_PASSWD $1 ********"
  CHANGED=$((CHANGED + 1))
}

# The per-station blocks office-add-station.sh wrote into the installed ACL: kept on every run.
station_acl_blocks() {
  local installed; installed=$(target /etc/mosquitto/workshop/acl)
  [ -f "$installed" ] || return 0
  awk '/^# BEGIN workshop station /{keep=1} keep{print} /^# END workshop station /{keep=0}' "$installed"
}

# A station's or centre's bundle gets the office broker's CA and the site's PIN pepper. The pepper
# is made once per site at the office and never given to the broker (docs/security.md), so every
# station of a site, added at the office or on its centre, hashes PINs the way the office does.
put_bundle_secrets() { # SITE BUNDLE-DIR
  local pepper=/etc/workshop/credentials/pin-pepper-$1 ca=/etc/mosquitto/workshop/ca.crt
  if [ ! -s "$(target "$pepper")" ]; then
    make_dir /etc/workshop/credentials 0750
    put_text "$pepper" 0640 root:workshop < <(random_password)
  fi
  if [ "$DRY_RUN" = 1 ]; then say "would copy $ca and $pepper to $2/"; return 0; fi
  cp -- "$(target "$ca")" "$2/ca.crt"
  install -m 0600 -- "$(target "$pepper")" "$2/pin-pepper"
}
