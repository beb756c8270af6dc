#!/usr/bin/env bash
# The system packages the test suite needs, in one place for `make test` and `.ci/run`.
#   scripts/system-packages.sh check    exit 1 and print the install command when something is missing
#   scripts/system-packages.sh install  install them (Debian, as root)
set -euo pipefail

# Debian packages: WeasyPrint needs Pango; letters must print names in any script (CJK fonts);
# browser tests drive Debian's chromium; PDFs are read back with pdftotext; the site-signal tests check
# generated server rules with real nginx, Apache and Caddy; gettext checks the translation catalogs; CI also runs the suite on PostgreSQL.
DEBIAN_PACKAGES=(chromium postgresql poppler-utils fontconfig fonts-dejavu-core libpango-1.0-0
  libpangoft2-1.0-0 fonts-noto-cjk nginx-light apache2 caddy wrk perl gettext)
# exiftool >= 12.67 (reads IPTC's plus:DataMining) cross-checks the image-marking tests; Debian's is too old,
# so the one shipped in the npm package exiftool-vendored.pl is installed into a fixed place.
EXIFTOOL_VERSION=13.59.3
EXIFTOOL_PREFIX=/opt/exiftool
EXIFTOOL="$EXIFTOOL_PREFIX/node_modules/exiftool-vendored.pl/bin/exiftool"
# Commands whose presence shows the packages above are installed.
REQUIRED_COMMANDS=(chromium pdftotext pdffonts fc-list nginx apache2 caddy pg_ctlcluster msgfmt msgmerge xgettext)

missing_commands() {
  local cmd
  for cmd in "${REQUIRED_COMMANDS[@]}"; do
    command -v "$cmd" >/dev/null 2>&1 || [ -x "/usr/sbin/$cmd" ] || echo "$cmd"
  done
  # grep reads all of fc-list's output: with -q it would stop early, fc-list would die of SIGPIPE, and
  # pipefail would then report the fonts missing now and then although they are installed.
  fc-list 2>/dev/null | grep -i 'Noto Sans CJK' >/dev/null || echo "fonts-noto-cjk"
  [ -x "$EXIFTOOL" ] && "$EXIFTOOL" -ver >/dev/null 2>&1 || echo "exiftool (npm exiftool-vendored.pl in $EXIFTOOL_PREFIX)"
}

install_command() {
  echo "sudo apt-get update && sudo apt-get install -y --no-install-recommends ${DEBIAN_PACKAGES[*]}"
  echo "  sudo npm install --prefix $EXIFTOOL_PREFIX exiftool-vendored.pl@$EXIFTOOL_VERSION"
}

case "${1:-check}" in
  check)
    missing=$(missing_commands | tr '\n' ' ')
    if [ -n "$missing" ]; then
      echo "The test suite needs system packages that are not installed (missing: $missing)." >&2
      echo "Install them with:" >&2
      echo "  $(install_command)" >&2
      echo "or, as root: bash scripts/system-packages.sh install" >&2
      exit 1
    fi
    ;;
  install)
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${DEBIAN_PACKAGES[@]}" >/dev/null
    command -v npm >/dev/null 2>&1 || apt-get install -y -qq --no-install-recommends npm >/dev/null
    mkdir -p "$EXIFTOOL_PREFIX"
    npm install --silent --no-audit --no-fund --prefix "$EXIFTOOL_PREFIX" "exiftool-vendored.pl@$EXIFTOOL_VERSION"
    # Distribution services start on install; the tests start their own on free ports.
    service nginx stop >/dev/null 2>&1 || true
    service apache2 stop >/dev/null 2>&1 || true
    pkill -x caddy >/dev/null 2>&1 || true
    ;;
  *)
    echo "usage: $0 check|install" >&2
    exit 2
    ;;
esac
