// The give-up banner: a strip above the views that appears when a daemon gives up (state failed)
// and names every daemon that is failed, with actions to reset them or read their logs. It hides
// itself once no daemon is failed any more, or when dismissed.
#pragma once

#include <QFrame>
#include <QStringList>

class QLabel;
class QPushButton;

namespace vigil::ui {

class Supervisor;

class FailureBanner : public QFrame {
    Q_OBJECT
public:
    // Watches `supervisor` (not owned; must outlive the banner).
    explicit FailureBanner(Supervisor* supervisor, QWidget* parent = nullptr);

    // The failed daemons the banner currently names (empty while hidden).
    QStringList failedDaemons() const { return failed_; }

Q_SIGNALS:
    // The user asked to see the logs of `name`.
    void showLogsRequested(const QString& name);

protected:
    void changeEvent(QEvent* event) override;

private:
    void refresh();
    void updateColours();

    Supervisor* supervisor_;
    QStringList failed_;
    QStringList dismissed_;
    QLabel* icon_;
    QLabel* text_;
    QPushButton* reset_;
    QPushButton* logs_;
    QPushButton* dismiss_;
};

} // namespace vigil::ui
