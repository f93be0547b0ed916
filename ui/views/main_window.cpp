#include "views/main_window.h"

namespace vigil::ui {

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
    setWindowTitle(tr("Vigil"));
    resize(1280, 800);
}

} // namespace vigil::ui
