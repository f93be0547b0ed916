// The About box: what Vigil is and the versions of Vigil, Qt (built against and running) and
// OpenSSL it uses, selectable so a bug report can quote them.
#pragma once

#include <QDialog>

namespace vigil::ui {

class AboutDialog : public QDialog {
    Q_OBJECT
public:
    explicit AboutDialog(QWidget* parent = nullptr);

    // The version lines the box shows ("Vigil 0.1.0", "Qt 6.4.2 (built with 6.4.2)",
    // "OpenSSL 3.0.x ..."), one per line.
    static QString versionText();
};

} // namespace vigil::ui
