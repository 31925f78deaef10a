#include "ui/language.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

namespace ui {

namespace {

QTranslator* appTranslator() {
    static QTranslator* translator = new QTranslator(QCoreApplication::instance());
    return translator;
}

QTranslator* qtTranslator() {
    static QTranslator* translator = new QTranslator(QCoreApplication::instance());
    return translator;
}

QString& current() {
    static QString code = QStringLiteral("en");
    return code;
}

} // namespace

QStringList availableLanguages() { return {QStringLiteral("pt_BR"), QStringLiteral("en")}; }

QString languageName(const QString& code) {
    return code == QLatin1String("pt_BR") ? QStringLiteral("Português (Brasil)") : QStringLiteral("English");
}

QString systemLanguage() {
    return QLocale::system().language() == QLocale::Portuguese ? QStringLiteral("pt_BR") : QStringLiteral("en");
}

QString currentLanguage() { return current(); }

void applyLanguage(const QString& code) {
    const bool portuguese = code == QLatin1String("pt_BR");
    current() = portuguese ? QStringLiteral("pt_BR") : QStringLiteral("en");
    QCoreApplication::removeTranslator(appTranslator());
    QCoreApplication::removeTranslator(qtTranslator());
    if (portuguese) {
        QLocale::setDefault(QLocale(QLocale::Portuguese, QLocale::Brazil));
        if (appTranslator()->load(QStringLiteral(":/i18n/rateio_pt_BR.qm"))) QCoreApplication::installTranslator(appTranslator());
        // Qt's own strings (wizard buttons, standard dialogs).
        if (qtTranslator()->load(QStringLiteral("qtbase_pt_BR"), QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
            QCoreApplication::installTranslator(qtTranslator());
    } else {
        QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
        // English source strings need a catalogue only for their plural forms.
        if (appTranslator()->load(QStringLiteral(":/i18n/rateio_en.qm"))) QCoreApplication::installTranslator(appTranslator());
        // Installing sends LanguageChange; post one anyway in case loading failed,
        // so open screens always retranslate.
        else QCoreApplication::postEvent(QCoreApplication::instance(), new QEvent(QEvent::LanguageChange));
    }
}

} // namespace ui
