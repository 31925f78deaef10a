// Keeps the error table in docs/ERRORS.md in step with the code, and every
// error's identity stable and unique.
#include "rules/errors.h"

#include <QFile>
#include <QSet>
#include <QtTest>

using namespace chain;

class TestErrors : public QObject {
    Q_OBJECT
private slots:
    void codes_and_names_are_unique() {
        QSet<int> codes;
        QSet<QString> names;
        for (const ErrorInfo& info : all_errors()) {
            QVERIFY2(!codes.contains(int(info.code)), info.name);
            QVERIFY2(!names.contains(QString::fromLatin1(info.name)), info.name);
            codes.insert(int(info.code));
            names.insert(QString::fromLatin1(info.name));
            QVERIFY(QByteArray(info.description).size() > 10);
        }
        QVERIFY(codes.size() >= 50);
    }

    void every_code_is_documented() {
        QFile doc(QStringLiteral(RATEIO_ERRORS_DOC));
        QVERIFY2(doc.open(QIODevice::ReadOnly), "docs/ERRORS.md is missing");
        const QString text = QString::fromUtf8(doc.readAll());
        for (const ErrorInfo& info : all_errors()) {
            const QString row = QStringLiteral("| %1 | `%2` |").arg(int(info.code)).arg(QString::fromLatin1(info.name));
            QVERIFY2(text.contains(row), qPrintable(QStringLiteral("docs/ERRORS.md lacks the row: ") + row));
        }
    }

    void lookups() {
        QCOMPARE(QByteArray(error_name(ErrorCode::BadNonce)), QByteArray("bad_nonce"));
        QCOMPARE(QByteArray(error_name(ErrorCode::None)), QByteArray("none"));
        QCOMPARE(QByteArray(error_name(static_cast<ErrorCode>(9999))), QByteArray("unknown"));
        QVERIFY(QByteArray(error_description(ErrorCode::InsufficientQuota)).contains("quota"));
    }
};

QTEST_APPLESS_MAIN(TestErrors)
#include "test_errors.moc"
