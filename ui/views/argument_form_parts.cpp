#include "views/argument_form_parts.h"

#include <QCheckBox>
#include <QComboBox>
#include <QCoreApplication>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QToolButton>

namespace vigil::ui::argument_form_detail {

namespace {

using Kind = UsageNode::Kind;

QString tr(const char* text) {
    return QCoreApplication::translate("vigil::ui::ArgumentForm", text);
}

// The rows a part added itself (not those of its children), by their field widget.
class RowPart : public Part {
public:
    void setShown(bool shown) override {
        shown_ = shown;
        for (QWidget* row : rows_) {
            layout_->setRowVisible(row, shown);
        }
    }
    void removeRows() override {
        const QList<QWidget*> rows = rows_;
        for (QWidget* row : rows) {
            takeRow(row);
        }
    }

protected:
    // Takes one of the part's rows out of the layout and deletes its widgets later (a button
    // may be taking its own row away in its clicked() handler).
    void takeRow(QWidget* row) {
        rows_.removeAll(row);
        {
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
    }

    // Adds a row (inserted before builder.before, with builder.attach beside the field) and
    // returns the widget that stands for it in the layout.
    QWidget* addRow(Builder& b, QWidget* label, QWidget* field) {
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

    QFormLayout* layout_ = nullptr;
    QList<QWidget*> rows_;
    bool shown_ = true;
};

QLabel* caption(const QString& label, bool required, const QString& word) {
    auto* c = new QLabel(label + QLatin1Char(':'));
    c->setToolTip(required ? tr("required: %1").arg(word) : tr("optional: %1").arg(word));
    if (required) {
        QFont bold = c->font();
        bold.setBold(true);
        c->setFont(bold);
    }
    return c;
}

// A placeholder: one line edit.
class WordField : public RowPart {
public:
    WordField(const UsageNode& node, bool required, Builder& b) : label_(node.label) {
        edit_ = new QLineEdit;
        edit_->setObjectName(QStringLiteral("argument%1").arg(b.counters->field++));
        edit_->setProperty("usageLabel", node.label);
        edit_->setPlaceholderText(required ? (node.text != node.label ? node.text : QString())
                                           : tr("optional"));
        QObject::connect(edit_, &QLineEdit::textChanged, edit_, [f = b.edited] { f(); });
        QObject::connect(edit_, &QLineEdit::returnPressed, edit_, [f = b.submitted] { f(); });
        addRow(b, caption(node.label, required, node.text), edit_);
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

// A literal that is there by being chosen (a keyword alternative): no widget.
class ImpliedLiteral : public Part {
public:
    UsageValue value() const override {
        UsageValue word;
        word.present = true;
        UsageValue v; // the alternative's Sequence of that one word
        v.items = {word};
        return v;
    }
    void setValue(const UsageValue&) override {}
    void setShown(bool) override {}
    void fields(QList<QWidget*>*) const override {}
    QString missing(bool) const override { return QString(); }
    void removeRows() override {}
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

// A choice: a combo box listing the alternatives (with a first "leave out" entry when the
// choice is optional), showing the chosen alternative's fields.
class ChoicePart : public RowPart {
public:
    ChoicePart(const UsageNode& node, bool required, bool omittable, Builder& b)
        : omittable_(omittable), singleWord_(isSingleWordChoice(node)) {
        combo_ = new QComboBox;
        combo_->setObjectName(QStringLiteral("choice%1").arg(b.counters->choice++));
        if (omittable_) {
            combo_->addItem(tr("(leave out)"));
        }
        for (const UsageNode& alternative : node.children) {
            combo_->addItem(alternativeText(alternative));
        }
        addRow(b, caption(tr("one of"), required && !omittable_, describeUsageTree(node)), combo_);
        const bool fieldsRequired = required && !omittable_ && !singleWord_;
        for (const UsageNode& alternative : node.children) {
            if (alternative.children.size() == 1 && alternative.children[0].kind == Kind::Word &&
                alternative.children[0].literal) {
                alternatives_.push_back(std::make_unique<ImpliedLiteral>());
            } else {
                alternatives_.push_back(buildPart(alternative, fieldsRequired, b));
            }
        }
        QObject::connect(combo_, &QComboBox::currentIndexChanged, combo_, [this, f = b.edited] {
            setShown(shown_);
            f();
        });
        setShown(true);
    }
    UsageValue value() const override {
        UsageValue v;
        const int a = chosen();
        v.present = a >= 0;
        v.alternative = qMax(0, a);
        v.items = {a >= 0 ? alternatives_[a]->value() : UsageValue{}};
        return v;
    }
    void setValue(const UsageValue& v) override {
        const int a = qBound(0, v.alternative, int(alternatives_.size()) - 1);
        combo_->setCurrentIndex(omittable_ ? (v.present ? a + 1 : 0) : a);
        if (!alternatives_.empty()) {
            alternatives_[a]->setValue(v.items.value(0));
        }
    }
    void setShown(bool shown) override {
        RowPart::setShown(shown);
        const int a = chosen();
        for (int i = 0; i < int(alternatives_.size()); ++i) {
            alternatives_[i]->setShown(shown && i == a);
        }
    }
    void fields(QList<QWidget*>* out) const override {
        const int a = chosen();
        if (shown_ && a >= 0) {
            alternatives_[a]->fields(out);
        }
    }
    QString missing(bool required) const override {
        const int a = chosen();
        return shown_ && a >= 0 ? alternatives_[a]->missing(required && !singleWord_) : QString();
    }
    void removeRows() override {
        RowPart::removeRows();
        for (const auto& alternative : alternatives_) {
            alternative->removeRows();
        }
    }

private:
    int chosen() const {
        const int i = combo_->currentIndex();
        return omittable_ ? i - 1 : i;
    }
    static QString alternativeText(const UsageNode& node) {
        if (node.kind == Kind::Word) {
            return node.label;
        }
        QStringList words;
        for (const UsageNode& child : node.children) {
            words << alternativeText(child);
        }
        return words.join(QLatin1Char(' '));
    }

    QComboBox* combo_;
    bool omittable_;
    bool singleWord_;
    std::vector<std::unique_ptr<Part>> alternatives_;
};

// An optional flag with a value after it ("[-b before]", "[-pmd core]"): a check box in the
// label column, the value's fields beside or below it; filling a value checks the box.
class FlagOption : public RowPart {
public:
    FlagOption(const UsageNode& seq, Builder& b) {
        const UsageNode& flag = seq.children[0];
        box_ = new QCheckBox(flag.label);
        box_->setObjectName(QStringLiteral("argument%1").arg(b.counters->field++));
        box_->setProperty("usageLabel", flag.label);
        box_->setToolTip(tr("optional: %1").arg(flag.text));
        QObject::connect(box_, &QCheckBox::toggled, box_, [f = b.edited] { f(); });
        auto fill = [this, f = b.edited] {
            if (!box_->isChecked() && !usageWordsOfRest().isEmpty()) {
                box_->setChecked(true); // toggled() reports the edit
                return;
            }
            f();
        };
        rest_ = seq;
        rest_.children.removeFirst();
        QLineEdit* edit = nullptr;
        if (rest_.children.size() == 1 && rest_.children[0].kind == Kind::Word &&
            !rest_.children[0].literal) {
            edit = new QLineEdit;
            addRow(b, box_, edit);
        } else {
            addRow(b, box_, new QWidget);
        }
        Builder inner = b;
        inner.edited = fill;
        if (edit) {
            restParts_.push_back(std::make_unique<WordField>(rest_.children[0], inner, edit));
        } else {
            for (const UsageNode& child : rest_.children) {
                restParts_.push_back(buildPart(child, false, inner));
            }
        }
    }
    UsageValue value() const override {
        UsageValue seq;
        UsageValue flag;
        flag.present = true;
        seq.items.append(flag);
        for (const auto& part : restParts_) {
            seq.items.append(part->value());
        }
        UsageValue v;
        v.present = box_->isChecked();
        v.items = {seq};
        return v;
    }
    void setValue(const UsageValue& v) override {
        const UsageValue seq = v.items.value(0);
        for (int i = 0; i < int(restParts_.size()); ++i) {
            restParts_[i]->setValue(seq.items.value(i + 1));
        }
        box_->setChecked(v.present);
    }
    void setShown(bool shown) override {
        RowPart::setShown(shown);
        for (const auto& part : restParts_) {
            part->setShown(shown);
        }
    }
    void fields(QList<QWidget*>* out) const override {
        if (shown_) {
            out->append(box_);
            for (const auto& part : restParts_) {
                part->fields(out);
            }
        }
    }
    QString missing(bool) const override {
        if (!shown_ || !box_->isChecked()) {
            return QString();
        }
        for (const auto& part : restParts_) {
            QString m = part->missing(true);
            if (!m.isEmpty()) {
                return tr("%1 (after %2)").arg(m, box_->text());
            }
        }
        return QString();
    }
    void removeRows() override {
        for (const auto& part : restParts_) {
            part->removeRows();
        }
        RowPart::removeRows();
    }

private:
    QStringList usageWordsOfRest() const {
        QStringList words;
        for (int i = 0; i < int(restParts_.size()); ++i) {
            words += usageWords(rest_.children[i], restParts_[i]->value());
        }
        return words;
    }

    QCheckBox* box_;
    UsageNode rest_;
    std::vector<std::unique_ptr<Part>> restParts_;
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

// A repeated item: one entry to start with, an Add button for more, a remove button on each.
class RepeatPart : public RowPart {
public:
    RepeatPart(const UsageNode& node, bool required, Builder& b)
        : child_(node.children[0]), required_(required), builder_(b) {
        const QString name = repeatLabel(child_);
        add_ = new QPushButton(tr("Add %1").arg(name));
        add_->setObjectName(QStringLiteral("add%1").arg(b.counters->field));
        add_->setToolTip(tr("Add another %1").arg(name));
        addRow(b, nullptr, add_);
        QObject::connect(add_, &QPushButton::clicked, add_, [this] {
            addEntry();
            setShown(shown_);
            builder_.edited();
        });
        addEntry();
    }
    UsageValue value() const override {
        UsageValue v;
        for (const Entry& e : entries_) {
            v.items.append(e.part->value());
        }
        return v;
    }
    void setValue(const UsageValue& v) override {
        const int want = qMax(1, int(v.items.size()));
        while (int(entries_.size()) > want) {
            removeEntry(int(entries_.size()) - 1);
        }
        while (int(entries_.size()) < want) {
            addEntry();
        }
        setShown(shown_);
        for (int i = 0; i < int(entries_.size()); ++i) {
            entries_[i].part->setValue(v.items.value(i, emptyUsageValue(child_)));
        }
    }
    void setShown(bool shown) override {
        RowPart::setShown(shown);
        for (const Entry& e : entries_) {
            e.part->setShown(shown);
            e.remove->setEnabled(entries_.size() > 1);
        }
    }
    void fields(QList<QWidget*>* out) const override {
        for (const Entry& e : entries_) {
            e.part->fields(out);
        }
    }
    QString missing(bool required) const override {
        for (const Entry& e : entries_) {
            QString m = e.part->missing(required);
            if (!m.isEmpty()) {
                return m;
            }
        }
        return QString();
    }
    void removeRows() override {
        for (const Entry& e : entries_) {
            e.part->removeRows();
        }
        entries_.clear();
        RowPart::removeRows();
    }

private:
    struct Entry {
        std::unique_ptr<Part> part;
        QToolButton* remove;
        QWidget* ownRow; // the button's own row, for an entry without rows
    };

    static QString repeatLabel(const UsageNode& node) {
        if (node.kind == Kind::Word) {
            return node.label;
        }
        for (const UsageNode& child : node.children) {
            QString l = repeatLabel(child);
            if (!l.isEmpty()) {
                return l;
            }
        }
        return QString();
    }

    void addEntry() {
        auto* remove = new QToolButton;
        remove->setText(QStringLiteral("−"));
        remove->setToolTip(tr("Remove this entry"));
        remove->setObjectName(QStringLiteral("remove%1").arg(builder_.counters->field));
        builder_.before = add_;
        builder_.attach = remove;
        Entry e{buildPart(child_, required_ && entries_.empty(), builder_), remove, nullptr};
        if (builder_.attach) {
            // The entry made no row of its own: the button gets one.
            builder_.attach = nullptr;
            e.ownRow = addRow(builder_, nullptr, remove);
        }
        builder_.before = nullptr;
        QToolButton* button = e.remove;
        QObject::connect(button, &QToolButton::clicked, button, [this, button] {
            for (int i = 0; i < int(entries_.size()); ++i) {
                if (entries_[i].remove == button && entries_.size() > 1) {
                    removeEntry(i);
                    setShown(shown_);
                    builder_.edited();
                    return;
                }
            }
        });
        entries_.push_back(std::move(e));
    }

    void removeEntry(int i) {
        entries_[i].part->removeRows();
        if (entries_[i].ownRow) {
            takeRow(entries_[i].ownRow);
        }
        entries_.erase(entries_.begin() + i);
    }

    UsageNode child_;
    bool required_;
    Builder builder_;
    QPushButton* add_;
    std::vector<Entry> entries_;
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
            return std::make_unique<OptionalOf>(
                std::make_unique<ChoicePart>(seq.children[0], false, true, b), true);
        }
        if (seq.children.size() > 1 && isLiteralWord(seq.children[0])) {
            return std::make_unique<FlagOption>(seq, b);
        }
        return std::make_unique<OptionalGroup>(node, b);
    }
    case Kind::Choice:
        return std::make_unique<ChoicePart>(node, required, false, b);
    case Kind::Repeat:
        return std::make_unique<RepeatPart>(node, required, b);
    }
    return nullptr;
}

} // namespace vigil::ui::argument_form_detail
