#!/usr/bin/env bash
# Writes tests/data/format2/: a data dir as Rateio wrote it at commit 8214cf7,
# the last commit before protocol versions (data format 3, protocol version 1,
# the energy-credit rules in use), with the rateio-cli of that commit, and the
# JSON that CLI printed about it (expected/*.json). test_upgrade_format2 opens
# a copy with the current code, verifies it, must find every member, plant,
# vote, offer, reading and operator, and moves the group to protocol version 2
# by referendum.
#
#   git worktree add --detach /tmp/rateio-8214cf7 8214cf7
#   export CCACHE_BASEDIR=/tmp/rateio-8214cf7 CCACHE_NOHASHDIR=true
#   cmake -S /tmp/rateio-8214cf7 -B /tmp/rateio-8214cf7-build -G Ninja -DCMAKE_CXX_COMPILER_LAUNCHER=ccache
#   cmake --build /tmp/rateio-8214cf7-build --target rateio-cli
#   RATEIO_CLI=/tmp/rateio-8214cf7-build/app/rateio-cli tests/data/make_format2_datadir.sh
#   git worktree remove /tmp/rateio-8214cf7
#
# The passphrase of every wallet is "format two passphrase".
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
cli="${RATEIO_CLI:?set RATEIO_CLI to the rateio-cli built at commit 8214cf7}"
out="$here/format2"
export RATEIO_PASSPHRASE="format two passphrase"

rm -rf "$out"
mkdir -p "$out/expected"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
datadir="$work/data"

# The whole scripted life of a dev group (admissions, a plant approved,
# crowdfunded and started, a trade, a gift) ...
RATEIO_CLI="$cli" RATEIO_DATADIR="$datadir" bash "$here/../../app/cli/dev_group_life.sh" >/dev/null
r() { "$cli" --datadir "$datadir" "$@"; }
# ... then what format1 lacks: Lúcia named operator of plant 1 by referendum
# (referendum 5, closed after 31 days), the month before the dev clock's month
# read for the consumption of three members and the generation of plant 1
# (which operated through all of it: it started more than 31 days before) ...
r propose-plant-operator --wallet joao 1 lucia --reason "Lúcia lives beside the inverter" >/dev/null
for name in marta joao lucia pedro; do r vote --wallet "$name" 5 yes >/dev/null; done
r advance-clock --days 31 >/dev/null
# The dev clock: this machine's plus the offset the store keeps. Brasília is
# UTC-3 all year (chain::brasilia_day), so no time zone data is needed.
offset_s="$(sqlite3 "$datadir/chain.sqlite" "SELECT value FROM meta WHERE key = 'dev_clock_offset_s'")"
now_s="$(( $(date +%s) + offset_s ))"
today="$(date -u -d "@$(( now_s - 3 * 3600 ))" +%Y-%m-%d)"
month="$(date -u -d "$(date -u -d "@$(( now_s - 3 * 3600 ))" +%Y-%m-01) -1 month" +%Y-%m)"
r energy consumption --wallet marta --month "$month" --kwh 412.5 --read-on "$today" --connection two >/dev/null
r energy consumption --wallet joao --month "$month" --kwh 230 --read-on "$today" --connection single >/dev/null
r energy consumption --wallet pedro --month "$month" --kwh 980 --read-on "$today" --connection three >/dev/null
# A corrected reading: revision 2 of Pedro's month.
r energy consumption --wallet pedro --month "$month" --kwh 890 --read-on "$today" --connection three >/dev/null
r energy generation --wallet lucia 1 --month "$month" --kwh 9100 >/dev/null
# ... and what is still open: an applicant with one ballot cast (referendum 6)
# and an open offer.
r wallet create ana >/dev/null
r join --wallet ana --utility Light --full-name "Ana Lima" --consumer-unit "0412345682" >/dev/null
r vote --wallet marta 6 yes >/dev/null
r offer --wallet pedro --to marta --quota-w 500 --price-seb 0.7 --expires-in-days 20 >/dev/null

for what in summary members applicants plants referendums offers; do
  r --json "$what" > "$out/expected/$what.json"
done
r --json plant 1 > "$out/expected/plant-1.json"
for id in 1 2 3 4 5 6; do r --json referendum "$id" > "$out/expected/referendum-$id.json"; done
r --json wallet list > "$out/expected/wallets.json"
for name in marta joao lucia pedro; do
  r --json energy account "$name" > "$out/expected/energy-account-$name.json"
done
# Every event from the genesis on (a few dozen): the readings and the operator's naming among them.
r --json events --since 0 --limit 1000 > "$out/expected/events.json"
r --json verify > "$out/expected/verify.json"
# The month the readings are for, and the dev clock when they were made.
jq -n --arg month "$month" --argjson now_s "$now_s" --argjson offset_s "$offset_s" \
  '{month: $month, dev_clock_s: $now_s, dev_clock_offset_s: $offset_s}' > "$out/expected/readings.json"

# Small and self-contained: no WAL beside it, no free pages.
sqlite3 "$datadir/chain.sqlite" "PRAGMA wal_checkpoint(TRUNCATE); VACUUM;" >/dev/null
rm -f "$datadir/chain.sqlite-wal" "$datadir/chain.sqlite-shm"
# The store of commit 8214cf7 writes data format 3 (the current format, so the
# current code opens it without a migration).
test "$(sqlite3 "$datadir/chain.sqlite" "SELECT value FROM meta WHERE key = 'format_version'")" = 3
test "$(sqlite3 "$datadir/chain.sqlite" "PRAGMA user_version")" = 3
rm -f "$datadir/chain.sqlite-wal" "$datadir/chain.sqlite-shm"
cp -r "$datadir" "$out/data"
# No private key goes into the repository: the test gives each copy a new node key.
rm -f "$out/data/node.key"
du -sh "$out"
