#!/usr/bin/env bash
# Writes tests/data/format1/: a data dir in data format 1, the format of
# Rateio at commit 7a0eb8f, with the rateio-cli of that commit, and the JSON
# that CLI printed about it (expected/*.json). test_upgrade opens a copy with
# the current code and must find every member, plant, vote and balance.
#
#   git worktree add /tmp/rateio-prev 7a0eb8f
#   cmake -S /tmp/rateio-prev -B /tmp/rateio-prev-build -G Ninja && cmake --build /tmp/rateio-prev-build --target rateio-cli
#   RATEIO_CLI=/tmp/rateio-prev-build/app/rateio-cli tests/data/make_format1_datadir.sh
#   git worktree remove /tmp/rateio-prev
#
# The passphrase of every wallet is "format one passphrase".
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
cli="${RATEIO_CLI:?set RATEIO_CLI to the rateio-cli built at commit 7a0eb8f}"
out="$here/format1"
export RATEIO_PASSPHRASE="format one passphrase"

rm -rf "$out"
mkdir -p "$out/expected"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
datadir="$work/data"

# The whole scripted life of a dev group (admissions, a plant approved,
# crowdfunded and started, a trade, a gift) ...
RATEIO_CLI="$cli" RATEIO_DATADIR="$datadir" bash "$here/../../app/cli/dev_group_life.sh" >/dev/null
r() { "$cli" --datadir "$datadir" "$@"; }
# ... then what is still open: an applicant with two ballots cast, a second
# plant proposed with one ballot, and an open offer.
r wallet create ana >/dev/null
r join --wallet ana --utility Light --full-name "Ana Lima" --consumer-unit "0412345682" >/dev/null
r vote --wallet marta 5 yes >/dev/null
r vote --wallet joao 5 no >/dev/null
r propose-plant --wallet lucia --name "Usina Garagem" --source solar --capacity-kw 30 \
  --cost 120000.00 --utility Light --location "Niterói, RJ" --time-to-market-days 60 >/dev/null
r vote --wallet lucia 6 yes >/dev/null
r offer --wallet pedro --to marta --quota-w 500 --price-seb 0.7 --expires-in-days 20 >/dev/null

for what in summary members applicants plants referendums offers; do
  r --json "$what" > "$out/expected/$what.json"
done
r --json plant 1 > "$out/expected/plant-1.json"
for id in 1 2 3 4 5 6; do r --json referendum "$id" > "$out/expected/referendum-$id.json"; done
r --json wallet list > "$out/expected/wallets.json"

# Small and self-contained: no WAL beside it, no free pages.
sqlite3 "$datadir/chain.sqlite" "PRAGMA wal_checkpoint(TRUNCATE); VACUUM;" >/dev/null
rm -f "$datadir/chain.sqlite-wal" "$datadir/chain.sqlite-shm"
test "$(sqlite3 "$datadir/chain.sqlite" "SELECT value FROM meta WHERE key = 'format_version'")" = 1
rm -f "$datadir/chain.sqlite-wal" "$datadir/chain.sqlite-shm"
cp -r "$datadir" "$out/data"
# No private key goes into the repository: the test gives each copy a new node key.
rm -f "$out/data/node.key"
du -sh "$out"
