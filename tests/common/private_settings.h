// A test's own configuration home, so the console's QSettings start empty and belong to it.
#pragma once

#include <QByteArray>
#include <QSettings>
#include <QString>

namespace vigil::test {

// Makes `config` the configuration home of this process and of the programs it starts. QSettings
// reads XDG_CONFIG_HOME only once per process, at its first use, so each later test names its
// own directory to it as well; otherwise every test after the first would share (and recreate)
// the first one's directory.
inline void use_private_settings(const QString& config) {
    qputenv("XDG_CONFIG_HOME", config.toLocal8Bit());
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, config);
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, config);
}

} // namespace vigil::test
