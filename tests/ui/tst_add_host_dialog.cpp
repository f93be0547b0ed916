// The Add Host dialog: inline validation with hostNameProblem()/hostDestinationProblem() and
// duplicate names (OK disabled until all is well), OK adding the host to a real Console's fleet
// and saving the workspace; and the ~/.ssh/config aliases it offers (Host lines without
// patterns, Include followed), table-driven.
#include "private_settings.h"
#include "services/console.h"
#include "services/fleet.h"
#include "services/host_types.h"
#include "services/openssh_aliases.h"
#include "views/add_host_dialog.h"

#include <QDir>
#include <QLabel>
#include <QPushButton>
#include <QTemporaryDir>
#include <QtTest>
#include <memory>

using namespace vigil::ui;

class TestAddHostDialog : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void validation_data();
    void validation();
    void okAddsAndSaves();
    void aliases_data();
    void aliases();
    void aliasesFollowInclude();

private:
    std::unique_ptr<QTemporaryDir> dir_;
    std::unique_ptr<Console> console_;
    QString workspace_;
};

void TestAddHostDialog::init() {
    dir_ = std::make_unique<QTemporaryDir>();
    qputenv("OVS_RUNDIR", dir_->path().toLocal8Bit());
    vigil::test::use_private_settings(dir_->filePath(QStringLiteral("config")));
    qputenv("XDG_DATA_HOME", dir_->filePath(QStringLiteral("data")).toLocal8Bit());
    qputenv("HOME", dir_->filePath(QStringLiteral("home")).toLocal8Bit());
    QVERIFY(QDir().mkpath(dir_->filePath(QStringLiteral("home/.ssh"))));
    workspace_ = dir_->filePath(QStringLiteral("workspace.json"));
    QFile f(workspace_);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(R"({"version": 1, "daemons": [], "targets": [], "sessions": [],
        "hosts": [{"name": "existing", "destination": "root@127.0.0.1"}],
        "ssh": {"arguments": ["-o", "ConnectTimeout=1"]}})");
    f.close();
    console_ = std::make_unique<Console>();
    QString error;
    QVERIFY2(console_->load(workspace_, &error), qPrintable(error));
}

void TestAddHostDialog::cleanup() {
    console_.reset();
    dir_.reset();
}

void TestAddHostDialog::validation_data() {
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("destination");
    QTest::addColumn<bool>("nameBad");
    QTest::addColumn<bool>("destinationBad");
    QTest::newRow("valid") << "compute-1"
                           << "admin@compute-1" << false << false;
    QTest::newRow("empty name") << ""
                                << "compute-1" << true << false;
    QTest::newRow("slash in name") << "a/b"
                                   << "compute-1" << true << false;
    QTest::newRow("space in name") << "a b"
                                   << "compute-1" << true << false;
    QTest::newRow("name starts with dash") << "-x"
                                           << "compute-1" << true << false;
    QTest::newRow("duplicate name") << "existing"
                                    << "compute-1" << true << false;
    QTest::newRow("empty destination") << "c1"
                                       << "" << false << true;
    QTest::newRow("option as destination") << "c1"
                                           << "-oProxyCommand=sh" << false << true;
    QTest::newRow("space in destination") << "c1"
                                          << "a b" << false << true;
}

void TestAddHostDialog::validation() {
    QFETCH(QString, name);
    QFETCH(QString, destination);
    QFETCH(bool, nameBad);
    QFETCH(bool, destinationBad);
    AddHostDialog dialog(console_.get());
    dialog.setDestination(destination);
    dialog.setHostName(name);
    QCOMPARE(!dialog.nameProblem().isEmpty(), nameBad);
    QCOMPARE(!dialog.destinationProblem().isEmpty(), destinationBad);
    if (!name.isEmpty() && nameBad) {
        QCOMPARE(dialog.nameProblem(),
                 name == QLatin1String("existing") ? dialog.nameProblem() : hostNameProblem(name));
    }
    QCOMPARE(dialog.okButton()->isEnabled(), !nameBad && !destinationBad);
    // The problem is shown under its field (an empty field is only not accepted).
    auto* nameLabel = dialog.findChild<QLabel*>(QStringLiteral("hostNameProblem"));
    auto* destinationLabel = dialog.findChild<QLabel*>(QStringLiteral("hostDestinationProblem"));
    QVERIFY(nameLabel && destinationLabel);
    QCOMPARE(!nameLabel->isHidden(), nameBad && !name.isEmpty());
    QCOMPARE(!destinationLabel->isHidden(), destinationBad && !destination.isEmpty());
    if (!destinationLabel->isHidden()) {
        QCOMPARE(destinationLabel->text(), hostDestinationProblem(destination));
    }
    // accept() with a problem leaves the fleet as it was.
    dialog.accept();
    if (nameBad || destinationBad) {
        QCOMPARE(console_->fleet()->hosts().size(), 1);
    }
}

void TestAddHostDialog::okAddsAndSaves() {
    AddHostDialog dialog(console_.get());
    QSignalSpy accepted(&dialog, &QDialog::accepted);
    // The name follows the destination's host part until typed.
    dialog.setDestination(QStringLiteral("admin@web-3"));
    QCOMPARE(dialog.hostName(), QStringLiteral("web-3"));
    dialog.setRunDirectories({QStringLiteral("/var/snap/microovn/common/run/switch"), " "});
    QVERIFY(dialog.okButton()->isEnabled());
    dialog.okButton()->click();
    QCOMPARE(accepted.size(), 1);
    const auto host = console_->fleet()->host(QStringLiteral("web-3"));
    QVERIFY(host);
    QCOMPARE(host->definition.destination, QStringLiteral("admin@web-3"));
    QCOMPARE(host->definition.runDirectories,
             QStringList{QStringLiteral("/var/snap/microovn/common/run/switch")});
    QFile f(workspace_);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray saved = f.readAll();
    QVERIFY2(saved.contains("\"web-3\"") && saved.contains("admin@web-3"), saved.constData());
    // The same name again is refused inline.
    AddHostDialog again(console_.get());
    again.setDestination(QStringLiteral("web-3"));
    QVERIFY(!again.nameProblem().isEmpty());
    QVERIFY(!again.okButton()->isEnabled());
}

void TestAddHostDialog::aliases_data() {
    QTest::addColumn<QString>("config");
    QTest::addColumn<QStringList>("expected");
    QTest::addColumn<QStringList>("includes");
    QTest::newRow("empty") << QString() << QStringList{} << QStringList{};
    QTest::newRow("plain hosts") << "Host a\n  HostName 10.0.0.1\nHost b c\n"
                                 << QStringList{"a", "b", "c"} << QStringList{};
    QTest::newRow("patterns left out")
        << "Host *\n  User x\nHost web-? db-1 !bad\nHost *.lab lab1\n"
        << QStringList{"db-1", "lab1"} << QStringList{};
    QTest::newRow("keyword case, '=' and quotes")
        << "host=one\nHOST \"two\"\n\tHost   three # trailing comment\n"
        << QStringList{"one", "two", "three"} << QStringList{};
    QTest::newRow("comments and duplicates") << "# Host hidden\nHost a\nHost a b\n"
                                             << QStringList{"a", "b"} << QStringList{};
    QTest::newRow("include recorded")
        << "Include config.d/*\nInclude ~/x /abs/y\nHost a\n"
        << QStringList{"a"} << QStringList{"config.d/*", "~/x", "/abs/y"};
    QTest::newRow("match blocks do not name hosts") << "Match host foo\n  User x\nHost real\n"
                                                    << QStringList{"real"} << QStringList{};
}

void TestAddHostDialog::aliases() {
    QFETCH(QString, config);
    QFETCH(QStringList, expected);
    QFETCH(QStringList, includes);
    QStringList found;
    QCOMPARE(parseOpenSshHostAliases(config, &found), expected);
    QCOMPARE(found, includes);
}

void TestAddHostDialog::aliasesFollowInclude() {
    const QString ssh = dir_->filePath(QStringLiteral("home/.ssh"));
    QVERIFY(QDir().mkpath(ssh + QStringLiteral("/config.d")));
    auto write = [](const QString& path, const QByteArray& text) {
        QFile f(path);
        return f.open(QIODevice::WriteOnly) && f.write(text) == text.size();
    };
    QVERIFY(write(ssh + "/config", "Include config.d/*.conf\nHost top\nHost *\n"));
    QVERIFY(write(ssh + "/config.d/b.conf", "Host b1 top\n"));
    QVERIFY(write(ssh + "/config.d/a.conf", "Host a1\n"));
    QVERIFY(write(ssh + "/config.d/skip.txt", "Host skipped\n"));
    QCOMPARE(openSshHostAliases(), (QStringList{"top", "a1", "b1"}));
    AddHostDialog dialog(console_.get());
    QCOMPARE(dialog.aliases(), (QStringList{"top", "a1", "b1"}));
    QCOMPARE(dialog.destination(), QString()); // offered, not chosen
}

QTEST_MAIN(TestAddHostDialog)
#include "tst_add_host_dialog.moc"
