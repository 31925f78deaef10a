#pragma once
// HTML building blocks of the documents members export as PDF (the monthly
// statement, the lista de rateio, the letter to the ombudsman): one look for all.

#include "rules/state.h"

#include <QString>
#include <QStringList>

#include <string>

namespace models::report_html {

QString esc(const QString& text);
QString esc(const std::string& text);
QString tableRow(const QStringList& cells, bool header = false);
// Addresses in a monospaced face (no "fi" ligature, every character distinct
// when read or copied), small and on one line: an address split in two is misread.
QString addressHtml(const chain::AccountId& account);
QString tableStart();
// A row of a two-column table: what, and its value aligned right.
QString valueRow(const QString& what, const QString& value);
// <html>, the style sheet and <body>, with the document's title.
QString documentHead(const QString& title);

} // namespace models::report_html
