#include "models/report_html.h"

#include "crypto/crypto.h"

namespace models::report_html {

QString esc(const QString& text) { return text.toHtmlEscaped(); }
QString esc(const std::string& text) { return QString::fromStdString(text).toHtmlEscaped(); }

QString tableRow(const QStringList& cells, bool header) {
    const QString tag = header ? QStringLiteral("th") : QStringLiteral("td");
    QString row = QStringLiteral("<tr>");
    for (const QString& cell : cells) row += QStringLiteral("<%1>%2</%1>").arg(tag, cell);
    return row + QStringLiteral("</tr>");
}

QString addressHtml(const chain::AccountId& account) {
    return QStringLiteral("<span style=\"font-family: 'DejaVu Sans Mono', monospace; font-size: 8pt; white-space: nowrap;\">%1</span>")
        .arg(QString::fromStdString(chain::crypto::address(account)));
}

QString valueRow(const QString& what, const QString& value) {
    return QStringLiteral("<tr><td>%1</td><td class=\"n\">%2</td></tr>").arg(what, value);
}

QString tableStart() { return QStringLiteral("<table width=\"100%\" cellspacing=\"0\" cellpadding=\"4\">"); }

QString documentHead(const QString& title) {
    return QStringLiteral("<html><head><meta charset=\"utf-8\"><title>%1</title><style>"
                          "body { font-family: 'DejaVu Sans', sans-serif; font-size: 10pt; }"
                          "h1 { font-size: 16pt; color: #2e7d32; } h2 { font-size: 12pt; margin-top: 14px; }"
                          "table { border-collapse: collapse; } th { background: #e8f5e9; text-align: left; }"
                          "td, th { border: 1px solid #9e9e9e; padding: 4px 8px; } td.n { text-align: right; }"
                          ".note { color: #555555; font-size: 8pt; }"
                          "</style></head><body>")
        .arg(esc(title));
}

} // namespace models::report_html
