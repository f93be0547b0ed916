#include "views/language.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QSettings>
#include <QTranslator>
#include <memory>

namespace vigil::ui {

namespace {

const QString settingsKey = QStringLiteral("language");
const QString systemName = QStringLiteral("system");

// Owned here so a second call replaces the first one's translators instead of stacking them.
std::unique_ptr<QTranslator> qtTranslator;
std::unique_ptr<QTranslator> vigilTranslator;

} // namespace

const QList<LanguageChoice>& offeredLanguages() {
    static const QList<LanguageChoice> languages = {
        {systemName, QString()},
        {QStringLiteral("en"), QStringLiteral("&English")},
        {QStringLiteral("zh_CN"), QStringLiteral("简体中文(&C)")},
    };
    return languages;
}

QString storedLanguage(const QSettings& settings) {
    const QString name = settings.value(settingsKey).toString();
    for (const LanguageChoice& choice : offeredLanguages()) {
        if (choice.name == name) {
            return name;
        }
    }
    return systemName;
}

void storeLanguage(QSettings& settings, const QString& name) {
    settings.setValue(settingsKey, name);
}

QLocale languageLocale(const QString& name) {
    return name == systemName ? QLocale::system() : QLocale(name);
}

QString installTranslators() {
    // The same file and scope as the window's other settings (main_window.cpp), so the choice
    // made in View > Language is the one read here at the next start.
    const QSettings settings(QSettings::IniFormat, QSettings::UserScope, QStringLiteral("vigil"),
                             QStringLiteral("console"));
    for (auto* owned : {&qtTranslator, &vigilTranslator}) {
        if (*owned) {
            QCoreApplication::removeTranslator(owned->get());
            owned->reset();
        }
    }
    const QLocale locale = languageLocale(storedLanguage(settings));
    // English is the source language: loading nothing keeps every text as written, and keeps
    // Qt's own dialogs English too even when the desktop asks for another language.
    if (locale.language() == QLocale::English || locale.language() == QLocale::C) {
        return QString();
    }
    auto vigil = std::make_unique<QTranslator>();
    // QTranslator::load(QLocale, ...) tries the locale's UI languages in order (zh_CN, zh), so
    // a locale without a translation of its own falls back to its language's, then to English.
    if (!vigil->load(locale, QStringLiteral("vigil"), QStringLiteral("_"),
                     QStringLiteral(":/i18n"))) {
        return QString();
    }
    auto qt = std::make_unique<QTranslator>();
    if (qt->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"),
                 QLibraryInfo::path(QLibraryInfo::TranslationsPath))) {
        QCoreApplication::installTranslator(qt.get());
        qtTranslator = std::move(qt);
    }
    QCoreApplication::installTranslator(vigil.get());
    vigilTranslator = std::move(vigil);
    return vigilTranslator->language();
}

} // namespace vigil::ui
