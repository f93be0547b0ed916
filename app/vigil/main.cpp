// The Vigil console.
#include "views/main_window.h"

#include <QApplication>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace {

// Qt aborts when no platform plugin can connect to a display; say so plainly instead.
bool displayAvailable() {
    const char* platform = std::getenv("QT_QPA_PLATFORM");
    if (platform && *platform) {
        return true;
    }
    const char* x = std::getenv("DISPLAY");
    const char* wayland = std::getenv("WAYLAND_DISPLAY");
    return (x && *x) || (wayland && *wayland);
}

} // namespace

int main(int argc, char* argv[]) {
    if (!displayAvailable()) {
        std::fprintf(stderr, "vigil: no display to open a window on (set DISPLAY, or run "
                             "\"vigil --headless\")\n");
        return 1;
    }
    QApplication app(argc, argv);
    QApplication::setApplicationName("vigil");
    vigil::ui::MainWindow window;
    window.show();
    return app.exec();
}
