// vlog_set_levels_from_string()'s PATTERN form and word separators, against what OVS 3.1's
// `ovs-appctl vlog/set` does to a real ovsdb-server (vlog/list-pattern read back after each):
// "PATTERN:console" clears the console pattern; "PATTERN" and "PATTERN:" lack a destination;
// spaces and commas separate words as colons do; the pattern itself is taken verbatim.
#include "vigil/vlog.h"

#include <QTest>

using namespace vigil;

VLOG_DEFINE_THIS_MODULE(tst_vlog_spec);

class tst_vlog_spec : public QObject {
    Q_OBJECT

private slots:
    void cleanup() {
        for (vlog_dest d : {vlog_dest::console, vlog_dest::syslog, vlog_dest::file}) {
            vlog_set_pattern(d, saved_[static_cast<int>(d)]);
        }
    }
    void init() {
        for (vlog_dest d : {vlog_dest::console, vlog_dest::syslog, vlog_dest::file}) {
            saved_[static_cast<int>(d)] = vlog_get_pattern(d);
            vlog_set_pattern(d, "%m");
        }
    }

    void pattern_data() {
        QTest::addColumn<QString>("spec");
        QTest::addColumn<QString>("error");
        QTest::addColumn<QString>("console");
        QTest::addColumn<QString>("syslog");
        QTest::addColumn<QString>("file");
        QTest::newRow("destination only") << "PATTERN:console"
                                          << ""
                                          << ""
                                          << "%m"
                                          << "%m";
        QTest::newRow("file only") << "PATTERN:file"
                                   << ""
                                   << "%m"
                                   << "%m"
                                   << "";
        QTest::newRow("empty pattern") << "PATTERN:console:"
                                       << ""
                                       << ""
                                       << "%m"
                                       << "%m";
        QTest::newRow("no destination") << "PATTERN"
                                        << "missing destination"
                                        << "%m"
                                        << "%m"
                                        << "%m";
        QTest::newRow("no destination, colon") << "PATTERN:"
                                               << "missing destination"
                                               << "%m"
                                               << "%m"
                                               << "%m";
        QTest::newRow("any") << "PATTERN:ANY:x"
                             << ""
                             << "x"
                             << "x"
                             << "x";
        QTest::newRow("any, nothing after") << "PATTERN:ANY"
                                            << ""
                                            << ""
                                            << ""
                                            << "";
        QTest::newRow("unknown") << "PATTERN:bogus:x"
                                 << "unknown destination \"bogus\""
                                 << "%m"
                                 << "%m"
                                 << "%m";
        QTest::newRow("lower case") << "pattern:file:%p %m"
                                    << ""
                                    << "%m"
                                    << "%m"
                                    << "%p %m";
        QTest::newRow("spaces") << "PATTERN file x%m y"
                                << ""
                                << "%m"
                                << "%m"
                                << "x%m y";
        QTest::newRow("colons kept") << "PATTERN:syslog:a:b c"
                                     << ""
                                     << "%m"
                                     << "a:b c"
                                     << "%m";
        QTest::newRow("comma") << "PATTERN,file,%m!"
                               << ""
                               << "%m"
                               << "%m"
                               << "%m!";
    }
    void pattern() {
        QFETCH(QString, spec);
        QFETCH(QString, error);
        QCOMPARE(QString::fromStdString(vlog_set_levels_from_string(spec.toStdString())), error);
        QTEST(QString::fromStdString(vlog_get_pattern(vlog_dest::console)), "console");
        QTEST(QString::fromStdString(vlog_get_pattern(vlog_dest::syslog)), "syslog");
        QTEST(QString::fromStdString(vlog_get_pattern(vlog_dest::file)), "file");
    }

    void comma_separates_level_words() {
        vlog_module* m = vlog_module_from_name("tst_vlog_spec");
        QVERIFY(m);
        vlog_level old = m->level(vlog_dest::file);
        QCOMPARE(QString::fromStdString(vlog_set_levels_from_string("tst_vlog_spec,file,dbg")),
                 QString());
        QCOMPARE(m->level(vlog_dest::file), vlog_level::dbg);
        vlog_set_levels(m, nullptr, old);
    }

private:
    std::string saved_[3];
};

QTEST_GUILESS_MAIN(tst_vlog_spec)
#include "tst_vlog_spec.moc"
