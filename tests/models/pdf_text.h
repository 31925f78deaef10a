#pragma once
// The text of a PDF the app wrote, as a reader's tool extracts it
// (pdftotext from poppler-utils), so that tests check what people read.

#include <QDebug>
#include <QProcess>
#include <QString>

namespace test_pdf {

inline QString pdfText(const QString& path) {
    QProcess pdftotext;
    pdftotext.start(QStringLiteral("pdftotext"), {QStringLiteral("-layout"), path, QStringLiteral("-")});
    if (!pdftotext.waitForFinished(30000) || pdftotext.exitCode() != 0) {
        qWarning() << "pdftotext failed:" << pdftotext.readAllStandardError();
        return {};
    }
    // Proportional text may come back with typographic ligatures ("ﬁ").
    return QString::fromUtf8(pdftotext.readAllStandardOutput())
        .replace(QChar(0xfb01), QStringLiteral("fi"))
        .replace(QChar(0xfb02), QStringLiteral("fl"));
}

} // namespace test_pdf
