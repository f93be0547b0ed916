// The status bar: how many daemons are in each state (as small badges, states with none left
// out), transient messages, and the control socket that scripts reach the daemons through, so a
// user can reach them with `vigil-appctl -t PATH`: the console's own, or, for a window attached
// to the supervisor service, the service's.
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
    // Shows the socket of the supervisor service the window is attached to, and whether the
    // window reaches it now.
    void setServiceSocket(const QString& path, bool connected);
    // The socket text as shown (for tests).
    QString socketText() const;
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
