// The argument form of the Commands view: one labelled field per argument a command's usage
// names, sized by its bounds: required words first, then optional ones, and for an unbounded
// usage ("[ARG...]") a last field whose text is split like a shell command line.
#pragma once

#include "services/target_types.h"

#include <QStringList>
#include <QWidget>

class QFormLayout;
class QLineEdit;

namespace vigil::ui {

class ArgumentForm : public QWidget {
    Q_OBJECT
public:
    explicit ArgumentForm(QWidget* parent = nullptr);

    // Rebuilds the fields for `command` (labels from its usage words); no fields for a command
    // that takes no arguments.
    void setCommand(const CommandInfo& command);

    // The arguments as typed: every filled field in order (empty optional fields are left
    // out, and fields after the first empty optional one too); the unbounded field contributes
    // its shell-split words.
    QStringList arguments() const;

    // Fills the fields from `arguments` (for re-running a past invocation).
    void setArguments(const QStringList& arguments);

    // Returns an empty string when every required field is filled, else a sentence naming the
    // first empty one.
    QString missingArgument() const;

    // The number of fields shown.
    int fieldCount() const { return int(fields_.size()); }

    // Splits a usage text into its argument words: required words, then optional words
    // (brackets removed), with `*unbounded` set when the usage ends in "...".
    static QStringList usageWords(const QString& usage, int* required, bool* unbounded);

Q_SIGNALS:
    // Enter was pressed in a field.
    void submitted();

private:
    QFormLayout* layout_;
    QList<QLineEdit*> fields_;
    int required_ = 0;
    bool unbounded_ = false;
};

} // namespace vigil::ui
