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
CA=/etc/mosquitto/workshop/ca.crt

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
[ -f "$(target "$BROKER_PASSWD")" ] || die "no broker password file $BROKER_PASSWD: run provision-office.sh first"
[ -f "$(target "$CA")" ] || die "no broker CA $CA: run provision-office.sh first"
begin

bundle=$(realpath -m -- "$OUT/$STATION_ID")
put_broker_user "$STATION_ID" "$bundle/mqtt-password" "$NEW_PASSWORD"
set_owner "$BROKER_PASSWD" root:mosquitto
if [ "$DRY_RUN" = 1 ]; then say "would copy $CA to $bundle/ca.crt"; else
  cp -- "$(target "$CA")" "$bundle/ca.crt"; fi
# mosquitto reloads its password file on SIGHUP.
host systemctl reload mosquitto.service
say "station $STATION_ID can now connect; provision it with:"
say "  --station-id $STATION_ID --password-file $bundle/mqtt-password --ca-file $bundle/ca.crt"
