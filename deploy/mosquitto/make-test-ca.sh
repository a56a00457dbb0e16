#!/usr/bin/env bash
# Make a test CA and a broker certificate for the central mosquitto.
#
#   deploy/mosquitto/make-test-ca.sh OUT_DIR [HOSTNAME ...]
#
# Writes ca.crt, ca.key, server.crt, server.key into OUT_DIR. The certificates are valid from
# 2020-01-01 (a Raspberry Pi without a battery clock may boot years in the past) for 25 years.
# The server certificate names localhost, 127.0.0.1 and every HOSTNAME given.
# For production use your own CA; this one is for tests, demos and a first installation.
set -euo pipefail

out=${1:?usage: make-test-ca.sh OUT_DIR [HOSTNAME ...]}
shift
mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

san="DNS:localhost,IP:127.0.0.1"
for host in "$@"; do
    if [[ $host =~ ^[0-9.]+$ ]]; then san+=",IP:$host"; else san+=",DNS:$host"; fi
done

mkdir -p "$work/db"
touch "$work/db/index.txt"
echo 1000 > "$work/db/serial"
cat > "$work/ca.cnf" <<CNF
[ca]
default_ca = test_ca
[test_ca]
dir = $work/db
database = \$dir/index.txt
serial = \$dir/serial
new_certs_dir = \$dir
default_md = sha256
policy = anything
unique_subject = no
copy_extensions = none
[anything]
commonName = supplied
[ca_ext]
basicConstraints = critical, CA:true
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
[server_ext]
basicConstraints = critical, CA:false
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid, issuer
subjectAltName = $san
CNF

start=20200101000000Z
end=20450101000000Z
openssl genrsa -out "$out/ca.key" 2048 2>/dev/null
openssl req -new -key "$out/ca.key" -subj "/CN=Workshop Station test CA" -out "$work/ca.csr"
openssl ca -batch -config "$work/ca.cnf" -selfsign -keyfile "$out/ca.key" -in "$work/ca.csr" \
    -startdate "$start" -enddate "$end" -extensions ca_ext -out "$out/ca.crt" -notext 2>/dev/null
openssl genrsa -out "$out/server.key" 2048 2>/dev/null
openssl req -new -key "$out/server.key" -subj "/CN=workshop-broker" -out "$work/server.csr"
openssl ca -batch -config "$work/ca.cnf" -cert "$out/ca.crt" -keyfile "$out/ca.key" -in "$work/server.csr" \
    -startdate "$start" -enddate "$end" -extensions server_ext -out "$out/server.crt" -notext 2>/dev/null
chmod 644 "$out/ca.crt" "$out/server.crt"
chmod 640 "$out/server.key"  # chown root:mosquitto it where mosquitto runs
chmod 600 "$out/ca.key"
echo "test CA and broker certificate in $out (valid $start - $end; names $san)"
