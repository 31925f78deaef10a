#pragma once
// The form to propose a plant: every field checked before anything is sent,
// and the node's answer shown at the field it concerns.

#include "ui/group_models.h"

#include <QDialog>

class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace ui {

class ProposePlantDialog : public QDialog {
    Q_OBJECT
public:
    explicit ProposePlantDialog(GroupModels* models, QWidget* parent = nullptr);

private:
    void submit();
    // Asks before sending: true only on an explicit Yes.
    bool confirmProposal(const chain::ProposePlant& plant);
    // Shows `text` under `field`; false so callers can `return fail(...)`.
    bool fail(QLabel* field_error, const QString& text);

    GroupModels* models_;
    QLineEdit* name_;
    QComboBox* source_;
    QLineEdit* capacity_;
    QLineEdit* cost_;
    QLineEdit* utility_;
    QLineEdit* location_;
    QSpinBox* time_to_market_days_;
    QLabel *name_error_, *capacity_error_, *cost_error_, *utility_error_, *location_error_, *ttm_error_, *message_;
    QDialogButtonBox* buttons_;
};

} // namespace ui
