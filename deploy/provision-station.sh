#!/usr/bin/env bash
# Turns a Raspberry Pi OS Bookworm Lite (arm64) install into a workshop station kiosk.
# Run as root from a checkout of the project; safe to run again (idempotent).
#
#   sudo deploy/provision-station.sh --station-id bench-01 --site centre-east \
#       --broker mqtts://office.local:8883 --password-file bundle/mqtt-password --ca-file bundle/ca.crt \
#       --pin-pepper-file bundle/pin-pepper
#
# Options (defaults in brackets):
#   --station-id ID        this station's id and MQTT user name (required)
#   --site SITE            the workshop it belongs to (required)
#   --broker URL           mqtts://HOST:PORT of the office broker (required)
#   --password-file FILE   the station's MQTT password, from deploy/office-add-station.sh (required)
#   --ca-file FILE         the office broker's CA certificate (required)
#   --pin-pepper-file FILE the site's PIN pepper, from deploy/office-add-station.sh (required)
#   --username NAME        MQTT user name [the station id]
#   --display NAME         official-7 | touch-display-2 [official-7]
#   --printer TARGET       usb:VVVV:PPPP | serial:/dev/X:BAUD | tcp:HOST:PORT | file:/path [usb:0416:5011]
#   --printer-profile P    a file of firmware_config/printers/ [gbk-58]
#   --scale-profile P      a file of firmware_config/scales/ [mt-sics]
#   --scale-port DEV       [/dev/workshop-scale]; /dev/serial0 for a scale on the GPIO UART
#   --language L           zh-Hans | zh-Hant | en [zh-Hans]
#   --ntp HOST             time server [the broker's host]
#   --overlay              make the root file system read-only (overlayfs); only with /data mounted
#   --root DIR             lay the files into DIR, do not touch this machine (see deploy/lib/provision.sh)
#   --dry-run              print every action, change nothing
#   --source DIR           the checkout to install from [this script's checkout]
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib/provision.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/provision.sh"

STATION_ID='' SITE='' BROKER='' PASSWORD_FILE='' CA_FILE='' PEPPER_FILE='' USERNAME='' NTP='' OVERLAY=0
DISPLAY_NAME=official-7 PRINTER=usb:0416:5011 PRINTER_PROFILE=gbk-58
SCALE_PROFILE=mt-sics SCALE_PORT=/dev/workshop-scale LANGUAGE=zh-Hans
SERVICE_USER=workshop

# A scale or printer profile must exist in the checkout, or the kiosk could not start.
check_profile() { # KIND NAME
  check_id "${1%s} profile" "$2"
  local dir=$SOURCE_DIR/firmware_config/$1
  [ -f "$dir/$2.toml" ] || die "no ${1%s} profile '$2'; known: $(find "$dir" -maxdepth 1 -name '*.toml' -printf '%f\n' | sed 's/\.toml$//' | sort | tr '\n' ' ')"
}

usage() { sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed -e '$d' -e 's/^# \{0,1\}//'; exit "${1:-2}"; }

while [ $# -gt 0 ]; do
  if common_flag "$@"; then shift "$SHIFT_BY"; continue; fi
  case "$1" in
    --overlay) OVERLAY=1; shift; continue ;;
    -h|--help) usage 0 ;;
  esac
  [ $# -ge 2 ] || die "$1 needs a value (see --help)"
  case "$1" in
    --station-id) STATION_ID=$2 ;;
    --site) SITE=$2 ;;
    --broker) BROKER=$2 ;;
    --password-file) PASSWORD_FILE=$2 ;;
    --ca-file) CA_FILE=$2 ;;
    --pin-pepper-file) PEPPER_FILE=$2 ;;
    --username) USERNAME=$2 ;;
    --display) DISPLAY_NAME=$2 ;;
    --printer) PRINTER=$2 ;;
    --printer-profile) PRINTER_PROFILE=$2 ;;
    --scale-profile) SCALE_PROFILE=$2 ;;
    --scale-port) SCALE_PORT=$2 ;;
    --language) LANGUAGE=$2 ;;
    --ntp) NTP=$2 ;;
    *) die "unknown option $1 (see --help)" ;;
  esac
  shift 2
done

if [ -z "$STATION_ID" ] || [ -z "$SITE" ] || [ -z "$BROKER" ]; then
  die "--station-id, --site and --broker are required (see --help)"
fi
check_id "station id" "$STATION_ID"
check_id "site" "$SITE"
USERNAME=${USERNAME:-$STATION_ID}
check_id "user name" "$USERNAME"
check_url "broker" "$BROKER" "mqtts|mqtt"
[ -f "$PASSWORD_FILE" ] || die "--password-file: no file '$PASSWORD_FILE' (make one with deploy/office-add-station.sh)"
[ -f "$CA_FILE" ] || die "--ca-file: no file '$CA_FILE' (the office broker's CA certificate)"
[ -s "$PEPPER_FILE" ] || die "--pin-pepper-file: no file '$PEPPER_FILE' (the bundle of deploy/office-add-station.sh has it)"
[[ "$PRINTER" =~ ^(usb:[0-9a-fA-F]{4}:[0-9a-fA-F]{4}|serial:/dev/[A-Za-z0-9_./-]+(:[0-9]+)?|tcp:[A-Za-z0-9.-]+:[0-9]{1,5}|file:/[A-Za-z0-9_./-]+)$ ]] || \
  die "--printer '$PRINTER' must be usb:VVVV:PPPP, serial:/dev/X:BAUD, tcp:HOST:PORT or file:/path"
[[ "$SCALE_PORT" =~ ^/dev/[A-Za-z0-9_./-]+$ ]] || die "--scale-port '$SCALE_PORT' must be a /dev path"
check_profile printers "$PRINTER_PROFILE"
check_profile scales "$SCALE_PROFILE"
case "$LANGUAGE" in zh-Hans|zh-Hant|en) ;; *) die "--language must be zh-Hans, zh-Hant or en" ;; esac
case "$DISPLAY_NAME" in
  official-7) DPI=132 ROTATION=0 DISPLAY_FRAGMENT=config-official-7inch.txt ;;
  touch-display-2) DPI=210 ROTATION=90 DISPLAY_FRAGMENT=config-touch-display-2.txt ;;
  *) die "--display must be official-7 or touch-display-2" ;;
esac
NTP=${NTP:-$(url_host "$BROKER")}
check_id "time server" "$NTP"
[ "$DRY_RUN" = 1 ] || under_root || [ "$(id -u)" -eq 0 ] || die "run as root (sudo), or use --dry-run / --root DIR"

FIRMWARE=$SOURCE_DIR/firmware_config/raspberrypi
begin

say "== Debian packages"
if [ "$OVERLAY" = 1 ]; then put_packages station overlayroot; else put_packages station; fi

say "== service user '$SERVICE_USER' (video render input dialout)"
put_user "$SERVICE_USER" /var/lib/workshop video,render,input,dialout

say "== application and virtualenv (Kivy 2.3.1 from PyPI)"
put_app station station assets firmware_config
put_venv station
compile_app
put_file "$DEPLOY_DIR/bin/workshop-backup" /opt/workshop/bin/workshop-backup 0755

say "== persistent /data (database, backups, clock files)"
if ! under_root && [ "$DRY_RUN" = 0 ] && ! mountpoint -q /data; then
  say "warning: /data is not a separate partition yet; the kiosk will not start until it is (docs/deploy.md)"
fi
# nofail: a missing /data must not stop the boot (the kiosk then refuses to start, visibly).
put_block /etc/fstab data 0644 <<EOF
LABEL=workshop-data  /data  ext4  defaults,noatime,nofail,x-systemd.device-timeout=15s  0  2
EOF
make_dir /data 0755
make_dir /data/workshop 0750 "$SERVICE_USER:$SERVICE_USER"
make_dir /data/workshop/backup 0750 "$SERVICE_USER:$SERVICE_USER"
make_dir /data/system 0755
make_dir /data/system/timesync 0755 systemd-timesync:systemd-timesync
put_file "$DEPLOY_DIR/config/tmpfiles-station.conf" /etc/tmpfiles.d/workshop.conf 0644

say "== station settings"
make_dir /etc/workshop 0755
make_dir /etc/workshop/credentials 0750 "root:$SERVICE_USER"
put_file "$PASSWORD_FILE" /etc/workshop/credentials/mqtt-password 0640 "root:$SERVICE_USER"
put_file "$CA_FILE" /etc/workshop/credentials/ca.crt 0644
put_file "$PEPPER_FILE" /etc/workshop/credentials/pin-pepper 0640 "root:$SERVICE_USER"
put_text /etc/workshop/station.toml 0640 "root:$SERVICE_USER" <<EOF
# Written by deploy/provision-station.sh; run it again rather than editing (keys: deploy/station.example.toml).

[station]
id = "$STATION_ID"
site = "$SITE"
database = "/data/workshop/station.db"
language = "$LANGUAGE"
assets_dir = "$APP_DIR/assets"

[scale]
profile = "$SCALE_PROFILE"
port = "$SCALE_PORT"

[printer]
profile = "$PRINTER_PROFILE"
target = "$PRINTER"

[sync]
broker = "$BROKER"
username = "$USERNAME"
password_file = "/etc/workshop/credentials/mqtt-password"
ca_file = "/etc/workshop/credentials/ca.crt"
pin_pepper_file = "/etc/workshop/credentials/pin-pepper"

[kiosk]
idle_seconds = 60
dpi = $DPI
supervisor_timeout_seconds = 120
undo_seconds = 10
tally_ceiling = 500
not_checked_in = "refuse"
sounds = true
tap_cooldown_ms = 300
EOF
put_text /etc/workshop/station.env 0640 "root:$SERVICE_USER" <<EOF
# For workshop-station-sync.service (not enabled by default). Written by provision-station.sh.
WORKSHOP_STATION_ID=$STATION_ID
WORKSHOP_SITE=$SITE
WORKSHOP_BROKER=$BROKER
WORKSHOP_MQTT_USERNAME=$USERNAME
EOF
put_text /etc/workshop/kiosk.env 0644 <<EOF
# The display (--display $DISPLAY_NAME): Kivy's DPI for millimetre sizes and the screen rotation.
KIVY_DPI=$DPI
KCFG_GRAPHICS_ROTATION=$ROTATION
EOF

say "== boot firmware ($DISPLAY_NAME), console blanking off, GPIO UART for the scale, overlay $OVERLAY"
put_block /boot/firmware/config.txt station <"$FIRMWARE/config.txt"
put_block /boot/firmware/config.txt display <"$FIRMWARE/$DISPLAY_FRAGMENT"
CMDLINE_ADD=$(cat "$FIRMWARE/cmdline.txt")
CMDLINE_REMOVE="console=serial0,* console=ttyAMA0,*"
if [ "$OVERLAY" = 1 ]; then
  # raspi-config installs overlayroot and builds the initramfs; the token it writes is then
  # replaced by one that leaves /data (a mount of its own) out of the overlay.
  if ! under_root && [ "$DRY_RUN" = 0 ] && ! mountpoint -q /data; then
    die "--overlay without a mounted /data partition would lose every event at power-off"
  fi
  host raspi-config nonint do_overlayfs 0
  CMDLINE_ADD="$CMDLINE_ADD overlayroot=tmpfs:recurse=0"; CMDLINE_REMOVE="$CMDLINE_REMOVE overlayroot=*"
fi
put_cmdline /boot/firmware/cmdline.txt "$CMDLINE_ADD" "$CMDLINE_REMOVE"

say "== devices: udev rules for the printer and the scale"
for rules in "$DEPLOY_DIR"/udev/*.rules; do
  put_file "$rules" "/etc/udev/rules.d/$(basename "$rules")" 0644
done

say "== time: timesyncd from $NTP, clock saved on /data"
put_text /etc/systemd/timesyncd.conf.d/workshop.conf 0644 <<EOF
# The office server serves time on the LAN (chrony); the pool is the fallback with internet.
[Time]
NTP=$NTP
FallbackNTP=0.debian.pool.ntp.org 1.debian.pool.ntp.org
EOF
put_file "$DEPLOY_DIR/config/fake-hwclock.default" /etc/default/fake-hwclock 0644
put_unit fake-hwclock.service.d/workshop.conf
put_unit var-lib-systemd-timesync.mount

say "== journal in RAM"
put_file "$DEPLOY_DIR/config/journald.conf" /etc/systemd/journald.conf.d/workshop.conf 0644

say "== services"
put_unit workshop-kiosk.service
put_unit workshop-station-sync.service
put_unit workshop-backup.service
put_unit workshop-backup.timer
host udevadm control --reload
enable_units var-lib-systemd-timesync.mount workshop-kiosk.service workshop-backup.timer
host systemctl disable getty@tty1.service
finish
say "next: reboot, then check 'systemctl status workshop-kiosk' (docs/deploy.md)"
