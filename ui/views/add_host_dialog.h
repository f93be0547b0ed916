// The Add Host dialog: the console's name for the host, the ssh destination (an editable list
// of the aliases in ~/.ssh/config) and, optionally, the run directories to scan. Each field's
// problem (hostNameProblem(), hostDestinationProblem(), a name already in the fleet) is shown
// under it as the user types, and OK stays disabled until there is none. OK adds the host to
// the fleet and saves the workspace; a refusal is shown in the dialog, which stays open.
#pragma once

#include <QDialog>
#include <QStringList>

class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;

namespace vigil::ui {

class Console;

class AddHostDialog : public QDialog {
    Q_OBJECT
public:
    // A dialog adding hosts to `console`'s fleet (not owned; must outlive the dialog), offering
    // the aliases of ~/.ssh/config as destinations.
    explicit AddHostDialog(Console* console, QWidget* parent = nullptr);

    // Replaces the destinations offered in the list (the typed text stays).
    void setAliases(const QStringList& aliases);
    QStringList aliases() const;

    void setHostName(const QString& name);
    QString hostName() const;
    void setDestination(const QString& destination);
    QString destination() const;
    // Sets the run directories, one per entry; empty means the defaults.
    void setRunDirectories(const QStringList& directories);
    QStringList runDirectories() const;

    // What is wrong with the name or the destination as typed now; empty when nothing is.
    QString nameProblem() const;
    QString destinationProblem() const;
    // The error the last OK got from the fleet or the workspace; empty when none.
    QString addError() const;
    QPushButton* okButton() const;

public Q_SLOTS:
    // Adds the host and saves the workspace; closes the dialog only when the host was added.
    void accept() override;

private:
    void validate();

    Console* console_;
    QLineEdit* name_;
    QComboBox* destination_;
    QPlainTextEdit* runDirectories_;
    QLabel* nameProblem_;
    QLabel* destinationProblem_;
    QLabel* addError_;
    QDialogButtonBox* buttons_;
    // The name follows the destination until the user types a name of their own.
    bool nameEdited_ = false;
};

} // namespace vigil::ui
