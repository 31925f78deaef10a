#pragma once
// The two languages of the application, switched at run time: installing a
// new translator makes every widget receive QEvent::LanguageChange.

#include <QString>
#include <QStringList>

namespace ui {

// "pt_BR" or "en".
QStringList availableLanguages();
QString languageName(const QString& code); // in its own language: "Português (Brasil)"
// pt_BR when the system locale is Portuguese, English otherwise.
QString systemLanguage();
// Installs the translators and sets the default QLocale for numbers and dates.
void applyLanguage(const QString& code);
QString currentLanguage();

} // namespace ui
