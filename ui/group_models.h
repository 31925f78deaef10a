#pragma once
// Every model a screen needs, fed from one NodeClient's snapshots, so that all
// screens show the same height.

#include "models/bill_check.h"
#include "models/energy.h"
#include "models/event_model.h"
#include "models/member_model.h"
#include "models/node_client.h"
#include "models/offer_model.h"
#include "models/plant_model.h"
#include "models/referendum_model.h"
#include "models/summary_model.h"

#include <QObject>

namespace ui {

class GroupModels : public QObject {
    Q_OBJECT
public:
    explicit GroupModels(models::NodeClient* client, QObject* parent = nullptr);

    models::NodeClient* client() const { return client_; }
    models::SummaryModel* summary() { return &summary_; }
    models::MemberModel* members() { return &members_; }
    models::PlantModel* plants() { return &plants_; }
    models::ReferendumModel* referendums() { return &referendums_; }
    models::OfferModel* offers() { return &offers_; }
    models::EventModel* events() { return &events_; }
    const models::Snapshot& snapshot() const { return summary_.snapshot(); }
    QString tokenSymbol() const { return summary_.tokenSymbol(); }

    // Headers and cell texts in the new language.
    void retranslate();

    // The member's tariff (the desktop's settings): the bill and the account depend on it.
    const models::TariffSettings& tariff() const { return tariff_; }
    // My compensation account, the snapshot's facts settled at my tariff;
    // none when I am not a member.
    const std::optional<chain::EnergyAccount>& myEnergy() const { return my_energy_; }

    // The bills members checked on this computer (their own data, kept in
    // the desktop's settings), and mine among them by month.
    const std::vector<models::BillFigures>& bills() const { return bills_; }
    void setBills(std::vector<models::BillFigures> bills);
    std::optional<models::BillFigures> myBill(std::uint32_t month) const;
    // Keeps a checked bill, replacing the one of its member and month.
    void keepBill(const models::BillFigures& bill);
    void forgetBill(const chain::AccountId& member, std::uint32_t month);
    void setTariff(const models::TariffSettings& tariff);

signals:
    // The tariff changed (to be saved in the settings).
    void tariffChanged();
    // A bill was kept or forgotten (to be saved in the settings).
    void billsChanged();
    // After every model took the new snapshot.
    void changed();

private:
    void apply();
    void settleMyEnergy();

    models::NodeClient* client_;
    models::SummaryModel summary_;
    models::MemberModel members_;
    models::PlantModel plants_;
    models::ReferendumModel referendums_;
    models::OfferModel offers_;
    models::EventModel events_;
    models::TariffSettings tariff_;
    std::optional<chain::EnergyAccount> my_energy_;
    std::vector<models::BillFigures> bills_;
};

} // namespace ui
