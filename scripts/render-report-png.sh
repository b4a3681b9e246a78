#!/bin/sh
# Renders an HTML report to PNG with headless Chromium, to check what it looks like:
#   scripts/render-report-png.sh out/report.html [out/report.png] [width]
# Needs chromium (Debian: apt-get install -y chromium).
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
# Headless screenshots capture the viewport only, so estimate the page height from the report:
# the charts' own heights plus ~27 px per table row and a margin for headings and notes.
# Override with HEIGHT=… if the bottom is cut off; any extra is white.
svg_px=$(grep -o '<svg[^>]*height="[0-9.]*"' "$html" | sed 's/.*height="\([0-9.]*\)"/\1/' | awk '{s+=$1} END {print int(s)}')
rows=$(grep -o '<tr>' "$html" | wc -l)
height=${HEIGHT:-$(( ${svg_px:-0} + rows * 27 + 1400 ))}
# shellcheck disable=SC2086
"$browser" $flags --window-size="$width,$height" --screenshot="$png" "$url" >/dev/null 2>&1
echo "$png"
