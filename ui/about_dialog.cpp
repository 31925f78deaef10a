#include "ui/about_dialog.h"

#include "build_info.h"

#include <QApplication>
#include <QClipboard>
#include <QDialogButtonBox>
#include <QEvent>
#include <QIcon>
#include <QLabel>
#include <QPushButton>
#include <QSysInfo>
#include <QVBoxLayout>

namespace ui {

namespace {

constexpr int kIconSize_px = 64;
constexpr const char* kLicenseUrl = "https://www.gnu.org/licenses/gpl-3.0.html";

QString link(const QString& url, const QString& text) {
    return QStringLiteral("<a href=\"%1\">%2</a>").arg(url.toHtmlEscaped(), text.toHtmlEscaped());
}

QLabel* makeLabel(QWidget* parent, const char* object_name) {
    auto* label = new QLabel(parent);
    label->setObjectName(QLatin1String(object_name));
    label->setWordWrap(true);
    return label;
}

} // namespace

AboutDialog::AboutDialog(QWidget* parent) : QDialog(parent) {
    setObjectName(QStringLiteral("aboutDialog"));
    auto* layout = new QVBoxLayout(this);
    auto* icon = new QLabel(this);
    icon->setPixmap(QIcon(QStringLiteral(":/icons/rateio.svg")).pixmap(kIconSize_px, kIconSize_px));
    icon->setAlignment(Qt::AlignHCenter);
    layout->addWidget(icon);

    title_ = makeLabel(this, "aboutTitle");
    title_->setAlignment(Qt::AlignHCenter);
    QFont big = title_->font();
    big.setPointSizeF(big.pointSizeF() * 1.5);
    big.setBold(true);
    title_->setFont(big);
    layout->addWidget(title_);
    summary_ = makeLabel(this, "aboutSummary");
    summary_->setAlignment(Qt::AlignHCenter);
    layout->addWidget(summary_);
    license_ = makeLabel(this, "aboutLicense");
    license_->setOpenExternalLinks(true);
    layout->addWidget(license_);
    build_title_ = makeLabel(this, "aboutBuildTitle");
    QFont bold = build_title_->font();
    bold.setBold(true);
    build_title_->setFont(bold);
    layout->addWidget(build_title_);
    build_ = makeLabel(this, "aboutBuild");
    build_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(build_);
    links_ = makeLabel(this, "aboutLinks");
    links_->setOpenExternalLinks(true);
    layout->addWidget(links_);

    buttons_ = new QDialogButtonBox(QDialogButtonBox::Close, this);
    copy_ = buttons_->addButton(QString(), QDialogButtonBox::ActionRole);
    copy_->setObjectName(QStringLiteral("aboutCopy"));
    // A bug report needs exactly these lines.
    connect(copy_, &QAbstractButton::clicked, this, [] { QApplication::clipboard()->setText(buildInfoText()); });
    connect(buttons_, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons_);
    setMinimumWidth(480);
    retranslateUi();
}

QString AboutDialog::buildInfoText() {
    const QStringList lines = {
        tr("Version: %1").arg(QLatin1String(build_info::kVersion)),
        tr("Commit: %1").arg(QLatin1String(build_info::kCommit)),
        tr("Build: %1, %2").arg(QLatin1String(build_info::kCompiler), QLatin1String(build_info::kBuildType)),
        tr("Qt: built with %1, running on %2").arg(QLatin1String(QT_VERSION_STR), QLatin1String(qVersion())),
        tr("System: %1 (%2)").arg(QSysInfo::prettyProductName(), QSysInfo::currentCpuArchitecture()),
    };
    return lines.join(QLatin1Char('\n'));
}

void AboutDialog::retranslateUi() {
    setWindowTitle(tr("About Rateio"));
    title_->setText(tr("Rateio %1").arg(QLatin1String(build_info::kVersion)));
    summary_->setText(tr("The shared solar group on your desktop: votes, crowdfunding, quotas and trades, recorded "
                         "by the group itself."));
    license_->setText(tr("Rateio is free software: you can redistribute it and modify it under the terms of the %1, "
                         "version 3 or (at your option) any later version. It comes with no warranty.")
                          .arg(link(QLatin1String(kLicenseUrl), tr("GNU General Public License"))));
    build_title_->setText(tr("This build"));
    build_->setText(buildInfoText());
    const QString homepage = QLatin1String(build_info::kHomepageUrl);
    links_->setText(QStringLiteral("%1 · %2")
                        .arg(link(homepage, tr("Home page")), link(homepage + QStringLiteral("/issues"), tr("Report a problem"))));
    copy_->setText(tr("&Copy build details"));
}

void AboutDialog::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslateUi();
    QDialog::changeEvent(event);
}

AboutButton::AboutButton(QWidget* parent) : QToolButton(parent) {
    setObjectName(QStringLiteral("aboutButton"));
    setAutoRaise(true);
    connect(this, &QToolButton::clicked, this, [this] {
        AboutDialog dialog(window());
        dialog.exec();
    });
    retranslateUi();
}

void AboutButton::retranslateUi() {
    setText(tr("About &Rateio"));
    setToolTip(tr("Version, license and build details"));
}

void AboutButton::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslateUi();
    QToolButton::changeEvent(event);
}

} // namespace ui
