#!/usr/bin/env bash
# Install the Debian packages Jalons needs, only when something is missing.
#   scripts/system-deps.sh run    -> what `make run` needs (gettext for translations, libcairo2
#                                    to render SVG badge images, Pango for the PDF portfolios)
#   scripts/system-deps.sh test   -> also Debian's chromium for browser tests, node and npm
#                                    for the JavaScript Open Badges verifier (verifier-js/),
#                                    redis-server for the rate-limit tests
#   scripts/system-deps.sh ci     -> also PostgreSQL 15 for the second test run
set -euo pipefail

profile="${1:-run}"
needed=()
command -v msgfmt >/dev/null 2>&1 || needed+=(gettext)
# CairoSVG renders SVG badge images to PNG through the cairo C library.
{ /sbin/ldconfig -p 2>/dev/null || true; } | grep 'libcairo\.so\.2' >/dev/null || needed+=(libcairo2)
# WeasyPrint lays out the portfolio PDFs with Pango (HarfBuzz, fontconfig come with it).
{ /sbin/ldconfig -p 2>/dev/null || true; } | grep 'libpangoft2-1\.0\.so\.0' >/dev/null \
  || needed+=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0)
if [ "$profile" = "test" ] || [ "$profile" = "ci" ]; then
  [ -x /usr/bin/chromium ] || needed+=(chromium)
  fc-list 2>/dev/null | grep -qi dejavu || needed+=(fonts-dejavu-core)
  command -v node >/dev/null 2>&1 || needed+=(nodejs)
  command -v npm >/dev/null 2>&1 || needed+=(npm)
  # Rate limits are tested against a real Redis (started by the tests on loopback).
  command -v redis-server >/dev/null 2>&1 || needed+=(redis-server)
fi
if [ "$profile" = "ci" ]; then
  [ -x /usr/lib/postgresql/15/bin/initdb ] || needed+=(postgresql-15)
fi

if [ ${#needed[@]} -eq 0 ]; then
  exit 0
fi
echo "Installing system packages: ${needed[*]}"
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    SUDO=sudo
  else
    echo "Please install these Debian packages as root: ${needed[*]}" >&2
    exit 1
  fi
else
  SUDO=
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${needed[@]}" >/dev/null
