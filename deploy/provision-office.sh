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
#   --mosquitto-dir DIR  broker configuration [deploy/mosquitto of the checkout]: mosquitto.conf
#                        goes to /etc/mosquitto/conf.d/workshop.conf, the other files (not the
#                        scripts) to /etc/mosquitto/workshop/
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
[ -f "$MOSQUITTO_DIR/mosquitto.conf" ] || \
  die "no broker configuration $MOSQUITTO_DIR/mosquitto.conf (it ships in deploy/mosquitto/)"
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
put_app office office assets
put_venv office
compile_app
make_dir /var/lib/workshop 0750 "$SERVICE_USER:$SERVICE_USER"
make_dir /etc/workshop 0755
put_text /etc/workshop/office.env 0640 "root:$SERVICE_USER" <<EOF
# Written by deploy/provision-office.sh; read by workshop-central-ingest and -web.
WORKSHOP_CENTRAL_DB=$DB_URL
WORKSHOP_BROKER=$BROKER
EOF

say "== broker: TLS, station passwords, ACL"
CHANGES_BEFORE_BROKER=$CHANGED
# mosquitto drops root after reading its configuration: it must still be able to read these.
make_dir /etc/mosquitto/workshop 0750 root:mosquitto
put_file "$TLS_DIR/ca.crt" /etc/mosquitto/workshop/ca.crt 0644
put_file "$TLS_DIR/server.crt" /etc/mosquitto/workshop/server.crt 0644
put_file "$TLS_DIR/server.key" /etc/mosquitto/workshop/server.key 0640 root:mosquitto
put_file "$DEPLOY_DIR/config/mosquitto-main.conf" /etc/mosquitto/mosquitto.conf 0644
put_file "$MOSQUITTO_DIR/mosquitto.conf" /etc/mosquitto/conf.d/workshop.conf 0644
for file in "$MOSQUITTO_DIR"/*; do
  case "$(basename "$file")" in mosquitto.conf|centre.*|*.sh|README*) continue ;; esac
  if [ "$(basename "$file")" = acl ]; then  # keeping the stations' and the centres' blocks
    put_text "$BROKER_ACL" 0640 root:mosquitto < <(cat "$file"; station_acl_blocks; centre_acl_blocks); continue
  fi
  [ ! -f "$file" ] || put_file "$file" "/etc/mosquitto/workshop/$(basename "$file")" 0640 root:mosquitto
done
# Station passwords are added by office-add-station.sh; the office's own broker users here.
# A password, once made, is kept: running again changes nothing.
make_dir /etc/workshop/credentials 0750 "root:$SERVICE_USER"
for user in central-ingest-1 office; do
  put_broker_user "$user" "$(target "/etc/workshop/credentials/$user.password")" 0
  [ "$DRY_RUN" = 1 ] || chmod 0640 "$(target "/etc/workshop/credentials/$user.password")"
  set_owner "/etc/workshop/credentials/$user.password" "root:$SERVICE_USER"
done
set_owner "$BROKER_PASSWD" root:mosquitto
put_unit mosquitto.service.d/workshop.conf
BROKER_CHANGED=$((CHANGED - CHANGES_BEFORE_BROKER))
put_file "$TLS_DIR/ca.crt" /etc/workshop/credentials/ca.crt 0644
# The ingest's shared-subscription group: mosquitto does not ACL-check subscriptions, so a station
# must not know the group's name or it could join it and have batches dropped (docs/security.md).
if [ ! -s "$(target /etc/workshop/credentials/share-group)" ]; then
  put_text /etc/workshop/credentials/share-group 0640 "root:$SERVICE_USER" < <(echo "ingest-$(random_password)")
fi

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
