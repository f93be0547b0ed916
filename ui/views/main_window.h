// The console's main window.
#pragma once

#include <QMainWindow>

namespace vigil::ui {

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
};

} // namespace vigil::ui
