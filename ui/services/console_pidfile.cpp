#include "services/console_pidfile.h"

#include "vigil/pidfile.h"

namespace vigil::ui {

ConsolePidfile::~ConsolePidfile() {
    remove();
}

bool ConsolePidfile::create(const QString& path, QString* error) {
    std::string message;
    if (int e = vigil::make_pidfile(path.toStdString(), false, message)) {
        (void)e;
        if (error) {
            *error = QString::fromStdString(message);
        }
        return false;
    }
    path_ = path;
    return true;
}

void ConsolePidfile::remove() {
    if (!path_.isEmpty() && QString::fromStdString(vigil::pidfile_path()) == path_) {
        vigil::remove_pidfile();
    }
    path_.clear();
}

} // namespace vigil::ui
