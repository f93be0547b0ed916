// The Hosts view: the fleet's hosts (name, destination, state badge, targets, round trip, last
// error) with a filter field, and the actions on them: Add Host…, Remove, and Trust Key… for a
// host whose key is not known yet (it shows the key's type and SHA256 fingerprint and trusts
// exactly that fingerprint once the user confirms). A host whose key changed is refused, and the
// view says why and what to do instead of offering to trust it. Below the table, the selected
// host's own Vigil supervisor's daemons and logs (HostDaemonsPanel), when it runs one.
#pragma once

#include <QList>
#include <QWidget>

class QAction;
class QLabel;
class QLineEdit;
class QMessageBox;
class QSortFilterProxyModel;
class QTableView;

namespace vigil::ui {

class Console;
class HostDaemonsPanel;
class HostModel;
struct HostInfo;

class HostsView : public QWidget {
    Q_OBJECT
public:
    // Presents `console`'s fleet (not owned; must outlive the view).
    explicit HostsView(Console* console, QWidget* parent = nullptr);

    // Sets the filter text (matched against name, destination, state and last error).
    void setFilter(const QString& text);
    // The number of hosts the filter lets through.
    int visibleHostCount() const;
    // Selects the host `name`; false when the table does not show it.
    bool selectHost(const QString& name);
    // The selected host's name; empty when none.
    QString currentHost() const;

    // The text Trust Key… asks the user to confirm for `host`: its name, destination, key type
    // and fingerprint.
    static QString trustQuestion(const HostInfo& host);
    // The text shown for a host in `host`'s state that needs the user (a changed key refused,
    // an unknown key to confirm, authentication refused); empty for the other states.
    static QString stateAdvice(const HostInfo& host);

    HostModel* model() const { return model_; }
    QTableView* table() const { return table_; }
    // The selected host's own supervised daemons, below the table.
    HostDaemonsPanel* daemonsPanel() const { return daemons_; }
    QAction* addAction() const { return add_; }
    QAction* removeAction() const { return remove_; }
    QAction* trustAction() const { return trust_; }
    // The actions in toolbar order, for the window's menu.
    QList<QAction*> actions() const;

public Q_SLOTS:
    // Opens the Add Host dialog.
    void addHost();
    // Removes the selected host from the fleet and saves the workspace.
    void removeCurrent();
    // Asks the user to confirm the selected host's offered key and returns the (non-modal)
    // question, or null when the selected host has no unknown key to trust. Yes trusts exactly
    // the fingerprint shown, even if the host offers another one meanwhile.
    QMessageBox* trustCurrent();

private:
    void updateActions();

    Console* console_;
    HostModel* model_;
    QSortFilterProxyModel* filtered_;
    QLineEdit* filter_;
    QTableView* table_;
    QLabel* advice_;
    HostDaemonsPanel* daemons_;
    QLabel* summary_;
    QAction* add_;
    QAction* remove_;
    QAction* trust_;
};

} // namespace vigil::ui
