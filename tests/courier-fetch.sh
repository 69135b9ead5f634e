#!/bin/sh
# Fetches Debian's Courier packages and unpacks them (without installing:
# courier-imap conflicts with dovecot-imapd) into DEST (default
# _deps/courier). Compatibility tests run Courier's own programs and read
# its shipped config files from there. Safe to run again.
set -eu
dest=${1:-"$(cd "$(dirname "$0")/.." && pwd)/_deps/courier"}
[ -f "$dest/.done" ] && exit 0
pkgs="courier-imap courier-pop courier-base courier-authdaemon courier-authlib
courier-authlib-userdb courier-authlib-ldap courier-authlib-postgresql
courier-authlib-sqlite"
debs=$(mktemp -d)
trap 'rm -rf "$debs"' EXIT
chmod 0777 "$debs"
(cd "$debs" && apt-get download $pkgs >/dev/null 2>&1) || {
	echo "courier-fetch: apt-get download failed (run apt-get update?)" >&2
	exit 1
}
rm -rf "$dest"
mkdir -p "$dest"
for deb in "$debs"/*.deb; do
	dpkg -x "$deb" "$dest"
done
touch "$dest/.done"
