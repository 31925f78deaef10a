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

void GroupModels::retranslate() {
    members_.retranslate();
    plants_.retranslate();
    referendums_.retranslate();
    offers_.retranslate();
    events_.retranslate();
    emit changed();
}

} // namespace ui
