#!/usr/bin/env bash
# Install the Debian packages docengine needs, or say exactly how to.
#   scripts/sysdeps.sh run    — what rendering needs (make demo)
#   scripts/sysdeps.sh test   — that, plus what the test suite needs
# Pango itself is assumed present (WeasyPrint's documented requirement);
# libharfbuzz-subset0 makes WeasyPrint subset fonts about 4x faster.
set -eu
# poppler-utils: `docengine sign` finds the signature block with pdftotext -bbox.
want="libharfbuzz-subset0 libpango-1.0-0 libpangoft2-1.0-0 fontconfig poppler-utils"
if [ "${1:-run}" = "test" ]; then
  # Laksaman lets the tests render with an office-installed Thai font, not only the bundled one.
  # LibreOffice converts DOCX/XLSX to PDF for the parity tests (what a clerk sees in an office suite)
  # and the demo DOCX for the line-break report (tests/test_demo_typesetting.py).
  # Chromium: the web desk's browser tests drive Debian's build through Playwright (tests/test_web_browser.py).
  want="$want postgresql fonts-tlwg-laksaman libreoffice-writer-nogui libreoffice-calc-nogui chromium"
fi
missing=""
for pkg in $want; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing="$missing $pkg"
  fi
done
[ -z "$missing" ] && exit 0
if ! command -v apt-get >/dev/null 2>&1; then
  echo "docengine: missing system packages:$missing (no apt-get here; install them with your package manager)" >&2
  exit 1
fi
if [ "$(id -u)" = "0" ]; then
  echo "docengine: installing system packages:$missing"
  export DEBIAN_FRONTEND=noninteractive
  # Wait for another apt/dpkg run (unattended upgrades, a parallel set-up) instead of failing.
  apt-get -o DPkg::Lock::Timeout=600 update -qq >/dev/null
  apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends $missing >/dev/null
else
  echo "docengine: missing system packages:$missing" >&2
  echo "Run:  sudo apt-get install -y$missing" >&2
  exit 1
fi
