#!/usr/bin/env bash
# The system packages the test suite needs, in one place for `make test` and `.ci/run`.
#   scripts/system-packages.sh check    exit 1 and print the install command when something is missing
#   scripts/system-packages.sh install  install them (Debian, as root)
set -euo pipefail

# Debian packages: WeasyPrint needs Pango; letters must print names in any script (CJK fonts);
# browser tests drive Debian's chromium; PDFs are read back with pdftotext; the site-signal tests check
# generated server rules with real nginx, Apache and Caddy; CI also runs the suite on PostgreSQL.
DEBIAN_PACKAGES=(chromium postgresql poppler-utils fontconfig fonts-dejavu-core libpango-1.0-0
  libpangoft2-1.0-0 fonts-noto-cjk nginx-light apache2 caddy wrk)
# Commands whose presence shows the packages above are installed.
REQUIRED_COMMANDS=(chromium pdftotext pdffonts fc-list nginx apache2 caddy pg_ctlcluster)

missing_commands() {
  local cmd
  for cmd in "${REQUIRED_COMMANDS[@]}"; do
    command -v "$cmd" >/dev/null 2>&1 || [ -x "/usr/sbin/$cmd" ] || echo "$cmd"
  done
  fc-list 2>/dev/null | grep -qi 'Noto Sans CJK' || echo "fonts-noto-cjk"
}

install_command() {
  echo "sudo apt-get update && sudo apt-get install -y --no-install-recommends ${DEBIAN_PACKAGES[*]}"
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
