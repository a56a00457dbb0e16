#!/usr/bin/env bash
# Turns a Debian 12 / Raspberry Pi OS Bookworm machine into a town centre's broker: the centre's
# stations publish to it on the LAN (TLS, one password per station, ACL), and its bridge carries
# their batches to the city office broker and brings acks and config back. A WAN outage never
# stops a bench: batches wait in the bridge's persistent queue. Run as root from a checkout;
# safe to run again (idempotent).
#
#   sudo deploy/provision-centre.sh --site changan --tls-dir /root/centre-tls \
#       --bridge-dir /media/usb/changan --city-broker mqtts://office.dongguan.example:8883
#
# Options (defaults in brackets):
#   --site SITE          the centre's site id, as given to office-add-centre.sh (required)
#   --tls-dir DIR        ca.crt, server.crt, server.key of this broker, for its stations (required)
#   --bridge-dir DIR     the bundle of office-add-centre.sh: bridge-password and the city's
#                        ca.crt (required)
#   --city-broker URL    the city office broker [mqtts://office.local:8883]; the host must be a
#                        name in the city's server.crt
#   --mosquitto-dir DIR  broker configuration [deploy/mosquitto of the checkout]: centre.conf
#                        (filled in) goes to /etc/mosquitto/conf.d/workshop-centre.conf,
#                        centre.acl to /etc/mosquitto/workshop/acl
#   --root DIR           lay the files into DIR, do not touch this machine
#   --dry-run            print every action, change nothing
#   --source DIR         the checkout to install from [this script's checkout]
# Stations get their password here with deploy/office-add-station.sh, run on this machine.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib/provision.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/provision.sh"

SITE='' TLS_DIR='' BRIDGE_DIR='' CITY_BROKER=mqtts://office.local:8883 MOSQUITTO_DIR=''

usage() { sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed -e '$d' -e 's/^# \{0,1\}//'; exit "${1:-2}"; }

while [ $# -gt 0 ]; do
  if common_flag "$@"; then shift "$SHIFT_BY"; continue; fi
  case "$1" in -h|--help) usage 0 ;; esac
  [ $# -ge 2 ] || die "$1 needs a value (see --help)"
  case "$1" in
    --site) SITE=$2 ;;
    --tls-dir) TLS_DIR=$2 ;;
    --bridge-dir) BRIDGE_DIR=$2 ;;
    --city-broker) CITY_BROKER=$2 ;;
    --mosquitto-dir) MOSQUITTO_DIR=$2 ;;
    *) die "unknown option $1 (see --help)" ;;
  esac
  shift 2
done

MOSQUITTO_DIR=${MOSQUITTO_DIR:-$SOURCE_DIR/deploy/mosquitto}
if [ -z "$SITE" ] || [ -z "$TLS_DIR" ] || [ -z "$BRIDGE_DIR" ]; then
  die "--site, --tls-dir and --bridge-dir are required (see --help)"
fi
check_id "site" "$SITE"
for file in ca.crt server.crt server.key; do
  [ -f "$TLS_DIR/$file" ] || die "--tls-dir: no $file in '$TLS_DIR' (docs/deploy.md shows how to make them)"
done
for file in bridge-password ca.crt pin-pepper; do
  [ -s "$BRIDGE_DIR/$file" ] || die "--bridge-dir: no $file in '$BRIDGE_DIR' (made by office-add-centre.sh)"
done
for file in centre.conf centre.acl; do
  [ -f "$MOSQUITTO_DIR/$file" ] || die "no broker configuration $MOSQUITTO_DIR/$file (it ships in deploy/mosquitto/)"
done
check_url "city broker" "$CITY_BROKER" "mqtts"
city_port=${CITY_BROKER#*://}; city_port=${city_port%%/*}
[[ "$city_port" == *:* ]] && city_port=${city_port##*:} || city_port=8883
password=$(head -n 1 "$BRIDGE_DIR/bridge-password")
[[ "$password" =~ ^[A-Za-z0-9]{16,}$ ]] || die "--bridge-dir: bridge-password is not one made by office-add-centre.sh"
[ "$DRY_RUN" = 1 ] || under_root || [ "$(id -u)" -eq 0 ] || die "run as root (sudo), or use --dry-run / --root DIR"

begin

say "== Debian packages"
put_packages centre

say "== broker: TLS, station passwords, ACL, bridge to $CITY_BROKER"
CHANGES_BEFORE_BROKER=$CHANGED
# mosquitto drops root after reading its configuration: it must still be able to read these.
make_dir /etc/mosquitto/workshop 0750 root:mosquitto
put_file "$TLS_DIR/ca.crt" /etc/mosquitto/workshop/ca.crt 0644
put_file "$TLS_DIR/server.crt" /etc/mosquitto/workshop/server.crt 0644
put_file "$TLS_DIR/server.key" /etc/mosquitto/workshop/server.key 0640 root:mosquitto
put_file "$BRIDGE_DIR/ca.crt" /etc/mosquitto/workshop/city-ca.crt 0644
# The office's PIN pepper of this site, for office-add-station.sh run on this centre.
make_dir /etc/workshop/credentials 0750
put_file "$BRIDGE_DIR/pin-pepper" "/etc/workshop/credentials/pin-pepper-$SITE" 0640
put_file "$DEPLOY_DIR/config/mosquitto-main.conf" /etc/mosquitto/mosquitto.conf 0644
# The bridge password is in this file: readable by root and mosquitto only.
put_text /etc/mosquitto/conf.d/workshop-centre.conf 0640 root:mosquitto < <(
  sed -e "s/@SITE@/$SITE/g" -e "s/@CITY_ADDRESS@/$(url_host "$CITY_BROKER"):$city_port/g" \
    -e "s/@BRIDGE_USER@/$(bridge_user "$SITE")/g" -e "s/@BRIDGE_PASSWORD@/$password/g" "$MOSQUITTO_DIR/centre.conf")
put_text "$BROKER_ACL" 0640 root:mosquitto < <(sed -e "s/@SITE@/$SITE/g" "$MOSQUITTO_DIR/centre.acl"; station_acl_blocks)
# Station passwords are added by office-add-station.sh (run here); until then, none.
[ -f "$(target "$BROKER_PASSWD")" ] || put_text "$BROKER_PASSWD" 0640 root:mosquitto </dev/null
put_unit mosquitto.service.d/workshop.conf
BROKER_CHANGED=$((CHANGED - CHANGES_BEFORE_BROKER))

say "== services"
enable_units mosquitto.service
if [ "$BROKER_CHANGED" -gt 0 ] || [ "$DRY_RUN" = 1 ]; then host systemctl restart mosquitto.service; fi
finish
say "next: add each station with deploy/office-add-station.sh on this machine; provision it with"
say "  --site $SITE --broker mqtts://THIS-HOST:8883 (docs/deploy.md, Many centres)"
