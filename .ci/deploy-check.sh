#!/usr/bin/env bash
# The deployment examples in docs/deploy/ (docs/deploy.md) are what their programs accept:
# the systemd units pass `systemd-analyze verify` without a single warning (it only warns
# about a misspelt key or a bad value, and still exits 0) and stay hardened
# (`systemd-analyze security`); the environment file names only settings `manyi` reads;
# nginx accepts its config (`nginx -t`, with a throwaway certificate) and Caddy its
# Caddyfile (`caddy validate`). Installs Debian's nginx and caddy when missing.
# DEPLOY_DIR=dir checks another copy of the examples (to see the check fail).
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"
DEPLOY="$(realpath "${DEPLOY_DIR:-docs/deploy}")"

step() { printf '\n== %s\n' "$*"; }
fail() {
  printf 'deploy-check: %s\n' "$*" >&2
  exit 1
}

export PATH="$PATH:/usr/sbin:/sbin"
missing=()
command -v systemd-analyze >/dev/null || missing+=(systemd)
command -v openssl >/dev/null || missing+=(openssl)
command -v nginx >/dev/null || missing+=(nginx)
command -v caddy >/dev/null || missing+=(caddy)
if [ "${#missing[@]}" -gt 0 ]; then
  step "installing Debian's ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

step "systemd units: systemd-analyze verify, strict"
# verify refuses an ExecStart= binary that does not exist: a stub stands in for manyi.
printf '#!/bin/sh\nexit 0\n' >"$tmp/manyi"
chmod 0755 "$tmp/manyi"
mkdir "$tmp/units"
units=()
for unit in "$DEPLOY"/*.service "$DEPLOY"/*.timer; do
  name=$(basename "$unit")
  sed "s#/usr/local/bin/manyi#$tmp/manyi#g" "$unit" >"$tmp/units/$name"
  units+=("$name")
  # systemd reads % (specifiers) and $ (variables) in a command line itself; a shell's
  # % or $ must be written %% or $$.
  if sed 's/%%//g; s/\$\$//g' "$unit" | grep -nE '^Exec[A-Za-z]*=.*[%$]'; then
    fail "$name: a lone % or \$ in a command line (write %% or \$\$)"
  fi
done
for timer in "${units[@]}"; do
  case $timer in *.timer) [ -f "$DEPLOY/${timer%.timer}.service" ] || fail "$timer: no ${timer%.timer}.service" ;; esac
done
status=0
(cd "$tmp/units" && systemd-analyze verify --man=no --recursive-errors=no "${units[@]/#/./}") \
  >"$tmp/verify.log" 2>&1 || status=$?
# On a machine running systemd, verify may also report other units it loads; ours are
# named manyi*. Any line about them fails the check, warnings included.
if [ "$status" -ne 0 ] || grep -q manyi "$tmp/verify.log"; then
  cat "$tmp/verify.log" >&2
  fail "systemd-analyze verify: the units above are not clean"
fi
echo "verified: ${units[*]}"

step "systemd units: hardening (systemd-analyze security, exposure at most 2.0)"
for unit in "${units[@]}"; do
  case $unit in *.service) ;; *) continue ;; esac
  # --threshold counts tenths: 20 is an exposure of 2.0.
  if ! (cd "$tmp/units" && systemd-analyze security --offline=yes --threshold=20 "./$unit") \
    >"$tmp/security.log" 2>&1; then
    cat "$tmp/security.log" >&2
    fail "$unit is less hardened than it was"
  fi
  grep 'Overall exposure level' "$tmp/security.log"
done

step "environment file: settings manyi reads"
while IFS= read -r line; do
  case $line in '' | '#'*) continue ;; esac
  name=${line%%=*}
  value=${line#*=}
  [[ $line == *=* && $name =~ ^[A-Z][A-Z0-9_]*$ ]] || fail "manyi.env: not NAME=value: $line"
  case $name in
    RUST_LOG | NO_COLOR) continue ;;
  esac
  grep -rq "env = \"$name\"" src/server/cli || fail "manyi.env: manyi reads no $name (src/server/cli/)"
  # A flag's value is true or false (clap refuses 1, yes, on).
  if grep -rh -A4 "env = \"$name\"" src/server/cli | grep -m1 -E '^ +[a-z_]+: ' | grep -q ': bool,'; then
    [[ $value == true || $value == false ]] || fail "manyi.env: $name is a flag: true or false, not $value"
  fi
done <"$DEPLOY/manyi.env"
echo "manyi.env names only settings manyi reads"

step "nginx -t with docs/deploy/nginx.conf and a throwaway certificate"
mkdir "$tmp/nginx"
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=manyi.example.cn \
  -keyout "$tmp/nginx/key.pem" -out "$tmp/nginx/cert.pem" 2>/dev/null
sed -e "s#^\( *ssl_certificate \).*#\1$tmp/nginx/cert.pem;#" \
  -e "s#^\( *ssl_certificate_key \).*#\1$tmp/nginx/key.pem;#" \
  "$DEPLOY/nginx.conf" >"$tmp/nginx/manyi.conf"
# The http block as Debian's nginx.conf has it (gzip on, where the example turns it off).
cat >"$tmp/nginx/nginx.conf" <<EOF
pid $tmp/nginx/nginx.pid;
error_log $tmp/nginx/error.log;
events {}
http {
    access_log $tmp/nginx/access.log;
    client_body_temp_path $tmp/nginx/body;
    proxy_temp_path $tmp/nginx/proxy;
    fastcgi_temp_path $tmp/nginx/fastcgi;
    uwsgi_temp_path $tmp/nginx/uwsgi;
    scgi_temp_path $tmp/nginx/scgi;
    gzip on;
    include $tmp/nginx/manyi.conf;
}
EOF
status=0
nginx -t -q -p "$tmp/nginx" -e "$tmp/nginx/error.log" -c "$tmp/nginx/nginx.conf" \
  >"$tmp/nginx.log" 2>&1 || status=$?
# Warnings fail too, but for the one about `listen … http2` that nginx 1.25.1 and later
# print (Debian 12 has 1.22, which knows no `http2 on;`).
if [ "$status" -ne 0 ] || grep -v 'the "listen \.\.\. http2" directive is deprecated' "$tmp/nginx.log" | grep -q .; then
  cat "$tmp/nginx.log" >&2
  fail "nginx refuses docs/deploy/nginx.conf"
fi
echo "nginx $(nginx -v 2>&1 | sed 's#.*/##') accepts nginx.conf"

step "caddy validate docs/deploy/Caddyfile"
mkdir "$tmp/caddy"
status=0
HOME="$tmp/caddy" XDG_DATA_HOME="$tmp/caddy" XDG_CONFIG_HOME="$tmp/caddy" \
  caddy validate --config "$DEPLOY/Caddyfile" --adapter caddyfile >"$tmp/caddy.log" 2>&1 || status=$?
# Caddy warns (and goes on) about an unformatted file, among others.
if [ "$status" -ne 0 ] || grep -q '"level":"\(warn\|error\)"' "$tmp/caddy.log"; then
  cat "$tmp/caddy.log" >&2
  fail "caddy refuses docs/deploy/Caddyfile"
fi
echo "caddy $(caddy version | cut -d' ' -f1) accepts Caddyfile"
