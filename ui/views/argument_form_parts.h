// The pieces an ArgumentForm is made of, one per node of the usage tree: each adds its rows to
// the form's layout, reports its state as a UsageValue and takes one back (when the argument
// line is refilled into the form). Private to the argument form's sources.
#pragma once

#include "services/usage_grammar.h"

#include <QList>
#include <QString>
#include <functional>
#include <memory>

class QFormLayout;
class QLabel;
class QLineEdit;
class QWidget;

namespace vigil::ui::argument_form_detail {

// Where a part puts its rows and whom it tells about edits.
struct Builder {
    QFormLayout* layout = nullptr;
    QWidget* before = nullptr; // insert rows before this field's row; append when null
    QWidget* attach = nullptr; // put this widget beside the next row's field (a remove button)
    // Numbers the object names of fields (argument0, argument1, ...) and choices (choice0,
    // ...), shared by every copy of the builder, also those kept for adding entries later.
    struct Counters {
        int field = 0;
        int choice = 0;
    };
    std::shared_ptr<Counters> counters = std::make_shared<Counters>();
    std::function<void()> edited;
    // A choice switched to another alternative (the form carries the words typed over).
    std::function<void()> choiceSwitched;
    std::function<void()> submitted;
};

class Part {
public:
    virtual ~Part() = default;
    // The state of the widgets, shaped like the part's node.
    virtual UsageValue value() const = 0;
    // Puts `value` into the widgets (a value shaped for another node is read as empty).
    virtual void setValue(const UsageValue& value) = 0;
    // Shows or hides the part's rows (a choice shows only its chosen alternative's).
    virtual void setShown(bool shown) = 0;
    // Appends the argument fields shown (line edits and flag check boxes).
    virtual void fields(QList<QWidget*>* out) const = 0;
    // The label of the first required field shown that is empty; `required` says whether the
    // part itself is required where it stands.
    virtual QString missing(bool required) const = 0;
    // Takes the part's rows out of the layout (their widgets are deleted later).
    virtual void removeRows() = 0;
};

// Builds the part for `node` and its rows; `required` marks its fields as required.
std::unique_ptr<Part> buildPart(const UsageNode& node, bool required, Builder& builder);

// The parts for choices, flags with a value, and repetitions (argument_form_groups.cpp).
std::unique_ptr<Part> makeChoice(const UsageNode& choice, bool required, bool omittable,
                                 Builder& builder);
std::unique_ptr<Part> makeFlagOption(const UsageNode& sequence, Builder& builder);
std::unique_ptr<Part> makeRepeat(const UsageNode& repeat, bool required, Builder& builder);
// A placeholder's part on a line edit that another part put in a row of its own.
std::unique_ptr<Part> makeWordField(const UsageNode& word, Builder& builder, QLineEdit* edit);

// Translates `text` in the form's context.
QString formTr(const char* text);

// A caption for a field: "label:", bold when required, the synopsis word as its tool tip.
QLabel* fieldCaption(const QString& label, bool required, const QString& word);

// A part with rows of its own: it keeps the rows it added itself (not those of its children)
// by their field widget, to show, hide or take them out.
class RowPart : public Part {
public:
    void setShown(bool shown) override;
    void removeRows() override;

protected:
    // Adds a row (inserted before builder.before, with builder.attach beside the field) and
    // returns the widget that stands for it in the layout.
    QWidget* addRow(Builder& b, QWidget* label, QWidget* field);
    // Takes one of the part's rows out of the layout and deletes its widgets later (a button
    // may be taking its own row away in its clicked() handler).
    void takeRow(QWidget* row);

    QFormLayout* layout_ = nullptr;
    QList<QWidget*> rows_;
    bool shown_ = true;
};

} // namespace vigil::ui::argument_form_detail
