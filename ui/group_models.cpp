#include "ui/group_models.h"

namespace ui {

GroupModels::GroupModels(models::NodeClient* client, QObject* parent) : QObject(parent), client_(client) {
    connect(client_, &models::NodeClient::snapshotChanged, this, &GroupModels::apply);
    apply();
}

void GroupModels::apply() {
    const models::SnapshotPtr s = client_->snapshot();
    members_.setSnapshot(s);
    plants_.setSnapshot(s);
    referendums_.setSnapshot(s);
    offers_.setSnapshot(s);
    events_.setSnapshot(s);
    summary_.setSnapshot(s);
    settleMyEnergy();
    emit changed();
}

void GroupModels::setTariff(const models::TariffSettings& tariff) {
    if (tariff == tariff_) return;
    tariff_ = tariff;
    settleMyEnergy();
    emit tariffChanged();
    emit changed();
}

void GroupModels::settleMyEnergy() {
    const models::Snapshot& s = snapshot();
    if (s.my_energy_facts) my_energy_ = chain::settle_account(*s.my_energy_facts, tariff_);
    else my_energy_.reset();
}

void GroupModels::setBills(std::vector<models::BillFigures> bills) {
    bills_ = std::move(bills);
    emit changed();
}

std::optional<models::BillFigures> GroupModels::myBill(std::uint32_t month) const {
    const models::Snapshot& s = snapshot();
    if (!s.has_identity) return std::nullopt;
    for (const models::BillFigures& bill : bills_)
        if (bill.member == s.me && bill.month == month) return bill;
    return std::nullopt;
}

void GroupModels::keepBill(const models::BillFigures& bill) {
    std::erase_if(bills_, [&bill](const models::BillFigures& b) { return b.member == bill.member && b.month == bill.month; });
    bills_.insert(bills_.begin(), bill);
    if (bills_.size() > models::kBillsKeptMax) bills_.pop_back();
    emit billsChanged();
    emit changed();
}

void GroupModels::forgetBill(const chain::AccountId& member, std::uint32_t month) {
    if (std::erase_if(bills_, [&](const models::BillFigures& b) { return b.member == member && b.month == month; }) == 0) return;
    emit billsChanged();
    emit changed();
}

void GroupModels::retranslate() {
    members_.retranslate();
    plants_.retranslate();
    referendums_.retranslate();
    offers_.retranslate();
    events_.retranslate();
    emit changed();
}

} // namespace ui
