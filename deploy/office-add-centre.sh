#!/usr/bin/env bash
# On the city office server: gives a town centre's broker its bridge credential and writes the
# bundle that provision-centre.sh takes (--bridge-dir). The centre's bridge user centre-SITE may
# publish its stations' events and status and read their acks, photos and the site's config,
# nothing else (a block in the broker ACL from deploy/config/centre-acl.template). Run again to
# re-add a centre with the same password (the bundle keeps it); --new-password makes a new one.
#
#   sudo deploy/office-add-centre.sh --site changan --out /root/centres
#   -> /root/centres/changan/{bridge-password,ca.crt,pin-pepper}; copy that folder to the centre (USB stick)
#
# Options:
#   --site SITE       the centre's site id; its stations publish under workshop/SITE/ (required)
#   --out DIR         where the centre's folder is written (required)
#   --new-password    replace the bridge password (the centre must be provisioned again)
#   --root DIR        work on the broker files inside DIR, do not touch this machine
#   --dry-run         print every action, change nothing
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib/provision.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/provision.sh"

SITE='' OUT='' NEW_PASSWORD=0
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
    --site) SITE=$2 ;;
    --out) OUT=$2 ;;
    *) die "unknown option $1 (see --help)" ;;
  esac
  shift 2
done
if [ -z "$SITE" ] || [ -z "$OUT" ]; then die "--site and --out are required (see --help)"; fi
check_id "site" "$SITE"
[ -f "$(target "$BROKER_PASSWD")" ] || die "no broker password file $BROKER_PASSWD: run provision-office.sh first"
[ -f "$(target "$CA")" ] || die "no broker CA $CA: run provision-office.sh first"
begin

user=$(bridge_user "$SITE")
bundle=$(realpath -m -- "$OUT/$SITE")
put_broker_user "$user" "$bundle/bridge-password" "$NEW_PASSWORD"
set_owner "$BROKER_PASSWD" root:mosquitto
sed -e "s/@USER@/$user/g" -e "s/@SITE@/$SITE/g" "$DEPLOY_DIR/config/centre-acl.template" |
  put_block "$BROKER_ACL" "centre $SITE" 0640
set_owner "$BROKER_ACL" root:mosquitto
put_bundle_secrets "$SITE" "$bundle"  # the broker CA and the site's PIN pepper
# mosquitto reloads its password file and ACL on SIGHUP.
host systemctl reload mosquitto.service
say "centre $SITE can now bridge as $user; provision its broker with:"
say "  deploy/provision-centre.sh --site $SITE --bridge-dir $bundle --city-broker mqtts://THIS-HOST:8883 ..."
