// The shipped translations: translations/vigil_zh_CN.ts is complete for the current sources
// (lupdate finds no text it lacks, and no message is unfinished or loses a placeholder), and a
// window started in Chinese, by the stored choice or by the desktop's LANG, shows Vigil's and
// Qt's own texts in Chinese, while English chosen keeps it English under a Chinese desktop.
// The language is read once at start, so each window runs in a child process of this test
// (VIGIL_TRANSLATION_CHILD) started with the environment under test.
#include "services/console.h"
#include "views/language.h"
#include "views/main_window.h"

#include <QApplication>
#include <QDialogButtonBox>
#include <QFile>
#include <QMenuBar>
#include <QProcess>
#include <QPushButton>
#include <QRegularExpression>
#include <QSet>
#include <QSettings>
#include <QTemporaryDir>
#include <QXmlStreamReader>
#include <QtTest>
#include <cstdio>

using namespace vigil::ui;

namespace {

const QString shippedTs = QStringLiteral(VIGIL_SOURCE_DIR "/translations/vigil_zh_CN.ts");

struct Message {
    QString context;
    QString source;
    QString type; // the translation's type attribute: "", "unfinished", "obsolete", "vanished"
    QStringList translations;
};

QList<Message> readTs(const QString& path) {
    QList<Message> out;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        return out;
    }
    QXmlStreamReader xml(&file);
    QString context;
    Message current;
    while (!xml.atEnd()) {
        xml.readNext();
        if (!xml.isStartElement()) {
            continue;
        }
        if (xml.name() == QLatin1String("name")) {
            context = xml.readElementText();
        } else if (xml.name() == QLatin1String("message")) {
            current = Message{context, {}, {}, {}};
        } else if (xml.name() == QLatin1String("source")) {
            current.source = xml.readElementText();
        } else if (xml.name() == QLatin1String("translation")) {
            current.type = xml.attributes().value(QLatin1String("type")).toString();
            // Either plain text or one <numerusform> per plural form.
            QString plain;
            bool numerus = false;
            while (!xml.atEnd()) {
                xml.readNext();
                if (xml.isEndElement() && xml.name() == QLatin1String("translation")) {
                    break;
                }
                if (xml.isStartElement() && xml.name() == QLatin1String("numerusform")) {
                    numerus = true;
                    current.translations << xml.readElementText();
                } else if (xml.isCharacters()) {
                    plain += xml.text();
                }
            }
            if (!numerus) {
                current.translations << plain;
            }
            out.append(current);
        }
    }
    return out;
}

QSet<QString> placeholders(const QString& text) {
    QSet<QString> out;
    static const QRegularExpression re(QStringLiteral("%(\\d+|n)"));
    for (const auto& m : re.globalMatch(text)) {
        out.insert(m.captured(0));
    }
    return out;
}

// The child: builds the window as main.cpp does and prints what the test compares.
int runChild(int argc, char* argv[]) {
    QApplication app(argc, argv);
    installTranslators();
    Console console;
    MainWindow window(&console);
    QStringList menus;
    for (QAction* a : window.menuBar()->actions()) {
        menus << a->text();
    }
    QDialogButtonBox box(QDialogButtonBox::Cancel);
    std::printf("menus=%s\ncancel=%s\n", qPrintable(menus.join(QLatin1Char('|'))),
                qPrintable(box.button(QDialogButtonBox::Cancel)->text()));
    return 0;
}

} // namespace

class TranslationTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void shippedTranslationIsFinished();
    void lupdateFindsNothingNew();
    void windowLanguage_data();
    void windowLanguage();
};

void TranslationTest::shippedTranslationIsFinished() {
    const QList<Message> messages = readTs(shippedTs);
    QVERIFY2(messages.size() > 300, qPrintable(shippedTs));
    for (const Message& m : messages) {
        const QString where = m.context + QStringLiteral(": ") + m.source;
        QVERIFY2(m.type.isEmpty(), qPrintable(m.type + QStringLiteral(" ") + where));
        QVERIFY2(!m.translations.isEmpty(), qPrintable(where));
        for (const QString& t : m.translations) {
            QVERIFY2(!t.isEmpty(), qPrintable(where));
            const QSet<QString> missing = placeholders(m.source) - placeholders(t);
            QVERIFY2(missing.isEmpty(), qPrintable(QStringLiteral("placeholder lost: ") + where));
        }
    }
}

void TranslationTest::lupdateFindsNothingNew() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString fresh = dir.filePath(QStringLiteral("fresh.ts"));
    QProcess lupdate;
    lupdate.setWorkingDirectory(QStringLiteral(VIGIL_SOURCE_DIR));
    lupdate.start(QStringLiteral(VIGIL_LUPDATE),
                  {QStringLiteral("-silent"), QStringLiteral("-locations"), QStringLiteral("none"),
                   QStringLiteral("ui"), QStringLiteral("app"), QStringLiteral("-ts"), fresh});
    QVERIFY2(lupdate.waitForFinished(120000), VIGIL_LUPDATE);
    QCOMPARE(lupdate.exitStatus(), QProcess::NormalExit);
    QVERIFY2(lupdate.exitCode() == 0, lupdate.readAllStandardError().constData());
    QSet<QString> shipped;
    for (const Message& m : readTs(shippedTs)) {
        shipped.insert(m.context + QLatin1Char('\n') + m.source);
    }
    const QList<Message> current = readTs(fresh);
    QVERIFY(current.size() > 300);
    for (const Message& m : current) {
        QVERIFY2(shipped.contains(m.context + QLatin1Char('\n') + m.source),
                 qPrintable(QStringLiteral("not translated: ") + m.context + QStringLiteral(": ") +
                            m.source));
    }
}

void TranslationTest::windowLanguage_data() {
    QTest::addColumn<QString>("stored"); // the View > Language choice, empty for none
    QTest::addColumn<QString>("lang");   // the desktop's LANG
    QTest::addColumn<QString>("file");   // the File menu's title
    QTest::addColumn<QString>("cancel"); // Qt's own Cancel button
    QTest::newRow("chosen") << "zh_CN"
                            << "C"
                            << "文件(&F)"
                            << "取消";
    QTest::newRow("desktop") << ""
                             << "zh_CN.UTF-8"
                             << "文件(&F)"
                             << "取消";
    QTest::newRow("english-chosen") << "en"
                                    << "zh_CN.UTF-8"
                                    << "&File"
                                    << "Cancel";
    QTest::newRow("english-desktop") << ""
                                     << "en_US.UTF-8"
                                     << "&File"
                                     << "Cancel";
}

void TranslationTest::windowLanguage() {
    QFETCH(QString, stored);
    QFETCH(QString, lang);
    QFETCH(QString, file);
    QFETCH(QString, cancel);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const char* name : {"LC_ALL", "LC_MESSAGES", "LANGUAGE"}) {
        env.remove(QString::fromLatin1(name));
    }
    env.insert(QStringLiteral("LANG"), lang);
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), dir.filePath(QStringLiteral("config")));
    env.insert(QStringLiteral("OVS_RUNDIR"), dir.path());
    env.insert(QStringLiteral("VIGIL_TRANSLATION_CHILD"), QStringLiteral("1"));
    if (!stored.isEmpty()) {
        QSettings settings(dir.filePath(QStringLiteral("config/vigil/console.ini")),
                           QSettings::IniFormat);
        storeLanguage(settings, stored);
        settings.sync();
        QCOMPARE(settings.status(), QSettings::NoError);
    }
    QProcess child;
    child.setProcessEnvironment(env);
    child.start(QCoreApplication::applicationFilePath(), {});
    QVERIFY(child.waitForFinished(60000));
    QCOMPARE(child.exitCode(), 0);
    const QString out = QString::fromUtf8(child.readAllStandardOutput());
    const QStringList lines = out.split(QLatin1Char('\n'));
    QVERIFY2(lines.size() >= 2, qPrintable(out));
    const QStringList menus = lines[0].mid(6).split(QLatin1Char('|'));
    QVERIFY2(!menus.isEmpty(), qPrintable(out));
    QCOMPARE(menus.first(), file);
    QCOMPARE(lines[1].mid(7), cancel);
}

int main(int argc, char* argv[]) {
    if (qEnvironmentVariableIsSet("VIGIL_TRANSLATION_CHILD")) {
        return runChild(argc, argv);
    }
    QApplication app(argc, argv);
    TranslationTest test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_translation.moc"
