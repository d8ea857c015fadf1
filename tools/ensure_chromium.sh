#!/bin/sh
# Make sure a Chromium for the browser tests exists. Order: Debian's /usr/bin/chromium; on Debian/Ubuntu as
# root, install the `chromium` package; otherwise Playwright's own download (which needs the internet).
set -e
if [ -x /usr/bin/chromium ]; then
    echo "chromium: /usr/bin/chromium"
    exit 0
fi
if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = "0" ]; then
    echo "chromium: installing Debian's chromium package"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
    exit 0
fi
echo "chromium: falling back to Playwright's browser download"
python -m playwright install chromium
