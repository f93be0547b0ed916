#include "views/state_style.h"

#include "services/session_types.h"
#include "views/selection_tinted_icon.h"

#include <QCoreApplication>
#include <QFont>
#include <QFontMetrics>
#include <QHash>
#include <QPainter>
#include <QPainterPath>
#include <QPixmap>
#include <QPixmapCache>
#include <QRect>

namespace vigil::ui {

namespace {

// Mid-tone colours that read with white text on both light and dark window backgrounds.
const QColor green(0x2e, 0x9d, 0x57);
const QColor teal(0x1f, 0x8f, 0x8a);
const QColor blue(0x2f, 0x7b, 0xd0);
const QColor indigo(0x6a, 0x5a, 0xcd);
const QColor amber(0xc7, 0x86, 0x1a);
const QColor orange(0xd0, 0x6a, 0x2a);
const QColor red(0xd2, 0x45, 0x3f);
const QColor grey(0x7b, 0x84, 0x91);
const QColor crimson(0x9e, 0x2a, 0x5e);

const QHash<QString, QColor>& colourTable() {
    static const QHash<QString, QColor> table = {
        // Daemon states.
        {QStringLiteral("running"), green},
        {QStringLiteral("starting"), blue},
        {QStringLiteral("backoff"), amber},
        {QStringLiteral("stopping"), orange},
        {QStringLiteral("stopped"), grey},
        {QStringLiteral("failed"), red},
        // Targets.
        {QStringLiteral("answering"), green},
        {QStringLiteral("live"), green},
        {QStringLiteral("added"), blue},
        {QStringLiteral("unreachable"), red},
        {QStringLiteral("unknown"), grey},
        // Hosts ("connecting" and "unreachable" share the session and target colours above).
        {QStringLiteral("connected"), green},
        {QStringLiteral("auth-failed"), orange},
        {QStringLiteral("host-key-unknown"), amber},
        {QStringLiteral("host-key-changed"), crimson},
        // Fan-out results.
        {QStringLiteral("ok"), green},
        {QStringLiteral("error"), orange},
        {QStringLiteral("unresponsive"), amber},
        {QStringLiteral("down"), red},
    };
    return table;
}

} // namespace

QColor daemonStateColor(DaemonState state) {
    return stateColor(daemonStateName(state));
}

QColor hostStateColor(HostState state) {
    return stateColor(hostStateName(state));
}

QColor sessionStateColor(vigil::reconnect_state state) {
    switch (state) {
    case vigil::reconnect_state::void_:
        return grey;
    case vigil::reconnect_state::backoff:
        return amber; // the daemon's backoff colour: both mean "waiting before the next try"
    case vigil::reconnect_state::connecting:
        return blue;
    case vigil::reconnect_state::active:
        return green;
    case vigil::reconnect_state::idle:
        return teal;
    case vigil::reconnect_state::reconnect:
        return orange;
    case vigil::reconnect_state::listening:
        return indigo;
    }
    return grey;
}

QColor stateColor(const QString& name) {
    vigil::reconnect_state session;
    if (vigil::reconnect_state_from_name(name.toUpper().toStdString(), session)) {
        return sessionStateColor(session);
    }
    return colourTable().value(name.toLower(), grey);
}

const QStringList& sessionStateNames() {
    // Walks the enum and asks the runtime's one name table, so no name is spelled here.
    static const QStringList names = [] {
        QStringList list;
        for (int i = int(vigil::reconnect_state::void_);
             i <= int(vigil::reconnect_state::listening); i++) {
            list << sessionStateName(vigil::reconnect_state(i));
        }
        return list;
    }();
    return names;
}

QColor trackColor(const QPalette& palette) {
    const QColor base = palette.color(QPalette::Base);
    const QColor text = palette.color(QPalette::Text);
    constexpr double tint = 0.12;
    return QColor::fromRgbF(float(base.redF() + (text.redF() - base.redF()) * tint),
                            float(base.greenF() + (text.greenF() - base.greenF()) * tint),
                            float(base.blueF() + (text.blueF() - base.blueF()) * tint));
}

QSize badgeSize(const QString& text, const QFont& font) {
    QFontMetrics fm(font);
    return {fm.horizontalAdvance(text) + fm.height(), fm.height() + 4};
}

void paintBadge(QPainter* painter, const QRect& rect, const QString& text, const QColor& color,
                const QFont& font) {
    if (text.isEmpty()) {
        return;
    }
    QSize size = badgeSize(text, font);
    size.setHeight(qMin(size.height(), rect.height() - 2));
    size.setWidth(qMin(size.width(), rect.width() - 4));
    if (size.width() <= 0 || size.height() <= 0) {
        return;
    }
    // A table shows the same few badges on every row and repaints them whenever a row changes,
    // so each is drawn once into a pixmap (antialiased path and shaped text) and then copied.
    const qreal ratio = painter->device() ? painter->device()->devicePixelRatioF() : 1.0;
    const QString key = QStringLiteral("vigil-badge|%1|%2|%3|%4x%5@%6")
                            .arg(text, color.name(QColor::HexArgb), font.key())
                            .arg(size.width())
                            .arg(size.height())
                            .arg(ratio);
    QPixmap pixmap;
    if (!QPixmapCache::find(key, &pixmap)) {
        pixmap = QPixmap(size * ratio);
        pixmap.setDevicePixelRatio(ratio);
        pixmap.fill(Qt::transparent);
        QPainter p(&pixmap);
        p.setRenderHint(QPainter::Antialiasing);
        const QRectF pill(0, 0, size.width(), size.height());
        QPainterPath path;
        path.addRoundedRect(pill, pill.height() / 2.0, pill.height() / 2.0);
        p.fillPath(path, color);
        p.setPen(Qt::white);
        p.setFont(font);
        p.drawText(pill, Qt::AlignCenter,
                   QFontMetrics(font).elidedText(text, Qt::ElideRight, size.width() - 4));
        p.end();
        QPixmapCache::insert(key, pixmap);
    }
    painter->drawPixmap(rect.left() + 4, rect.top() + (rect.height() - size.height()) / 2, pixmap);
}

QIcon stateDotIcon(const QColor& color) {
    QPixmap pixmap(32, 32);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(Qt::NoPen);
    painter.setBrush(color);
    painter.drawEllipse(QRectF(8, 8, 16, 16));
    return QIcon(pixmap);
}

QIcon resourceIcon(const QString& name) {
    return selectionTinted(QIcon(QStringLiteral(":/icons/%1.svg").arg(name)));
}

QString formatDuration(qint64 ms) {
    if (ms < 0) {
        return {};
    }
    qint64 s = ms / 1000;
    if (s < 60) {
        return QCoreApplication::translate("vigil::ui::Duration", "%1 s").arg(s);
    }
    qint64 m = s / 60;
    if (m < 60) {
        return QCoreApplication::translate("vigil::ui::Duration", "%1 min %2 s").arg(m).arg(s % 60);
    }
    qint64 h = m / 60;
    if (h < 24) {
        return QCoreApplication::translate("vigil::ui::Duration", "%1 h %2 min").arg(h).arg(m % 60);
    }
    return QCoreApplication::translate("vigil::ui::Duration", "%1 d %2 h").arg(h / 24).arg(h % 24);
}

} // namespace vigil::ui
