#include "views/argument_form.h"

#include "views/argument_form_parts.h"

#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QTimer>
#include <QVBoxLayout>

namespace vigil::ui {

using argument_form_detail::Builder;
using argument_form_detail::buildPart;

ArgumentForm::ArgumentForm(QWidget* parent) : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    fields_ = new QFormLayout;
    fields_->setContentsMargins(0, 0, 0, 0);
    fields_->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    layout->addLayout(fields_);

    line_ = new QLineEdit;
    line_->setObjectName(QStringLiteral("argumentLine"));
    line_->setToolTip(tr("The arguments as words, as on the ovs-appctl command line: double quotes "
                         "group words (\"a b\", \"\" for an empty word), three double quotes "
                         "stand for one. This line is what is sent."));
    connect(line_, &QLineEdit::textChanged, this, &ArgumentForm::lineEdited);
    connect(line_, &QLineEdit::returnPressed, this, &ArgumentForm::submitted);
    note_ = new QLabel;
    note_->setObjectName(QStringLiteral("argumentNote"));
    note_->setWordWrap(true);
    note_->setTextFormat(Qt::PlainText);
    note_->hide();
    auto* lineRow = new QFormLayout;
    lineRow->setContentsMargins(0, 0, 0, 0);
    lineRow->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    auto* lineCaption = new QLabel(tr("Argument line:"));
    lineCaption->setBuddy(line_);
    lineRow->addRow(lineCaption, line_);
    lineRow->addRow(note_);
    layout->addLayout(lineRow);
}

ArgumentForm::~ArgumentForm() = default;

void ArgumentForm::focusFirstField() {
    // The fields of a command just selected are shown by their layout from the event loop
    // (a widget added to a visible form appears on the next turn), and a hidden widget takes
    // no focus: choose once they are shown.
    QTimer::singleShot(0, this, [this] { focusFirstVisibleField(); });
}

void ArgumentForm::focusFirstVisibleField() {
    const auto takesFocus = [](QWidget* w) {
        return w && w->isVisible() && w->isEnabled() && (w->focusPolicy() & Qt::TabFocus);
    };
    for (int row = 0; row < fields_->rowCount(); ++row) {
        for (QFormLayout::ItemRole role : {QFormLayout::FieldRole, QFormLayout::SpanningRole}) {
            QLayoutItem* item = fields_->itemAt(row, role);
            QWidget* field = item ? item->widget() : nullptr;
            if (!field) {
                continue;
            }
            if (takesFocus(field)) {
                field->setFocus(Qt::OtherFocusReason);
                return;
            }
            // A group of parts (a choice, a repeated item): its first control.
            for (QWidget* part : field->findChildren<QWidget*>()) {
                if (takesFocus(part)) {
                    part->setFocus(Qt::OtherFocusReason);
                    return;
                }
            }
        }
    }
    line_->setFocus(Qt::OtherFocusReason);
}

void ArgumentForm::setCommand(const CommandInfo& command) {
    // The widgets go with their rows; the parts only point at them.
    while (fields_->rowCount() > 0) {
        fields_->removeRow(0);
    }
    root_.reset();
    grammar_ = parseUsage(command.usage);
    if (!grammar_.freeForm) {
        Builder builder;
        builder.layout = fields_;
        builder.edited = [this] { formEdited(); };
        builder.choiceSwitched = [this] { choiceSwitched(); };
        builder.submitted = [this] { Q_EMIT submitted(); };
        root_ = buildPart(grammar_.root, true, builder);
    }
    syncing_ = true;
    line_->clear();
    line_->setPlaceholderText(command.name.isEmpty() || grammar_.usage.isEmpty() ? QString()
                                                                                 : grammar_.usage);
    syncing_ = false;
    fits_ = true;
    setNote(grammar_.freeForm
                ? tr("The usage could not be read (%1): type the arguments on the line.")
                      .arg(grammar_.error)
                : QString());
}

QStringList ArgumentForm::arguments() const {
    return splitArgumentLine(line_->text());
}

void ArgumentForm::setArguments(const QStringList& arguments) {
    setArgumentLine(joinArgumentLine(arguments));
}

QString ArgumentForm::argumentLine() const {
    return line_->text();
}

void ArgumentForm::setArgumentLine(const QString& line) {
    if (line == line_->text()) {
        refillFromLine();
        return;
    }
    line_->setText(line); // textChanged() refills the form
}

void ArgumentForm::formEdited() {
    if (syncing_ || !root_) {
        return;
    }
    syncing_ = true;
    line_->setText(joinArgumentLine(usageWords(grammar_.root, root_->value())));
    syncing_ = false;
    fits_ = true;
    setNote(QString());
}

namespace {

// True when `a` and `b`, two states of the form for `node`, make the same choices: the same
// alternatives and the same presence of the optional groups both reach (words and repetition
// counts may differ).
bool sameChoices(const UsageNode& node, const UsageValue& a, const UsageValue& b) {
    using Kind = UsageNode::Kind;
    switch (node.kind) {
    case Kind::Word:
        return true;
    case Kind::Choice:
        if (a.present != b.present || a.alternative != b.alternative) {
            return false;
        }
        return a.alternative >= node.children.size() || a.items.isEmpty() || b.items.isEmpty() ||
               sameChoices(node.children[a.alternative], a.items[0], b.items[0]);
    case Kind::Optional:
        // An omittable choice is an optional group in the tree: its "(leave out)" is absence.
        if (a.present != b.present) {
            return false;
        }
        return node.children.isEmpty() || a.items.isEmpty() || b.items.isEmpty() ||
               sameChoices(node.children[0], a.items[0], b.items[0]);
    case Kind::Sequence:
    case Kind::Repeat:
        for (qsizetype i = 0; i < qMin(a.items.size(), b.items.size()); ++i) {
            const qsizetype c = node.kind == Kind::Sequence ? i : 0;
            if (c < node.children.size() &&
                !sameChoices(node.children[c], a.items[i], b.items[i])) {
                return false;
            }
        }
        return true;
    }
    return true;
}

} // namespace

void ArgumentForm::choiceSwitched() {
    if (syncing_ || !root_) {
        return;
    }
    // The line still holds the words of the alternative left: fit them to the form as it is now
    // (the new alternative preferred), so "br0 in_port=1" typed as dp_name and odp_flow becomes
    // bridge and br_flow rather than being lost. When the best fit makes other choices than the
    // user just did, the user's choice stands (and the words of fields no longer shown go).
    const QStringList words = splitArgumentLine(line_->text());
    const UsageValue now = root_->value();
    UsageValue value;
    if (!words.isEmpty() && matchUsage(grammar_.root, words, &value, &now)) {
        syncing_ = true;
        root_->setValue(value);
        if (!sameChoices(grammar_.root, root_->value(), now)) {
            root_->setValue(now);
        }
        syncing_ = false;
    }
    formEdited();
}

void ArgumentForm::lineEdited() {
    if (!syncing_) {
        refillFromLine();
    }
}

void ArgumentForm::refillFromLine() {
    if (!root_) {
        return;
    }
    const QStringList words = splitArgumentLine(line_->text());
    const UsageValue current = root_->value();
    UsageValue value;
    fits_ = matchUsage(grammar_.root, words, &value, &current);
    if (fits_) {
        syncing_ = true;
        root_->setValue(value);
        syncing_ = false;
        setNote(QString());
    } else {
        setNote(tr("These words do not fit the usage shown above; they are sent as typed."));
    }
}

void ArgumentForm::setNote(const QString& text) {
    note_->setText(text);
    note_->setVisible(!text.isEmpty());
}

QString ArgumentForm::missingArgument() const {
    if (!root_ || !fits_) {
        return QString();
    }
    const QString label = root_->missing(true);
    return label.isEmpty() ? QString() : tr("%1 is required.").arg(label);
}

int ArgumentForm::fieldCount() const {
    if (!root_) {
        return grammar_.freeForm ? 1 : 0;
    }
    QList<QWidget*> shown;
    root_->fields(&shown);
    return int(shown.size());
}

QStringList ArgumentForm::fieldLabels() const {
    QStringList labels;
    if (!root_) {
        if (grammar_.freeForm) {
            labels << tr("arguments");
        }
        return labels;
    }
    QList<QWidget*> shown;
    root_->fields(&shown);
    for (const QWidget* field : shown) {
        labels << field->property("usageLabel").toString();
    }
    return labels;
}

} // namespace vigil::ui
