// The launch dialog: defines a new daemon (program, arguments, environment, working directory,
// restart policy and limits) or edits an existing definition, and hands it to the Supervisor.
// A definition the supervisor refuses keeps the dialog open with the reason shown, so nothing the
// user typed is lost.
#pragma once

#include "services/daemon_definition.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QSpinBox;
class QTableWidget;
class QDialogButtonBox;

namespace vigil::ui {

class Supervisor;

class LaunchDialog : public QDialog {
    Q_OBJECT
public:
    // A dialog that adds a new daemon to `supervisor` (not owned) when accepted.
    explicit LaunchDialog(Supervisor* supervisor, QWidget* parent = nullptr);

    // Switches the dialog to editing `definition` (the name cannot change); accepting then
    // replaces the definition in the supervisor, applying from the daemon's next start.
    void editDefinition(const DaemonDefinition& definition);

    // Fills the form from `definition` without switching to editing (a template for a new one).
    void setDefinition(const DaemonDefinition& definition);

    // The definition the form currently describes.
    DaemonDefinition definition() const;

    // True when the dialog edits an existing definition.
    bool editing() const { return editing_; }

    // The reason the last attempt to accept was refused; empty when none was.
    QString errorText() const;

    // Validates the form, then adds (and, when "Start now" is checked, starts) or updates the
    // daemon; closes the dialog on success, else shows why and stays open.
    void accept() override;

Q_SIGNALS:
    // A daemon was added (or its definition updated) through this dialog.
    void daemonSaved(const QString& name);

private:
    void browseProgram();
    void browseDirectory();
    void addEnvironmentRow(const QString& key = QString(), const QString& value = QString());
    void showError(const QString& text);
    QStringList programSuggestions() const;

    Supervisor* supervisor_;
    bool editing_ = false;
    DaemonDefinition base_; // fields the form does not show survive an edit

    QLineEdit* name_;
    QComboBox* program_;
    QLineEdit* arguments_;
    QLineEdit* workingDirectory_;
    QTableWidget* environment_;
    QComboBox* restart_;
    QDoubleSpinBox* backoffMin_;
    QDoubleSpinBox* backoffMax_;
    QSpinBox* maxFailures_;
    QSpinBox* failureWindow_;
    QDoubleSpinBox* stopTimeout_;
    QLineEdit* controlSocket_;
    QCheckBox* startNow_;
    QLabel* error_;
    QDialogButtonBox* buttons_;
};

} // namespace vigil::ui
