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
# Invitations open in the app: the rateio: scheme and the .rateio-invite
# file type are registered, and the link or file is passed on (%u).
grep -q '^MimeType=.*x-scheme-handler/rateio;' "$packaging/$id.desktop" || { echo "the desktop entry lacks x-scheme-handler/rateio"; exit 1; }
grep -q '^MimeType=.*application/x-rateio-invite;' "$packaging/$id.desktop" || { echo "the desktop entry lacks application/x-rateio-invite"; exit 1; }
grep -q '^Exec=rateio %u$' "$packaging/$id.desktop" || { echo "the desktop entry's Exec does not pass the link or file on (%u)"; exit 1; }
echo "desktop-file-validate: ok"

# The MIME type of invitation files: well-formed, understood by
# shared-mime-info (glob and magic), and installed where it looks.
mime_xml="$source/packaging/rateio-invite.xml"
if command -v xmllint >/dev/null; then
  xmllint --noout "$mime_xml"
else
  python3 -c 'import sys, xml.dom.minidom; xml.dom.minidom.parse(sys.argv[1])' "$mime_xml"
fi
if command -v update-mime-database >/dev/null; then
  data_home=$(mktemp -d)
  trap 'rm -rf "$data_home"' EXIT
  mime_dir="$data_home/mime"
  mkdir -p "$mime_dir/packages"
  cp "$mime_xml" "$mime_dir/packages/"
  # In XDG_DATA_HOME, so that it does not warn about a folder outside the search path.
  XDG_DATA_HOME="$data_home" update-mime-database "$mime_dir"
  grep -q '^[0-9]*:application/x-rateio-invite:\*\.rateio-invite$' "$mime_dir/globs2" || { echo "no glob for *.rateio-invite"; exit 1; }
  test -f "$mime_dir/application/x-rateio-invite.xml" || { echo "update-mime-database did not take application/x-rateio-invite"; exit 1; }
  grep -q 'Rateio invitation' "$mime_dir/magic" || { echo "no magic for application/x-rateio-invite"; exit 1; }
else
  echo "update-mime-database is missing (Debian package shared-mime-info): the MIME type is checked as XML only"
fi
grep -q 'share/mime/packages' "$packaging/cmake_install.cmake" && grep -q 'rateio-invite.xml' "$packaging/cmake_install.cmake" ||
  { echo "rateio-invite.xml is not installed to share/mime/packages"; exit 1; }
echo "MIME type: ok"
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

