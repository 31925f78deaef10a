#!/usr/bin/env bash
# A dev group's life, scripted through rateio-cli: founding, three admissions
# by vote, a solar plant proposed, approved, crowdfunded and started, a trade
# and a gift, then the group summary. `make run` plays it until the desktop
# app exists. The dev clock moves 30-day votes forward.
set -euo pipefail

cli="${RATEIO_CLI:-build/app/rateio-cli}"
datadir="${RATEIO_DATADIR:-$(mktemp -d -t rateio-dev-group.XXXXXX)}"
export RATEIO_PASSPHRASE="${RATEIO_PASSPHRASE:-dev group passphrase}"

r() { "$cli" --datadir "$datadir" "$@"; }
step() { printf '\n== %s\n' "$*"; }

step "Wallets for the founder and three neighbours"
for name in marta joao lucia pedro; do r wallet create "$name" >/dev/null; done
r wallet list

step "Marta founds a dev group (utility Light, Rio de Janeiro)"
r create-group --name "Condomínio Sol de Niterói" --wallet marta --utility Light \
  --full-name "Marta Oliveira" --consumer-unit "0412345678" --dev

step "Three neighbours ask to join; the members vote; 30 days pass"
r join --wallet joao --utility Light --full-name "João Pereira" --consumer-unit "0412345679"
r vote --wallet marta 1 yes
r advance-clock --days 31
r join --wallet lucia --utility Light --full-name "Lúcia Santos" --consumer-unit "0412345680"
r join --wallet pedro --utility Light --full-name "Pedro Costa" --consumer-unit "0412345681"
r vote --wallet marta 2 yes
r vote --wallet joao 2 yes
r vote --wallet marta 3 yes
r vote --wallet joao 3 yes
r advance-clock --days 31

step "João proposes a 75 kW rooftop plant for R\$ 300.000,00; approved"
r propose-plant --wallet joao --name "Usina Telhado Bloco A" --source solar --capacity-kw 75 \
  --cost 300000.00 --utility Light --location "Niterói, RJ" --time-to-market-days 45
for name in marta joao lucia pedro; do r vote --wallet "$name" 4 yes; done
r advance-clock --days 31

step "Crowdfunding: four pledges reach the cost"
r pledge --wallet marta 1 120000.00
r pledge --wallet joao 1 90000.00
r pledge --wallet lucia 1 60000.00
r pledge --wallet pedro 1 30000.00
r plant 1

step "45 days later the plant operates"
r advance-clock --days 46

step "Lúcia sells 1 kW of quota to Pedro for 1.2 SEB; Marta gives João 0.5 SEB"
r offer --wallet lucia --to pedro --quota-w 1000 --price-seb 1.2 --expires-in-days 7
r accept-offer --wallet pedro 1
r gift-tokens --wallet marta --to joao --seb 0.5

step "Members"
r members

step "Group summary"
r summary
echo
echo "Data dir: $datadir"
