#!/usr/bin/env bash
# On the office server: gives a new station its broker password and its site's ACL block, and
# writes the bundle that provision-station.sh takes (--password-file, --ca-file,
# --pin-pepper-file). Run again to re-add a station with the same password (the bundle keeps
# it); --new-password makes a new one. Then register it: python -m office add-station.
#
#   sudo deploy/office-add-station.sh --site workshop-a --station-id bench-01 --out /root/stations
#   -> /root/stations/bench-01/{mqtt-password,ca.crt,pin-pepper}; copy that folder to the station
#
# Options:
#   --site SITE       the site the station works at: it reads only this site's config (required)
#   --station-id ID   the station's id = its MQTT user name (required)
#   --out DIR         where the station's folder is written (required)
#   --new-password    replace the station's password (the station must be provisioned again)
#   --root DIR        work on the broker files inside DIR, do not touch this machine
#   --dry-run         print every action, change nothing
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib/provision.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/provision.sh"

SITE='' STATION_ID='' OUT='' NEW_PASSWORD=0
CA=/etc/mosquitto/workshop/ca.crt
ACL=/etc/mosquitto/workshop/acl

usage() { sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed -e '$d' -e 's/^# \{0,1\}//'; exit "${1:-2}"; }

while [ $# -gt 0 ]; do
  if common_flag "$@"; then shift "$SHIFT_BY"; continue; fi
  case "$1" in
    --new-password) NEW_PASSWORD=1; shift; continue ;;
    -h|--help) usage 0 ;;
  esac
  [ $# -ge 2 ] || die "$1 needs a value (see --help)"
  case "$1" in
    --site) SITE=$2 ;;
    --station-id) STATION_ID=$2 ;;
    --out) OUT=$2 ;;
    *) die "unknown option $1 (see --help)" ;;
  esac
  shift 2
done
if [ -z "$SITE" ] || [ -z "$STATION_ID" ] || [ -z "$OUT" ]; then
  die "--site, --station-id and --out are required (see --help)"
fi
check_id "site" "$SITE"
check_id "station id" "$STATION_ID"
[ -f "$(target "$BROKER_PASSWD")" ] || die "no broker password file $BROKER_PASSWD: run provision-office.sh first"
[ -f "$(target "$CA")" ] || die "no broker CA $CA: run provision-office.sh first"
begin

bundle=$(realpath -m -- "$OUT/$STATION_ID")
put_broker_user "$STATION_ID" "$bundle/mqtt-password" "$NEW_PASSWORD"
set_owner "$BROKER_PASSWD" root:mosquitto
sed -e "s/@SITE@/$SITE/g" -e "s/@STATION@/$STATION_ID/g" "$DEPLOY_DIR/config/station-acl.template" |
  put_block "$ACL" "station $STATION_ID" 0640
set_owner "$ACL" root:mosquitto
put_bundle_secrets "$SITE" "$bundle"  # the broker CA and the site's PIN pepper
# mosquitto reloads its password file and ACL on SIGHUP.
host systemctl reload mosquitto.service
say "station $STATION_ID can now connect; register it at the office and provision it with:"
say "  python -m office add-station --site $SITE --station $STATION_ID"
say "  --site $SITE --station-id $STATION_ID --password-file $bundle/mqtt-password --ca-file $bundle/ca.crt"
say "  --pin-pepper-file $bundle/pin-pepper"
