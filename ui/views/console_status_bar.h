// The status bar: how many daemons are in each state (as small badges, states with none left
// out), transient messages, and the console's own control socket path, so a user can reach the
// console with `vigil-appctl -t PATH`.
#pragma once

#include <QStatusBar>
#include <QTimer>

class QLabel;

namespace vigil::ui {

class Supervisor;

class ConsoleStatusBar : public QStatusBar {
    Q_OBJECT
public:
    // Counts `supervisor`'s daemons (not owned; may be null).
    explicit ConsoleStatusBar(Supervisor* supervisor, QWidget* parent = nullptr);

    // Shows the console's control socket path (empty: "no control socket").
    void setControlSocket(const QString& path);
    // The counts as shown, e.g. "3 running, 1 failed" (for tests); "no daemons" when empty.
    QString countsText() const { return countsText_; }

private:
    void scheduleUpdate();
    void updateCounts();

    Supervisor* supervisor_;
    QLabel* counts_;
    QLabel* socket_;
    QString countsText_;
    QTimer coalesce_;
};

} // namespace vigil::ui
