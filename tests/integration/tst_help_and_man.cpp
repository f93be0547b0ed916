// Every installed program's --help against its man page (man/<program>.1): each option the
// help lists must be documented in the man page, the page must name the program, and groff
// must render it without warnings.
#include "process_util.h"

#include <QFile>
#include <QRegularExpression>
#include <QSet>
#include <QStandardPaths>
#include <QTest>

using namespace vigil::test;

namespace {

// The options a --help text lists: on every line that starts (after indentation) with '-',
// each "-x" or "--long-name" in the option column (up to the first gap of two spaces).
QStringList help_options(const QString& help) {
    static const QRegularExpression option_line(QStringLiteral("^\\s+(-\\S.*?)(\\s{2,}|$)"));
    static const QRegularExpression option(
        QStringLiteral("(?:^|[\\s,\\[|])(--?[A-Za-z0-9][A-Za-z0-9-]*)"));
    QStringList out;
    for (const QString& line : help.split(QLatin1Char('\n'))) {
        QRegularExpressionMatch m = option_line.match(line);
        if (!m.hasMatch()) {
            continue;
        }
        auto it = option.globalMatch(m.captured(1));
        while (it.hasNext()) {
            QString name = it.next().captured(1);
            if (!out.contains(name)) {
                out << name;
            }
        }
    }
    return out;
}

// The man page's text with roff's escapes for '-', quotes and fonts undone.
QString man_text(const QString& roff) {
    QString s = roff;
    s.replace(QStringLiteral("\\-"), QStringLiteral("-"));
    s.replace(QStringLiteral("\\(aq"), QStringLiteral("'"));
    s.replace(QStringLiteral("\\(dq"), QStringLiteral("\""));
    s.replace(QStringLiteral("\\&"), QString());
    static const QRegularExpression font(QStringLiteral("\\\\f[BIRP]"));
    s.remove(font);
    return s;
}

bool documents(const QString& man, const QString& option) {
    QRegularExpression re(QStringLiteral("(?<![A-Za-z0-9-])") + QRegularExpression::escape(option) +
                          QStringLiteral("(?![A-Za-z0-9-])"));
    return re.match(man).hasMatch();
}

} // namespace

class tst_help_and_man : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void help_options_are_in_man_page_data() {
        QTest::addColumn<QString>("program");
        QTest::addColumn<int>("min_options");
        QTest::newRow("vigil-appctl") << QStringLiteral("vigil-appctl") << 6;
        QTest::newRow("vigil-testd") << QStringLiteral("vigil-testd") << 20;
        QTest::newRow("vigil-rpc") << QStringLiteral("vigil-rpc") << 12;
        QTest::newRow("vigil") << QStringLiteral("vigil") << 6;
    }

    void help_options_are_in_man_page() {
        QFETCH(QString, program);
        QFETCH(int, min_options);
        const QString exe = bin(program);
        if (program == QLatin1String("vigil") && !QFile::exists(exe)) {
            QSKIP("the console is not built (VIGIL_BUILD_UI=OFF)");
        }
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        run_result r = run(exe, {QStringLiteral("--help")}, env);
        QCOMPARE(r.exit_code, 0);
        const QString help = QString::fromUtf8(r.out);
        QVERIFY2(help.contains(QStringLiteral("usage"), Qt::CaseInsensitive), r.out.constData());

        QFile page(source(QStringLiteral("man/%1.1").arg(program)));
        QVERIFY2(page.open(QIODevice::ReadOnly), qPrintable(page.fileName()));
        const QString man = man_text(QString::fromUtf8(page.readAll()));
        QVERIFY(man.startsWith(QStringLiteral(".TH %1 1 ").arg(program.toUpper())));
        QVERIFY(man.contains(QStringLiteral(".SH NAME\n%1 - ").arg(program)));
        QVERIFY(man.contains(QStringLiteral(".SH SYNOPSIS")));

        const QStringList options = help_options(help);
        // A parser that found (almost) nothing would make the check below vacuous.
        QVERIFY2(options.size() >= min_options, qPrintable(options.join(QLatin1Char(' '))));
        QVERIFY(options.contains(QStringLiteral("--help")));
        QStringList missing;
        for (const QString& option : options) {
            if (!documents(man, option)) {
                missing << option;
            }
        }
        QVERIFY2(missing.isEmpty(),
                 qPrintable(QStringLiteral("%1(1) lacks: %2").arg(program, missing.join(' '))));
    }

    void man_pages_render_without_warnings_data() {
        QTest::addColumn<QString>("page");
        for (const char* p : {"vigil", "vigil-appctl", "vigil-testd", "vigil-rpc"}) {
            QTest::newRow(p) << QStringLiteral("man/%1.1").arg(QLatin1String(p));
        }
    }

    void man_pages_render_without_warnings() {
        QFETCH(QString, page);
        const QString groff = QStandardPaths::findExecutable(QStringLiteral("groff"));
        QVERIFY2(!groff.isEmpty(), "groff is not installed (make deps installs groff-base)");
        run_result r = run(groff, {QStringLiteral("-man"), QStringLiteral("-Tutf8"),
                                   QStringLiteral("-ww"), QStringLiteral("-z"), source(page)});
        QCOMPARE(r.exit_code, 0);
        QVERIFY2(r.err.isEmpty(), r.err.constData());
    }
};

QTEST_GUILESS_MAIN(tst_help_and_man)
#include "tst_help_and_man.moc"
