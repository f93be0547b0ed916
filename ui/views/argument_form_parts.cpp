#include "views/argument_form_parts.h"

#include <QCheckBox>
#include <QCoreApplication>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>

namespace vigil::ui::argument_form_detail {

namespace {

using Kind = UsageNode::Kind;

// A placeholder: one line edit.
class WordField : public RowPart {
public:
    WordField(const UsageNode& node, bool required, Builder& b) : label_(node.label) {
        edit_ = new QLineEdit;
        edit_->setObjectName(QStringLiteral("argument%1").arg(b.counters->field++));
        edit_->setProperty("usageLabel", node.label);
        edit_->setPlaceholderText(required ? (node.text != node.label ? node.text : QString())
                                           : formTr("optional"));
        QObject::connect(edit_, &QLineEdit::textChanged, edit_, [f = b.edited] { f(); });
        QObject::connect(edit_, &QLineEdit::returnPressed, edit_, [f = b.submitted] { f(); });
        addRow(b, fieldCaption(node.label, required, node.text), edit_);
    }
    // Puts the field on a row another part made (a flag's value beside its check box).
    WordField(const UsageNode& node, Builder& b, QLineEdit* edit)
        : label_(node.label), edit_(edit) {
        edit_->setObjectName(QStringLiteral("argument%1").arg(b.counters->field++));
        edit_->setProperty("usageLabel", node.label);
        edit_->setPlaceholderText(node.label);
        QObject::connect(edit_, &QLineEdit::textChanged, edit_, [f = b.edited] { f(); });
        QObject::connect(edit_, &QLineEdit::returnPressed, edit_, [f = b.submitted] { f(); });
    }
    UsageValue value() const override {
        UsageValue v;
        v.word = edit_->text();
        v.present = !v.word.isEmpty();
        return v;
    }
    void setValue(const UsageValue& v) override { edit_->setText(v.present ? v.word : QString()); }
    void fields(QList<QWidget*>* out) const override {
        if (shown_) {
            out->append(edit_);
        }
    }
    QString missing(bool required) const override {
        return shown_ && required && edit_->text().isEmpty() ? label_ : QString();
    }
    void setShown(bool shown) override {
        RowPart::setShown(shown);
        shown_ = shown;
    }
    QLineEdit* edit() const { return edit_; }

private:
    QString label_;
    QLineEdit* edit_;
};

// A literal flag in a sequence ("tnl/ports/show -v") or on its own in an optional group
// ("[--cleanup]"): a check box.
class FlagBox : public RowPart {
public:
    FlagBox(const UsageNode& node, bool checked, Builder& b) {
        box_ = new QCheckBox(node.label);
        box_->setObjectName(QStringLiteral("argument%1").arg(b.counters->field++));
        box_->setProperty("usageLabel", node.label);
        box_->setChecked(checked);
        QObject::connect(box_, &QCheckBox::toggled, box_, [f = b.edited] { f(); });
        addRow(b, nullptr, box_);
    }
    UsageValue value() const override {
        UsageValue v;
        v.present = box_->isChecked();
        return v;
    }
    void setValue(const UsageValue& v) override { box_->setChecked(v.present); }
    void fields(QList<QWidget*>* out) const override {
        if (shown_) {
            out->append(box_);
        }
    }
    QString missing(bool) const override { return QString(); }

private:
    QCheckBox* box_;
};

class SequencePart : public Part {
public:
    SequencePart(const UsageNode& node, bool required, Builder& b) {
        for (const UsageNode& child : node.children) {
            children_.push_back(buildPart(child, required, b));
        }
    }
    UsageValue value() const override {
        UsageValue v;
        for (const auto& child : children_) {
            v.items.append(child->value());
        }
        return v;
    }
    void setValue(const UsageValue& v) override {
        for (int i = 0; i < int(children_.size()); ++i) {
            children_[i]->setValue(i < v.items.size() ? v.items[i] : UsageValue{});
        }
    }
    void setShown(bool shown) override {
        for (const auto& child : children_) {
            child->setShown(shown);
        }
    }
    void fields(QList<QWidget*>* out) const override {
        for (const auto& child : children_) {
            child->fields(out);
        }
    }
    QString missing(bool required) const override {
        for (const auto& child : children_) {
            QString m = child->missing(required);
            if (!m.isEmpty()) {
                return m;
            }
        }
        return QString();
    }
    void removeRows() override {
        for (const auto& child : children_) {
            child->removeRows();
        }
    }

private:
    std::vector<std::unique_ptr<Part>> children_;
};

// Any other optional group: its fields, none required; present when any of them is filled.
class OptionalGroup : public Part {
public:
    OptionalGroup(const UsageNode& node, Builder& b) : node_(node.children[0]) {
        child_ = buildPart(node_, false, b);
    }
    UsageValue value() const override {
        UsageValue v;
        v.items = {child_->value()};
        v.present = !usageWords(node_, v.items[0]).isEmpty();
        return v;
    }
    void setValue(const UsageValue& v) override {
        child_->setValue(v.present ? v.items.value(0) : emptyUsageValue(node_));
    }
    void setShown(bool shown) override { child_->setShown(shown); }
    void fields(QList<QWidget*>* out) const override { child_->fields(out); }
    QString missing(bool) const override { return QString(); }
    void removeRows() override { child_->removeRows(); }

private:
    UsageNode node_;
    std::unique_ptr<Part> child_;
};

// An optional group that is one flag ("[--cleanup]") or one choice ("[-e|-ne]"), shown by
// the flag's check box or the choice's "leave out" entry.
class OptionalOf : public Part {
public:
    explicit OptionalOf(std::unique_ptr<Part> inner, bool isChoice)
        : inner_(std::move(inner)), choice_(isChoice) {}
    UsageValue value() const override {
        const UsageValue iv = inner_->value();
        UsageValue seq;
        if (choice_) {
            seq.items = {iv};
        } else {
            UsageValue flag;
            flag.present = true;
            seq.items = {flag};
        }
        UsageValue v;
        v.present = iv.present;
        v.items = {seq};
        return v;
    }
    void setValue(const UsageValue& v) override {
        UsageValue iv = choice_ ? v.items.value(0).items.value(0) : UsageValue{};
        iv.present = v.present;
        inner_->setValue(iv);
    }
    void setShown(bool shown) override { inner_->setShown(shown); }
    void fields(QList<QWidget*>* out) const override { inner_->fields(out); }
    QString missing(bool) const override { return inner_->missing(false); }
    void removeRows() override { inner_->removeRows(); }

private:
    std::unique_ptr<Part> inner_;
    bool choice_;
};

bool isLiteralWord(const UsageNode& node) {
    return node.kind == Kind::Word && node.literal;
}

} // namespace

void RowPart::setShown(bool shown) {
    shown_ = shown;
    for (QWidget* row : rows_) {
        layout_->setRowVisible(row, shown);
    }
}

void RowPart::removeRows() {
    const QList<QWidget*> rows = rows_;
    for (QWidget* row : rows) {
        takeRow(row);
    }
}

void RowPart::takeRow(QWidget* row) {
    rows_.removeAll(row);
    QFormLayout::TakeRowResult taken = layout_->takeRow(row);
    for (QLayoutItem* item : {taken.labelItem, taken.fieldItem}) {
        if (item) {
            if (QWidget* w = item->widget()) {
                w->hide();
                w->deleteLater();
            }
            delete item;
        }
    }
}

QWidget* RowPart::addRow(Builder& b, QWidget* label, QWidget* field) {
    layout_ = b.layout;
    if (b.attach) {
        auto* box = new QWidget;
        auto* h = new QHBoxLayout(box);
        h->setContentsMargins(0, 0, 0, 0);
        h->addWidget(field, 1);
        h->addWidget(b.attach);
        b.attach = nullptr;
        field = box;
    }
    int row = -1;
    QFormLayout::ItemRole role;
    if (b.before) {
        b.layout->getWidgetPosition(b.before, &row, &role);
    }
    if (row >= 0) {
        b.layout->insertRow(row, label, field);
    } else {
        b.layout->addRow(label, field);
    }
    rows_.append(field);
    return field;
}

QString formTr(const char* text) {
    return QCoreApplication::translate("vigil::ui::ArgumentForm", text);
}

QLabel* fieldCaption(const QString& label, bool required, const QString& word) {
    auto* c = new QLabel(label + QLatin1Char(':'));
    c->setToolTip(required ? formTr("required: %1").arg(word) : formTr("optional: %1").arg(word));
    if (required) {
        QFont bold = c->font();
        bold.setBold(true);
        c->setFont(bold);
    }
    return c;
}

std::unique_ptr<Part> makeWordField(const UsageNode& word, Builder& builder, QLineEdit* edit) {
    return std::make_unique<WordField>(word, builder, edit);
}

std::unique_ptr<Part> buildPart(const UsageNode& node, bool required, Builder& b) {
    switch (node.kind) {
    case Kind::Word:
        if (node.literal) {
            return std::make_unique<FlagBox>(node, true, b);
        }
        return std::make_unique<WordField>(node, required, b);
    case Kind::Sequence:
        return std::make_unique<SequencePart>(node, required, b);
    case Kind::Optional: {
        const UsageNode& seq = node.children[0];
        if (seq.children.size() == 1 && isLiteralWord(seq.children[0])) {
            return std::make_unique<OptionalOf>(
                std::make_unique<FlagBox>(seq.children[0], false, b), false);
        }
        if (seq.children.size() == 1 && seq.children[0].kind == Kind::Choice) {
            return std::make_unique<OptionalOf>(makeChoice(seq.children[0], false, true, b), true);
        }
        if (seq.children.size() > 1 && isLiteralWord(seq.children[0])) {
            return makeFlagOption(seq, b);
        }
        return std::make_unique<OptionalGroup>(node, b);
    }
    case Kind::Choice:
        return makeChoice(node, required, false, b);
    case Kind::Repeat:
        return makeRepeat(node, required, b);
    }
    return nullptr;
}

} // namespace vigil::ui::argument_form_detail
