#!/usr/bin/env bash
# Turns a Debian 12 / Raspberry Pi OS Bookworm machine into the workshop office server: the
# MQTT broker (TLS, one password per station, ACL), central ingest, the office web pages, and
# a time server for the stations. Run as root from a checkout; safe to run again (idempotent).
#
#   sudo deploy/provision-office.sh --tls-dir /root/workshop-tls
#
# Options (defaults in brackets):
#   --tls-dir DIR        ca.crt, server.crt, server.key for the broker (required; docs/deploy.md)
#   --db URL             central database [sqlite:////var/lib/workshop/central.db];
#                        postgresql://USER:PASSWORD@HOST/DB once one office outgrows SQLite
#   --broker URL         how ingest reaches the broker [mqtts://office.local:8883]; the host
#                        must be a name in server.crt
#   --mosquitto-dir DIR  broker configuration [deploy/mosquitto of the checkout]: workshop.conf
#                        goes to /etc/mosquitto/conf.d/, the other files to /etc/mosquitto/workshop/
#   --root DIR           lay the files into DIR, do not touch this machine
#   --dry-run            print every action, change nothing
#   --source DIR         the checkout to install from [this script's checkout]
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib/provision.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/provision.sh"

TLS_DIR='' DB_URL=sqlite:////var/lib/workshop/central.db BROKER=mqtts://office.local:8883
MOSQUITTO_DIR=''
SERVICE_USER=workshop

usage() { sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed -e '$d' -e 's/^# \{0,1\}//'; exit "${1:-2}"; }

while [ $# -gt 0 ]; do
  if common_flag "$@"; then shift "$SHIFT_BY"; continue; fi
  case "$1" in -h|--help) usage 0 ;; esac
  [ $# -ge 2 ] || die "$1 needs a value (see --help)"
  case "$1" in
    --tls-dir) TLS_DIR=$2 ;;
    --db) DB_URL=$2 ;;
    --broker) BROKER=$2 ;;
    --mosquitto-dir) MOSQUITTO_DIR=$2 ;;
    *) die "unknown option $1 (see --help)" ;;
  esac
  shift 2
done

MOSQUITTO_DIR=${MOSQUITTO_DIR:-$SOURCE_DIR/deploy/mosquitto}
[ -n "$TLS_DIR" ] || die "--tls-dir is required (see --help)"
for file in ca.crt server.crt server.key; do
  [ -f "$TLS_DIR/$file" ] || die "--tls-dir: no $file in '$TLS_DIR' (docs/deploy.md shows how to make them)"
done
[ -f "$MOSQUITTO_DIR/workshop.conf" ] || \
  die "no broker configuration $MOSQUITTO_DIR/workshop.conf (it ships in deploy/mosquitto/)"
check_url "broker" "$BROKER" "mqtts|mqtt"
[[ "$DB_URL" =~ ^(sqlite:////[A-Za-z0-9_./-]+|postgresql(\+psycopg)?://[^[:space:]]+)$ ]] || \
  die "--db '$DB_URL' must be sqlite:////absolute/path or postgresql://..."
[ "$DRY_RUN" = 1 ] || under_root || [ "$(id -u)" -eq 0 ] || die "run as root (sudo), or use --dry-run / --root DIR"

begin

say "== Debian packages"
put_packages office

say "== service user '$SERVICE_USER'"
put_user "$SERVICE_USER" /var/lib/workshop

say "== application and virtualenv"
put_app
put_venv
make_dir /var/lib/workshop 0750 "$SERVICE_USER:$SERVICE_USER"
make_dir /etc/workshop 0755
put_text /etc/workshop/office.env 0640 "root:$SERVICE_USER" <<EOF
# Written by deploy/provision-office.sh; read by workshop-central-ingest and -web.
WORKSHOP_CENTRAL_DB=$DB_URL
WORKSHOP_BROKER=$BROKER
EOF

say "== broker: TLS, station passwords, ACL"
CHANGES_BEFORE_BROKER=$CHANGED
make_dir /etc/mosquitto/certs 0755
put_file "$TLS_DIR/ca.crt" /etc/mosquitto/certs/ca.crt 0644
put_file "$TLS_DIR/server.crt" /etc/mosquitto/certs/server.crt 0644
# mosquitto drops root after reading its configuration: it must still be able to read these.
put_file "$TLS_DIR/server.key" /etc/mosquitto/certs/server.key 0640 root:mosquitto
put_file "$MOSQUITTO_DIR/workshop.conf" /etc/mosquitto/conf.d/workshop.conf 0644
make_dir /etc/mosquitto/workshop 0750 root:mosquitto
for file in "$MOSQUITTO_DIR"/*; do
  [ ! -f "$file" ] || [ "$(basename "$file")" = workshop.conf ] || put_file "$file" "/etc/mosquitto/workshop/$(basename "$file")" 0640 root:mosquitto
done
# One password per station, added by deploy/office-add-station.sh; never overwritten here.
if [ ! -f "$(target /etc/mosquitto/workshop/passwd)" ]; then
  put_text /etc/mosquitto/workshop/passwd 0640 root:mosquitto </dev/null
fi
put_unit mosquitto.service.d/workshop.conf
BROKER_CHANGED=$((CHANGED - CHANGES_BEFORE_BROKER))

say "== time server for the stations (chrony: allow LAN, local stratum 10)"
put_file "$DEPLOY_DIR/config/chrony-office.conf" /etc/chrony/conf.d/workshop-server.conf 0644

say "== services"
put_unit workshop-central-ingest.service
put_unit workshop-central-web.service
enable_units mosquitto.service chrony.service workshop-central-ingest.service workshop-central-web.service
if [ "$BROKER_CHANGED" -gt 0 ] || [ "$DRY_RUN" = 1 ]; then host systemctl restart mosquitto.service; fi
host systemctl restart chrony.service
host systemctl restart workshop-central-ingest.service workshop-central-web.service
finish
say "next: add each station with deploy/office-add-station.sh (docs/deploy.md)"
