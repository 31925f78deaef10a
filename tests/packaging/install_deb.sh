#!/usr/bin/env bash
# The .deb as a user gets it: built by CPack from this build folder,
# installed with apt, run from /usr/bin, removed with --purge. Leaves the
# machine as it found it: if the package is not installed at the end of a
# run that installed it, nor are any packages apt pulled in with it, nor the
# rateio-node user, unless they were there before.
#   install_deb.sh BUILD_DIR VERSION
set -euo pipefail

build="$1"
version="$2"

if [ "$(id -u)" = 0 ]; then
  as_root=()
elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
  as_root=(sudo -n)
else
  echo "SKIP: installing a package needs root or password-less sudo; run make test as root to include this test"
  exit 77
fi
for tool in cpack dpkg-shlibdeps apt-get; do
  if ! command -v "$tool" >/dev/null; then
    echo "SKIP: $tool is missing (make deps installs dpkg-dev and cmake)"
    exit 77
  fi
done
if dpkg-query -W -f='${Status}' rateio 2>/dev/null | grep -q "install ok installed"; then
  echo "SKIP: a rateio package is already installed here; this test would replace it"
  exit 77
fi

work="$(mktemp -d -t rateio-deb-test.XXXXXX)"
chmod 755 "$work" # apt's sandbox user reads the .deb from here
packages_before="$work/packages-before"
dpkg-query -W -f='${Package} ${Status}\n' | awk '$4 == "installed" {print $1}' | sort > "$packages_before"
user_existed=no
getent passwd rateio-node >/dev/null && user_existed=yes
installed=no

cleanup() {
  status=$?
  set +e
  if [ "$installed" = yes ]; then
    "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get remove --purge -y -qq rateio >/dev/null
  fi
  # Whatever apt installed along with the package goes too.
  dpkg-query -W -f='${Package} ${Status}\n' | awk '$4 == "installed" {print $1}' | sort > "$work/packages-after"
  extra="$(comm -13 "$packages_before" "$work/packages-after")"
  if [ -n "$extra" ]; then
    echo "removing what the test installed: $extra"
    "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get remove --purge -y -qq $extra >/dev/null
  fi
  if [ "$user_existed" = no ] && getent passwd rateio-node >/dev/null; then
    "${as_root[@]}" userdel rateio-node
    getent group rateio-node >/dev/null && "${as_root[@]}" groupdel rateio-node
  fi
  rm -rf "$work"
  exit $status
}
trap cleanup EXIT

step() { printf '== %s\n' "$*"; }

step "cpack -G DEB"
(cd "$build" && cpack -G DEB -B "$work/package" >"$work/cpack.log" 2>&1) || { cat "$work/cpack.log"; exit 1; }
deb="$(ls "$work"/package/rateio_"$version"_*.deb)"
chmod 644 "$deb"
dpkg-deb --field "$deb" Package Version Depends Section Homepage
dpkg-deb --field "$deb" Depends | grep -q "libqt6widgets6" || { echo "shlibdeps found no Qt dependency"; exit 1; }
dpkg-deb --field "$deb" Depends | grep -q "libjemalloc2" || { echo "shlibdeps found no jemalloc dependency, which the programs link"; exit 1; }
dpkg-deb --contents "$deb" | awk '{print $6}' > "$work/contents"
for path in ./usr/bin/rateio ./usr/bin/rateio-node ./usr/bin/rateio-cli \
            ./usr/share/applications/io.github.rateio.Rateio.desktop \
            ./usr/share/metainfo/io.github.rateio.Rateio.metainfo.xml \
            ./usr/share/icons/hicolor/scalable/apps/io.github.rateio.Rateio.svg \
            ./usr/share/icons/hicolor/256x256/apps/io.github.rateio.Rateio.png \
            ./usr/share/man/man1/rateio-node.1.gz ./usr/share/man/man1/rateio-cli.1.gz \
            ./usr/lib/systemd/system/rateio-node.service ./usr/lib/sysusers.d/rateio-node.conf \
            ./etc/rateio/rateio-node.ini ./usr/share/doc/rateio/copyright; do
  grep -qx "$path" "$work/contents" || { echo "the package lacks $path"; exit 1; }
done

step "apt-get install $deb"
installed=yes
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$deb" >"$work/apt.log" 2>&1 \
  || { cat "$work/apt.log"; exit 1; }
dpkg-query -W -f='${Status}\n' rateio | grep -q "install ok installed"
getent passwd rateio-node >/dev/null || { echo "postinst made no rateio-node user"; exit 1; }
test "$(stat -c %G /etc/rateio)" = rateio-node

step "the installed programs"
/usr/bin/rateio --version | tee "$work/out"; grep -qx "rateio $version" "$work/out"
/usr/bin/rateio-node --version | tee "$work/out"; grep -qx "rateio-node $version" "$work/out"
/usr/bin/rateio-cli --version | tee "$work/out"; grep -qx "rateio-cli $version" "$work/out"

step "rateio-cli founds a group in a temporary data dir"
export RATEIO_PASSPHRASE="installed package test"
data="$work/data"
/usr/bin/rateio-cli --datadir "$data" wallet create marta >/dev/null
/usr/bin/rateio-cli --datadir "$data" create-group --name "Condomínio do Pacote" --wallet marta \
  --utility Light --full-name "Marta Oliveira" --consumer-unit 0412345678 >/dev/null
/usr/bin/rateio-cli --datadir "$data" --json summary | tee "$work/summary.json"
grep -q '"name":"Condomínio do Pacote"' "$work/summary.json"
grep -q '"member_count":1' "$work/summary.json"

step "rateio --screenshot renders offscreen from the installed files"
QT_QPA_PLATFORM=offscreen /usr/bin/rateio --screenshot "$work/shots" --lang pt_BR
count="$(ls "$work/shots"/*.png | wc -l)"
test "$count" -ge 8 || { echo "only $count screenshots"; exit 1; }

step "apt-get remove --purge rateio"
dpkg-query -L rateio > "$work/files"
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get remove --purge -y -qq rateio >"$work/apt.log" 2>&1 \
  || { cat "$work/apt.log"; exit 1; }
installed=no
if dpkg-query -W -f='${Status}' rateio 2>/dev/null | grep -q "installed"; then
  echo "rateio is still installed"; exit 1
fi
left=0
while read -r path; do
  # Folders shared with other packages (/usr/bin, /etc, …) stay, as they should.
  if [ -f "$path" ] || [ -L "$path" ]; then echo "left behind: $path"; left=1; fi
done < "$work/files"
test -e /etc/rateio && { echo "left behind: /etc/rateio"; left=1; }
test "$left" = 0
echo "removed cleanly"
