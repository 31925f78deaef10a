#!/usr/bin/env bash
# The desktop entry and the AppStream metainfo validate, and the build made
# the PNG icons and the man pages that `cmake --install` lays out.
#   check_metadata.sh BUILD_DIR SOURCE_DIR
set -euo pipefail

build="$1"
source="$2"
packaging="$build/packaging"
id=io.github.rateio.Rateio

for tool in desktop-file-validate appstreamcli; do
  if ! command -v "$tool" >/dev/null; then
    echo "SKIP: $tool is missing (Debian packages desktop-file-utils and appstream; make deps installs them)"
    exit 77
  fi
done

desktop-file-validate "$packaging/$id.desktop"
echo "desktop-file-validate: ok"
# --no-net: the screenshot URLs point at the repository, which a test must not need.
appstreamcli validate --no-net --explain "$packaging/$id.metainfo.xml"

# Every screenshot the metainfo names is in the repository.
grep -o 'docs/screenshots/[^<]*' "$packaging/$id.metainfo.xml" | while read -r shot; do
  test -f "$source/$shot" || { echo "missing screenshot $shot"; exit 1; }
done

for size_px in 16 22 24 32 48 64 128 256; do
  png="$packaging/icons/${size_px}x${size_px}/$id.png"
  test -f "$png" || { echo "missing icon $png"; exit 1; }
  file "$png" | grep -q "PNG image data, $size_px x $size_px" || { echo "wrong size: $(file "$png")"; exit 1; }
done
echo "icons: ok"

for program in rateio rateio-node rateio-cli; do
  page="$packaging/man/$program.1.gz"
  test -s "$page" || { echo "missing man page $page"; exit 1; }
  zcat "$page" | grep -q "^\.SH FILES" || { echo "$page lacks its FILES section"; exit 1; }
done
echo "man pages: ok"

