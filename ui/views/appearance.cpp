#include "views/appearance.h"

#include <QApplication>
#include <QPalette>
#include <QStyle>

namespace vigil::ui {

namespace {

Appearance current = Appearance::System;

QPalette darkPalette() {
    const QColor window(0x2b, 0x2d, 0x30);
    const QColor base(0x1f, 0x20, 0x22);
    const QColor alternate(0x27, 0x29, 0x2c);
    const QColor text(0xe6, 0xe6, 0xe6);
    const QColor disabledText(0x80, 0x80, 0x80);
    const QColor highlight(0x2f, 0x7d, 0xc4);
    QPalette p;
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, alternate);
    p.setColor(QPalette::ToolTipBase, window);
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::PlaceholderText, disabledText);
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, window);
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, Qt::white);
    p.setColor(QPalette::Light, window.lighter(150));
    p.setColor(QPalette::Midlight, window.lighter(125));
    p.setColor(QPalette::Mid, window.darker(120));
    p.setColor(QPalette::Dark, window.darker(160));
    p.setColor(QPalette::Shadow, Qt::black);
    p.setColor(QPalette::Highlight, highlight);
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Link, highlight.lighter(140));
    p.setColor(QPalette::LinkVisited, highlight.lighter(110));
    for (QPalette::ColorRole role :
         {QPalette::WindowText, QPalette::Text, QPalette::ButtonText, QPalette::HighlightedText}) {
        p.setColor(QPalette::Disabled, role, disabledText);
    }
    p.setColor(QPalette::Disabled, QPalette::Highlight, window.lighter(130));
    return p;
}

} // namespace

QString appearanceName(Appearance appearance) {
    switch (appearance) {
    case Appearance::System:
        break;
    case Appearance::Light:
        return QStringLiteral("light");
    case Appearance::Dark:
        return QStringLiteral("dark");
    }
    return QStringLiteral("system");
}

std::optional<Appearance> appearanceFromName(const QString& name) {
    for (Appearance a : {Appearance::System, Appearance::Light, Appearance::Dark}) {
        if (appearanceName(a) == name) {
            return a;
        }
    }
    return std::nullopt;
}

void applyAppearance(Appearance appearance) {
    switch (appearance) {
    case Appearance::System:
        // An empty palette hands the choice back to the platform theme, which then keeps
        // following the desktop's light or dark setting.
        QApplication::setPalette(QPalette());
        break;
    case Appearance::Light:
        QApplication::setPalette(QApplication::style()->standardPalette());
        break;
    case Appearance::Dark:
        QApplication::setPalette(darkPalette());
        break;
    }
    current = appearance;
}

Appearance currentAppearance() {
    return current;
}

} // namespace vigil::ui
