// Invitations a person can pass on: the rateio: link, the .rateio-invite
// file and the desktop's command-line argument, both ways, and every
// refusal with its typed problem. The pasted-text form (parse_invitation)
// is covered in test_genesis_fetch.cpp; here only what the link and the
// file add to it.

#include "node/invitation.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>

#include <limits>

using namespace chain;

namespace {

Hash256 sample_id() {
    Hash256 id{};
    for (std::size_t i = 0; i < id.size(); ++i) id[i] = static_cast<std::uint8_t>(0xA0 + i);
    return id;
}

QString hex(const Hash256& id) { return QString::fromStdString(codec::to_hex(id)); }

Invitation sample(const QString& name, const QStringList& peers) {
    Invitation invitation;
    invitation.group_id = sample_id();
    invitation.group_name = name;
    invitation.peers = peers;
    return invitation;
}

state::HeaderCheckpoint sample_checkpoint() {
    Hash256 hash{};
    for (std::size_t i = 0; i < hash.size(); ++i) hash[i] = static_cast<std::uint8_t>(0x10 + 3 * i);
    return state::HeaderCheckpoint{4321, hash};
}

bool write_bytes(const QString& path, const QByteArray& bytes) {
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

} // namespace

Q_DECLARE_METATYPE(chain::Invitation)

class TestInvitation : public QObject {
    Q_OBJECT

private slots:
    void round_trip_data() {
        QTest::addColumn<Invitation>("invitation");
        QTest::newRow("IPv4") << sample(QStringLiteral("Sol"), {QStringLiteral("192.168.0.10:26656")});
        QTest::newRow("IPv6") << sample(QStringLiteral("Sol"), {QStringLiteral("[2001:db8::1]:26656"), QStringLiteral("[::1]:47801")});
        QTest::newRow("IPv6 zone") << sample(QString(), {QStringLiteral("[fe80::1%eth0]:26656")});
        QTest::newRow("names") << sample(QString(), {QStringLiteral("casa-da-marta.local:26656"), QStringLiteral("sol.example.com.br:1")});
        QTest::newRow("accents and spaces") << sample(QStringLiteral("Condomínio Sol Nascente — Bloco B"), {QStringLiteral("10.0.0.2:26656")});
        QTest::newRow("& % = ? + # in the name")
            << sample(QStringLiteral("Sol & Lua 100% = ?+#/"), {QStringLiteral("10.0.0.2:26656"), QStringLiteral("10.0.0.3:26656")});
        QTest::newRow("no name") << sample(QString(), {QStringLiteral("10.0.0.2:26656")});
        QStringList many;
        for (int i = 1; i <= kInvitationPeersMax; ++i) many << QStringLiteral("[2001:db8::%1]:%2").arg(i).arg(26000 + i);
        QTest::newRow("the most peers") << sample(QString(kInvitationGroupNameLengthMax / 2, QChar(0xE1)), many);
        Invitation with_checkpoint = sample(QStringLiteral("Sol"), {QStringLiteral("10.0.0.2:26656")});
        with_checkpoint.checkpoint = sample_checkpoint();
        QTest::newRow("a checkpoint") << with_checkpoint;
        Invitation highest = sample(QString(), {QStringLiteral("h:1")});
        highest.checkpoint = state::HeaderCheckpoint{std::uint64_t(std::numeric_limits<std::int64_t>::max()), sample_id()};
        QTest::newRow("the highest checkpoint") << highest;
    }
    void round_trip() {
        QFETCH(Invitation, invitation);

        const QString uri = invitation.to_uri();
        QVERIFY(uri.startsWith(QStringLiteral("rateio:") + hex(invitation.group_id)));
        // A link is one word of printable ASCII, so it survives e-mail and chat.
        for (QChar c : uri) QVERIFY2(c.unicode() > 0x20 && c.unicode() < 0x7F, qPrintable(uri));
        QVERIFY(!uri.contains(QLatin1Char('[')) && !uri.contains(QLatin1Char(' ')));
        ParsedInvitation parsed = parse_invitation_uri(uri);
        QCOMPARE(parsed.problem, InvitationProblem::None);
        QCOMPARE(*parsed.invitation, invitation);
        // The desktop receives it as is on its command line.
        QCOMPARE(*parse_invitation_argument(uri).invitation, invitation);
        // And pasted into the assistant's peers box, or into the group box.
        QCOMPARE(*parse_invitation(QString(), uri).invitation, invitation);
        QCOMPARE(*parse_invitation(uri, QString()).invitation, invitation);

        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("Sol.rateio-invite"));
        QString error;
        QVERIFY2(write_invitation_file(path, invitation, &error), qPrintable(error));
        parsed = read_invitation_file(path);
        QCOMPARE(parsed.problem, InvitationProblem::None);
        QCOMPARE(*parsed.invitation, invitation);
        // The file's text pasted into the peers box is the invitation too.
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(*parse_invitation(QString(), QString::fromUtf8(file.readAll())).invitation, invitation);

        // to_text(): the id, then one address a line, then the checkpoint;
        // pasted whole it is the same invitation, but for the name.
        const QString text = invitation.to_text();
        QCOMPARE(text.split(QLatin1Char('\n')).first(), hex(invitation.group_id));
        parsed = parse_invitation(QString(), text);
        QCOMPARE(parsed.invitation->peers, invitation.peers);
        QCOMPARE(parsed.invitation->checkpoint, invitation.checkpoint);
    }

    void the_link_is_as_documented() {
        const Invitation invitation =
            sample(QStringLiteral("Condomínio Sol & Lua"), {QStringLiteral("192.168.0.10:26656"), QStringLiteral("[2001:db8::1]:26656")});
        QCOMPARE(invitation.to_uri(), QStringLiteral("rateio:") + hex(sample_id()) +
                                          QStringLiteral("?name=Condom%C3%ADnio%20Sol%20%26%20Lua"
                                                         "&peer=192.168.0.10:26656&peer=%5B2001:db8::1%5D:26656"));
        QCOMPARE(invitation.to_file_text(), QByteArray("Rateio invitation\ngroup=") + hex(sample_id()).toLatin1() +
                                                QByteArray("\nname=Condomínio Sol & Lua\npeer=192.168.0.10:26656\n"
                                                           "peer=[2001:db8::1]:26656\n"));
    }

    void the_checkpoint_is_as_documented() {
        Invitation invitation = sample(QStringLiteral("Sol"), {QStringLiteral("10.0.0.2:26656")});
        invitation.checkpoint = sample_checkpoint();
        const QString checkpoint = QStringLiteral("4321:") + hex(sample_checkpoint().block_hash);
        QCOMPARE(checkpoint_text(*invitation.checkpoint), checkpoint);
        QVERIFY(invitation.to_uri().endsWith(QStringLiteral("&checkpoint=") + checkpoint));
        QVERIFY(invitation.to_file_text().endsWith("\ncheckpoint=" + checkpoint.toLatin1() + "\n"));
        QVERIFY(invitation.to_text().endsWith(QStringLiteral("\ncheckpoint=") + checkpoint));
        // Read in either case of hex, with blanks around it.
        QCOMPARE(parse_checkpoint_text(QStringLiteral(" 4321:") + checkpoint.mid(5).toUpper() + QStringLiteral(" ")),
                 invitation.checkpoint);
        const QString hash = checkpoint.mid(5);
        for (const QString& bad : {QStringLiteral("0:") + hash, QStringLiteral("-1:") + hash, QStringLiteral("+1:") + hash,
                                   QStringLiteral("1:") + hash.left(63), QStringLiteral("1:") + hash + QStringLiteral("0"),
                                   QStringLiteral("1 ") + hash, QStringLiteral(":") + hash, QStringLiteral("1:"),
                                   QStringLiteral("9223372036854775808:") + hash, QStringLiteral("99999999999999999999:") + hash,
                                   QStringLiteral("1:") + QString(64, QLatin1Char('g'))})
            QVERIFY2(!parse_checkpoint_text(bad), qPrintable(bad));
        // An invitation without one reads as before, with none.
        QVERIFY(!parse_invitation_uri(sample(QString(), {QStringLiteral("h:1")}).to_uri()).invitation->checkpoint);
    }

    void links_written_by_hand_or_by_other_programs() {
        const QString id = hex(sample_id());
        // Upper-case scheme and id, rateio://, a trailing slash, raw brackets,
        // a raw UTF-8 name, unknown parameters and repeated peers.
        ParsedInvitation parsed = parse_invitation_uri(QStringLiteral("RATEIO://%1/?v=2&name=Condomínio&peer=[::1]:1&peer=[::1]:1&x")
                                                           .arg(id.toUpper()));
        QCOMPARE(parsed.problem, InvitationProblem::None);
        QVERIFY(parsed.invitation->group_id == sample_id());
        QCOMPARE(parsed.invitation->group_name, QStringLiteral("Condomínio"));
        QCOMPARE(parsed.invitation->peers, QStringList{QStringLiteral("[::1]:1")});
        // '+' is not a space in this link.
        parsed = parse_invitation_uri(QStringLiteral("rateio:%1?name=a+b&peer=h:1").arg(id));
        QCOMPARE(parsed.invitation->group_name, QStringLiteral("a+b"));
        // A file saved on Windows: a byte order mark, CRLF, comments and blank lines.
        const QByteArray windows = "\xEF\xBB\xBFRateio invitation\r\n# from Marta\r\n\r\ngroup=" + id.toLatin1() +
                                   "\r\nname=Sol\r\npeer=10.0.0.2:26656\r\nfuture=1\r\n";
        parsed = parse_invitation_file_text(windows);
        QCOMPARE(parsed.problem, InvitationProblem::None);
        QCOMPARE(parsed.invitation->group_name, QStringLiteral("Sol"));
        QCOMPARE(parsed.invitation->peers, QStringList{QStringLiteral("10.0.0.2:26656")});
    }

    void bad_links_are_refused_data() {
        QTest::addColumn<QString>("uri");
        QTest::addColumn<InvitationProblem>("problem");
        const QString id = hex(sample_id());
        QTest::newRow("another scheme") << QStringLiteral("bitcoin:%1?peer=h:1").arg(id) << InvitationProblem::NotALink;
        QTest::newRow("http") << QStringLiteral("https://example.com/%1").arg(id) << InvitationProblem::NotALink;
        QTest::newRow("no id") << QStringLiteral("rateio:?peer=h:1") << InvitationProblem::NoGroupId;
        QTest::newRow("short id") << QStringLiteral("rateio:abc?peer=h:1") << InvitationProblem::BadGroupId;
        QTest::newRow("id not hex") << QStringLiteral("rateio:%1?peer=h:1").arg(QString(64, QLatin1Char('g'))) << InvitationProblem::BadGroupId;
        QTest::newRow("no peer") << QStringLiteral("rateio:%1?name=Sol").arg(id) << InvitationProblem::NoPeers;
        QTest::newRow("peer without port") << QStringLiteral("rateio:%1?peer=host").arg(id) << InvitationProblem::BadPeer;
        QTest::newRow("port 0") << QStringLiteral("rateio:%1?peer=host:0").arg(id) << InvitationProblem::BadPeer;
        QTest::newRow("port too big") << QStringLiteral("rateio:%1?peer=host:65536").arg(id) << InvitationProblem::BadPeer;
        QTest::newRow("IPv6 without brackets") << QStringLiteral("rateio:%1?peer=2001:db8::1:26656").arg(id) << InvitationProblem::BadPeer;
        QTest::newRow("unclosed bracket") << QStringLiteral("rateio:%1?peer=[2001:db8::1:26656").arg(id) << InvitationProblem::BadPeer;
        QTest::newRow("IPv4 in brackets") << QStringLiteral("rateio:%1?peer=[10.0.0.1]:26656").arg(id) << InvitationProblem::BadPeer;
        QTest::newRow("IPv6 zone with a comma") << QStringLiteral("rateio:%1?peer=%5Bfe80::1%25a,b%5D:1").arg(id) << InvitationProblem::BadPeer;
        QTest::newRow("a path for a host") << QStringLiteral("rateio:%1?peer=a%2Fb:1").arg(id) << InvitationProblem::BadPeer;
        QTest::newRow("bad escape") << QStringLiteral("rateio:%1?peer=h:1%zz").arg(id) << InvitationProblem::BadPeer;
        QTest::newRow("name not UTF-8") << QStringLiteral("rateio:%1?name=%FF&peer=h:1").arg(id) << InvitationProblem::BadName;
        QTest::newRow("name with a line break") << QStringLiteral("rateio:") + id + QStringLiteral("?name=a%0Ab&peer=h:1") << InvitationProblem::BadName;
        QTest::newRow("name with a bidi override")
            << QStringLiteral("rateio:%1?name=a%E2%80%AEb&peer=h:1").arg(id) << InvitationProblem::BadName;
        QTest::newRow("two names") << QStringLiteral("rateio:%1?name=a&name=b&peer=h:1").arg(id) << InvitationProblem::BadName;
        QTest::newRow("name too long")
            << QStringLiteral("rateio:%1?name=%2&peer=h:1").arg(id, QString(kInvitationGroupNameLengthMax + 1, QLatin1Char('a')))
            << InvitationProblem::BadName;
        QString many = QStringLiteral("rateio:%1?").arg(id);
        for (int i = 1; i <= kInvitationPeersMax + 1; ++i) many += QStringLiteral("peer=h:%1&").arg(i);
        QTest::newRow("too many peers") << many << InvitationProblem::TooManyPeers;
        QTest::newRow("too long") << QStringLiteral("rateio:%1?x=%2&peer=h:1").arg(id, QString(kInvitationUriLengthMax, QLatin1Char('a')))
                                  << InvitationProblem::TooLong;
        QTest::newRow("checkpoint at the genesis") << QStringLiteral("rateio:%1?peer=h:1&checkpoint=0:%1").arg(id)
                                                   << InvitationProblem::BadCheckpoint;
        QTest::newRow("checkpoint without a hash") << QStringLiteral("rateio:%1?peer=h:1&checkpoint=12").arg(id)
                                                   << InvitationProblem::BadCheckpoint;
        QTest::newRow("two checkpoints") << QStringLiteral("rateio:%1?peer=h:1&checkpoint=1:%1&checkpoint=2:%1").arg(id)
                                         << InvitationProblem::BadCheckpoint;
    }
    void bad_links_are_refused() {
        QFETCH(QString, uri);
        QFETCH(InvitationProblem, problem);
        const ParsedInvitation parsed = parse_invitation_uri(uri);
        QCOMPARE(parsed.problem, problem);
        QVERIFY(!parsed.invitation);
    }

    void bad_files_are_refused_data() {
        QTest::addColumn<QByteArray>("contents");
        QTest::addColumn<InvitationProblem>("problem");
        const QByteArray group = "group=" + hex(sample_id()).toLatin1() + "\n";
        QTest::newRow("wrong magic") << QByteArray("Rateio invitatio\n" + group + "peer=h:1\n") << InvitationProblem::NotAnInvitation;
        QTest::newRow("a text file") << QByteArray("Dear Marta,\nhere is the list.\n") << InvitationProblem::NotAnInvitation;
        QTest::newRow("binary") << QByteArray("\x89PNG\r\n\x1a\n\0\0\0", 11) << InvitationProblem::NotAnInvitation;
        QTest::newRow("empty") << QByteArray() << InvitationProblem::NotAnInvitation;
        QTest::newRow("a line without =") << QByteArray("Rateio invitation\n" + group + "peer h:1\n") << InvitationProblem::NotAnInvitation;
        QTest::newRow("no group") << QByteArray("Rateio invitation\npeer=h:1\n") << InvitationProblem::NoGroupId;
        QTest::newRow("bad group") << QByteArray("Rateio invitation\ngroup=abc\npeer=h:1\n") << InvitationProblem::BadGroupId;
        QTest::newRow("two groups") << QByteArray("Rateio invitation\n" + group + "group=" + QByteArray(64, 'b') + "\npeer=h:1\n")
                                    << InvitationProblem::ConflictingGroupIds;
        QTest::newRow("no peer") << QByteArray("Rateio invitation\n" + group) << InvitationProblem::NoPeers;
        QTest::newRow("bad peer") << QByteArray("Rateio invitation\n" + group + "peer=nowhere\n") << InvitationProblem::BadPeer;
        QTest::newRow("bad name") << QByteArray("Rateio invitation\n" + group + "name=a\tb\npeer=h:1\n") << InvitationProblem::BadName;
        QByteArray many = "Rateio invitation\n" + group;
        for (int i = 1; i <= kInvitationPeersMax + 1; ++i) many += "peer=h:" + QByteArray::number(i) + "\n";
        QTest::newRow("too many peers") << many << InvitationProblem::TooManyPeers;
        QTest::newRow("bad checkpoint") << QByteArray("Rateio invitation\n" + group + "peer=h:1\ncheckpoint=12:xyz\n")
                                        << InvitationProblem::BadCheckpoint;
        QTest::newRow("two checkpoints") << QByteArray("Rateio invitation\n" + group + "peer=h:1\ncheckpoint=1:" +
                                                       QByteArray(64, 'a') + "\ncheckpoint=1:" + QByteArray(64, 'a') + "\n")
                                         << InvitationProblem::BadCheckpoint;
        QTest::newRow("oversized") << QByteArray("Rateio invitation\n" + group + "peer=h:1\n# " +
                                                 QByteArray(kInvitationFileSizeMax_bytes, 'x') + "\n")
                                   << InvitationProblem::TooLong;
    }
    void bad_files_are_refused() {
        QFETCH(QByteArray, contents);
        QFETCH(InvitationProblem, problem);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("x.rateio-invite"));
        QVERIFY(write_bytes(path, contents));
        const ParsedInvitation parsed = read_invitation_file(path);
        QCOMPARE(parsed.problem, problem);
        QVERIFY(!parsed.invitation);
        // A problem of the file as a whole names the file.
        if (problem == InvitationProblem::NotAnInvitation || problem == InvitationProblem::TooLong) QCOMPARE(parsed.offending, path);
    }

    void missing_and_unreadable_files() {
        QTemporaryDir dir;
        QCOMPARE(read_invitation_file(dir.filePath(QStringLiteral("absent.rateio-invite"))).problem, InvitationProblem::Unreadable);
        QCOMPARE(read_invitation_file(dir.path()).problem, InvitationProblem::Unreadable);
        QCOMPARE(parse_invitation_argument(QString()).problem, InvitationProblem::Unreadable);
        QCOMPARE(parse_invitation_argument(QStringLiteral("file://elsewhere.example/x.rateio-invite")).problem,
                 InvitationProblem::Unreadable);
        QString error;
        QVERIFY(!write_invitation_file(dir.filePath(QStringLiteral("no/such/folder/x.rateio-invite")), sample(QString(), {"h:1"}), &error));
        QVERIFY(!error.isEmpty());
    }

    void the_three_forms_of_the_argument() {
        const Invitation invitation = sample(QStringLiteral("Condomínio Sol"), {QStringLiteral("[2001:db8::1]:26656")});
        QTemporaryDir dir;
        // A folder and file name with a space and an accent, as a file manager hands them on.
        QVERIFY(QDir(dir.path()).mkdir(QStringLiteral("Convites do condomínio")));
        const QString path = dir.filePath(QStringLiteral("Convites do condomínio/Sol nascente.rateio-invite"));
        QString error;
        QVERIFY2(write_invitation_file(path, invitation, &error), qPrintable(error));

        QCOMPARE(*parse_invitation_argument(invitation.to_uri()).invitation, invitation);
        QCOMPARE(*parse_invitation_argument(path).invitation, invitation);
        const QString file_url = QUrl::fromLocalFile(path).toString(QUrl::FullyEncoded);
        QVERIFY(file_url.startsWith(QStringLiteral("file:///")));
        QVERIFY(file_url.contains(QStringLiteral("%20")));
        QCOMPARE(*parse_invitation_argument(file_url).invitation, invitation);
        // Another program's link is not taken for a missing file.
        QCOMPARE(parse_invitation_argument(QStringLiteral("bitcoin:1BoatSLRHtKNngkdXEeobR76b53LETtpyT")).problem, InvitationProblem::NotALink);
        QCOMPARE(parse_invitation_argument(QStringLiteral("https://example.com/x.rateio-invite")).problem, InvitationProblem::NotALink);
        // A stray file given to the app is refused as such.
        const QString stray = dir.filePath(QStringLiteral("notes.txt"));
        QVERIFY(write_bytes(stray, "shopping list\n"));
        QCOMPARE(parse_invitation_argument(stray).problem, InvitationProblem::NotAnInvitation);
    }

    void pasted_links_and_the_group_box() {
        const Invitation invitation = sample(QStringLiteral("Sol"), {QStringLiteral("10.0.0.2:26656")});
        // The group box may hold the same id, in any case; another id is a conflict.
        QCOMPARE(parse_invitation(hex(sample_id()).toUpper(), invitation.to_uri()).problem, InvitationProblem::None);
        ParsedInvitation parsed = parse_invitation(QString(64, QLatin1Char('b')), invitation.to_uri());
        QCOMPARE(parsed.problem, InvitationProblem::ConflictingGroupIds);
        QCOMPARE(parse_invitation(QStringLiteral("abc"), invitation.to_uri()).problem, InvitationProblem::BadGroupId);
        // A bad link pasted says what is wrong with it.
        QCOMPARE(parse_invitation(QString(), QStringLiteral("rateio:%1").arg(hex(sample_id()))).problem, InvitationProblem::NoPeers);
        // Pasted text over the limit is refused before it is split.
        QCOMPARE(parse_invitation(QString(), QString(kInvitationTextLengthMax + 1, QLatin1Char(' '))).problem, InvitationProblem::TooLong);
        // Addresses the pasted-text form accepts as before, IPv6 included.
        parsed = parse_invitation(hex(sample_id()), QStringLiteral("[2001:db8::1]:26656, h:1; casa.local:26656"));
        QCOMPARE(parsed.problem, InvitationProblem::None);
        QCOMPARE(parsed.invitation->peers.size(), 3);
        QCOMPARE(parse_invitation(hex(sample_id()), QStringLiteral("[2001:db8::1:26656")).problem, InvitationProblem::BadPeer);
    }
};

QTEST_GUILESS_MAIN(TestInvitation)
#include "test_invitation.moc"
