// The host aliases of an OpenSSH client configuration (~/.ssh/config): the names its `Host`
// lines give, for the Add Host dialog to offer as destinations. The file is read simply, as a
// hint for the user: patterns (with '*', '?' or '!') are left out, `Include` is followed one
// level for plain and globbed paths, and `Match` blocks are skipped.
#pragma once

#include <QString>
#include <QStringList>

namespace vigil::ui {

// The default client configuration: ~/.ssh/config.
QString defaultOpenSshConfigPath();

// Returns the aliases the `Host` lines of the text `config` name, in file order without
// duplicates, and appends the paths of its `Include` lines (as written) to `*includes` when
// given. Keywords are case-insensitive and may be followed by '=' as ssh allows; quoted names
// are unquoted.
QStringList parseOpenSshHostAliases(const QString& config, QStringList* includes = nullptr);

// Reads the file at `path` and the files its `Include` lines name (relative paths are taken
// from ~/.ssh, as ssh does, one level deep) and returns their aliases; an unreadable file
// gives none.
QStringList openSshHostAliases(const QString& path = defaultOpenSshConfigPath());

} // namespace vigil::ui
