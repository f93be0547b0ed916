// The console's language: follow the desktop (LANG, LC_ALL, LC_MESSAGES through
// QLocale::system(), the default) or force one of the shipped translations. The choice is kept
// in the window's settings file and applied when the application starts, as KDE applications
// do, because widgets built before a change keep the texts they were given.
#pragma once

#include <QLocale>
#include <QString>
#include <QStringList>

class QSettings;

namespace vigil::ui {

// One offered language: its settings name ("system", "en", "zh_CN") and its menu text as its
// own speakers write it, with an accelerator ("&English", "简体中文(&C)"), the same in every
// language so a reader can find their own; System's text is translated by the caller.
struct LanguageChoice {
    QString name;
    QString nativeName;
};

// The languages the View > Language menu offers, System first.
const QList<LanguageChoice>& offeredLanguages();

// The language stored in `settings` ("system" when none or an unknown one is stored).
QString storedLanguage(const QSettings& settings);
void storeLanguage(QSettings& settings, const QString& name);

// The locale whose translations apply for the choice `name`: the desktop's for "system",
// otherwise the named one.
QLocale languageLocale(const QString& name);

// Installs translators for Qt's own texts (qtbase_<lang>.qm from Qt's translations directory)
// and for Vigil's (embedded under :/i18n) for the choice stored in the window's settings file
// (~/.config/vigil/console.ini, key "language"), replacing any this function installed before.
// Returns the name of the Vigil translation loaded ("zh_CN"), or an empty string when the texts
// stay in English (English chosen, or no translation for the locale).
QString installTranslators();

} // namespace vigil::ui
