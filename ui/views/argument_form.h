// The argument form of the Commands view, built from the command's usage grammar
// (services/usage_grammar.h): required placeholders as fields with bold labels, optional ones
// marked optional, a literal flag as a check box, a choice as a combo box that shows the chosen
// alternative's fields, a repeated item as a growing list (Add, and a remove button per entry).
// Below the fields, the free-form argument line (shell-like quoting) is always there and
// mirrors the form both ways: editing the form rewrites the line, editing the line refills the
// form when the words fit it. The line is what is sent, so a line that does not fit the form
// wins (a note says so). The form never refuses a call: arity is the daemon's to judge.
#pragma once

#include "services/target_types.h"
#include "services/usage_grammar.h"

#include <QStringList>
#include <QWidget>
#include <memory>

class QFormLayout;
class QLabel;
class QLineEdit;

namespace vigil::ui {

namespace argument_form_detail {
class Part;
}

class ArgumentForm : public QWidget {
    Q_OBJECT
public:
    explicit ArgumentForm(QWidget* parent = nullptr);
    ~ArgumentForm() override;

    // Rebuilds the form for `command` from its usage; no fields for a command that takes no
    // arguments, only the argument line for a usage that cannot be read. Clears the line.
    void setCommand(const CommandInfo& command);

    // The arguments to send: the argument line's words (the form keeps the line in step).
    QStringList arguments() const;

    // Shows `arguments` (for re-running a past invocation): the line is set and the form
    // refilled where the words fit it.
    void setArguments(const QStringList& arguments);

    // The argument line as text, and setting it as if typed.
    QString argumentLine() const;
    void setArgumentLine(const QString& line);

    // False when the line's words do not fit the usage (the line is then sent as typed).
    bool lineFitsForm() const { return fits_; }

    // Returns an empty string when every required field shown is filled, else a sentence
    // naming the first empty one. Only a hint: the call may still be made.
    QString missingArgument() const;

    // The number of argument fields shown (line edits and flag check boxes of the chosen
    // alternatives); a usage that cannot be read counts its argument line as its one field.
    int fieldCount() const;

    // The labels of the fields shown, in order (for tests and accessibility checks).
    QStringList fieldLabels() const;

    // Puts the keyboard in the first field that takes it (the argument line when the form has
    // none), so Enter there runs the command. Happens from the event loop, once the fields of a
    // command just chosen are shown.
    void focusFirstField();

    // The grammar the form was built from.
    const UsageGrammar& grammar() const { return grammar_; }

Q_SIGNALS:
    // Enter was pressed in a field or in the argument line.
    void submitted();

private:
    void focusFirstVisibleField();
    void formEdited();
    void choiceSwitched();
    void lineEdited();
    void refillFromLine();
    void setNote(const QString& text);

    QFormLayout* fields_;
    QLineEdit* line_;
    QLabel* note_;
    UsageGrammar grammar_;
    std::unique_ptr<argument_form_detail::Part> root_;
    bool syncing_ = false;
    bool fits_ = true;
};

} // namespace vigil::ui
