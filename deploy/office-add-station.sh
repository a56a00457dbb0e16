#!/usr/bin/env bash
# On the office server: gives a new station its broker password and writes the bundle that
# provision-station.sh takes (--password-file, --ca-file). Run again to re-add a station with
# the same password (the bundle keeps it); --new-password makes a new one.
#
#   sudo deploy/office-add-station.sh --station-id bench-01 --out /root/stations
#   -> /root/stations/bench-01/{mqtt-password,ca.crt}; copy that folder to the station (USB stick)
#
# Options:
#   --station-id ID   the station's id = its MQTT user name (required)
#   --out DIR         where the station's folder is written (required)
#   --new-password    replace the station's password (the station must be provisioned again)
#   --root DIR        work on the broker files inside DIR, do not touch this machine
#   --dry-run         print every action, change nothing
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib/provision.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/provision.sh"

STATION_ID='' OUT='' NEW_PASSWORD=0
PASSWD=/etc/mosquitto/workshop/passwd
CA=/etc/mosquitto/certs/ca.crt

usage() { sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed -e '$d' -e 's/^# \{0,1\}//'; exit "${1:-2}"; }

while [ $# -gt 0 ]; do
  if common_flag "$@"; then shift "$SHIFT_BY"; continue; fi
  case "$1" in
    --new-password) NEW_PASSWORD=1; shift; continue ;;
    -h|--help) usage 0 ;;
  esac
  [ $# -ge 2 ] || die "$1 needs a value (see --help)"
  case "$1" in
    --station-id) STATION_ID=$2 ;;
    --out) OUT=$2 ;;
    *) die "unknown option $1 (see --help)" ;;
  esac
  shift 2
done
if [ -z "$STATION_ID" ] || [ -z "$OUT" ]; then die "--station-id and --out are required (see --help)"; fi
check_id "station id" "$STATION_ID"
[ -f "$(target "$PASSWD")" ] || die "no broker password file $PASSWD: run provision-office.sh first"
[ -f "$(target "$CA")" ] || die "no broker CA $CA: run provision-office.sh first"
command -v mosquitto_passwd >/dev/null || die "mosquitto_passwd not found (Debian package mosquitto)"
begin

bundle=$(realpath -m -- "$OUT/$STATION_ID")
if [ "$NEW_PASSWORD" = 0 ] && [ -s "$bundle/mqtt-password" ]; then
  password=$(cat "$bundle/mqtt-password")
else
  password=$(head -c 32 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | cut -c1-32)
fi

if [ "$DRY_RUN" = 1 ]; then
  say "would write $bundle/mqtt-password (mode 0600) and $bundle/ca.crt"
  say "would run: mosquitto_passwd -b $PASSWD $STATION_ID ********"
else
  mkdir -p -- "$bundle"
  (umask 077; printf '%s\n' "$password" >"$bundle/mqtt-password.new")
  mv -f -- "$bundle/mqtt-password.new" "$bundle/mqtt-password"
  cp -- "$(target "$CA")" "$bundle/ca.crt"
  say "write $bundle/mqtt-password and $bundle/ca.crt"
  # The password file is the broker's own data, so this runs under --root too (on DIR's copy).
  mosquitto_passwd -b "$(target "$PASSWD")" "$STATION_ID" "$password"
  chmod 0640 "$(target "$PASSWD")"
  say "run: mosquitto_passwd -b $PASSWD $STATION_ID ********"
fi
set_owner "$PASSWD" root:mosquitto
# mosquitto reloads its password file on SIGHUP.
host systemctl reload mosquitto.service
say "station $STATION_ID can now connect; provision it with:"
say "  --station-id $STATION_ID --password-file $bundle/mqtt-password --ca-file $bundle/ca.crt"
