// The Sessions view: the session table with its filter, the timeline column and strips painted
// in one colour per FSM state, and the legend; the main window's sidebar badges come from the
// same colours.
#include "models/session_model.h"
#include "views/session_timeline.h"
#include "views/sessions_view.h"
#include "views/state_style.h"

#include <QImage>
#include <QLabel>
#include <QPainter>
#include <QTableView>
#include <QtTest>

using namespace vigil::ui;

class TestWindowSessions : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void filterAndTimelineColumn();
    void stripPaintsStateColours();
    void stateColoursAreDistinct();
    void legendNamesEveryState();

private:
    static SessionInfo session(const QString& source, const QString& name, const QString& state);
};

SessionInfo TestWindowSessions::session(const QString& source, const QString& name,
                                        const QString& state) {
    SessionInfo s;
    s.source = source;
    s.name = name;
    s.stats.role = "client";
    vigil::reconnect_state_from_name(state.toStdString(), s.stats.state);
    s.snapshotTime = QDateTime::currentDateTimeUtc();
    s.stats.connected = state == QLatin1String("ACTIVE") || state == QLatin1String("IDLE");
    return s;
}

void TestWindowSessions::filterAndTimelineColumn() {
    SessionModel model;
    SessionsView view(&model, nullptr);
    view.resize(1200, 400);
    view.show();
    model.setSessions({session("console", "tcp:127.0.0.1:6640", "ACTIVE"),
                       session("ovsdb-server", "tcp:10.0.0.2:6641", "BACKOFF"),
                       session("ovsdb-server", "punix:db.sock", "LISTENING")});
    QCOMPARE(view.visibleSessionCount(), 3);
    view.setFilter(QStringLiteral("backoff"));
    QCOMPARE(view.visibleSessionCount(), 1);
    view.setFilter(QStringLiteral("ovsdb"));
    QCOMPARE(view.visibleSessionCount(), 2);
    view.setFilter(QString());
    QCOMPARE(view.visibleSessionCount(), 3);

    QAbstractItemModel* shown = view.table()->model();
    const int last = shown->columnCount() - 1;
    QCOMPARE(last, int(SessionModel::ColumnCount));
    QCOMPARE(shown->headerData(last, Qt::Horizontal).toString(), QStringLiteral("Timeline"));
    // Rows follow the model: a vanished session leaves the table.
    model.setSessions({session("console", "tcp:127.0.0.1:6640", "ACTIVE")});
    QCOMPARE(view.visibleSessionCount(), 1);
}

void TestWindowSessions::stripPaintsStateColours() {
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QVariantList history{
        QVariantMap{{"time", now.addSecs(-50)}, {"state", QStringLiteral("CONNECTING")}},
        QVariantMap{{"time", now.addSecs(-40)}, {"state", QStringLiteral("ACTIVE")}},
        QVariantMap{{"time", now.addSecs(-10)}, {"state", QStringLiteral("BACKOFF")}},
    };
    QImage image(600, 10, QImage::Format_RGB32);
    image.fill(Qt::white);
    {
        QPainter painter(&image);
        TimelineDelegate::paintStrip(&painter, image.rect(), history, now, 60 * 1000, Qt::black);
    }
    // 60 s over 600 px: 10 px per second.
    QCOMPARE(image.pixelColor(50, 5), QColor(Qt::black));                         // unknown
    QCOMPARE(image.pixelColor(150, 5), stateColor(QStringLiteral("CONNECTING"))); // -45 s
    QCOMPARE(image.pixelColor(350, 5), stateColor(QStringLiteral("ACTIVE")));     // -25 s
    QCOMPARE(image.pixelColor(580, 5), stateColor(QStringLiteral("BACKOFF")));    // -2 s
}

void TestWindowSessions::stateColoursAreDistinct() {
    QSet<QRgb> seen;
    for (const QString& state : sessionStateNames()) {
        seen.insert(stateColor(state).rgb());
    }
    QCOMPARE(seen.size(), sessionStateNames().size());
    // A name and its enum paint alike, whatever the case the name comes in.
    QCOMPARE(stateColor(QStringLiteral("IDLE")), sessionStateColor(vigil::reconnect_state::idle));
    QCOMPARE(stateColor(QStringLiteral("listening")),
             sessionStateColor(vigil::reconnect_state::listening));
    QCOMPARE(stateColor(QStringLiteral("backoff")), daemonStateColor(DaemonState::Backoff));
    QCOMPARE(stateColor(QStringLiteral("running")), daemonStateColor(DaemonState::Running));
    QVERIFY(stateColor(QStringLiteral("failed")) != stateColor(QStringLiteral("running")));
}

void TestWindowSessions::legendNamesEveryState() {
    StateLegend legend(sessionStateNames());
    QStringList texts;
    for (QLabel* label : legend.findChildren<QLabel*>()) {
        if (!label->text().isEmpty()) {
            texts << label->text();
        }
    }
    for (const QString& state : sessionStateNames()) {
        QVERIFY2(texts.contains(state), qPrintable(state));
    }
}

QTEST_MAIN(TestWindowSessions)
#include "tst_window_sessions.moc"
