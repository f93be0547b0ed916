// The parts of an argument form that group others: choices, flags with a value, repetitions.
#include "views/argument_form_parts.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QToolButton>

namespace vigil::ui::argument_form_detail {

namespace {

using Kind = UsageNode::Kind;

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

// A choice: a combo box listing the alternatives (with a first "leave out" entry when the
// choice is optional), showing the chosen alternative's fields.
class ChoicePart : public RowPart {
public:
    ChoicePart(const UsageNode& node, bool required, bool omittable, Builder& b)
        : omittable_(omittable), singleWord_(isSingleWordChoice(node)) {
        combo_ = new QComboBox;
        combo_->setObjectName(QStringLiteral("choice%1").arg(b.counters->choice++));
        if (omittable_) {
            combo_->addItem(formTr("(leave out)"));
        }
        for (const UsageNode& alternative : node.children) {
            combo_->addItem(alternativeText(alternative));
        }
        addRow(b, fieldCaption(formTr("one of"), required && !omittable_, describeUsageTree(node)),
               combo_);
        const bool fieldsRequired = required && !omittable_ && !singleWord_;
        for (const UsageNode& alternative : node.children) {
            if (alternative.children.size() == 1 && alternative.children[0].kind == Kind::Word &&
                alternative.children[0].literal) {
                alternatives_.push_back(std::make_unique<ImpliedLiteral>());
            } else {
                alternatives_.push_back(buildPart(alternative, fieldsRequired, b));
            }
        }
        QObject::connect(combo_, &QComboBox::currentIndexChanged, combo_,
                         [this, f = b.choiceSwitched ? b.choiceSwitched : b.edited] {
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
        box_->setToolTip(formTr("optional: %1").arg(flag.text));
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
            restParts_.push_back(makeWordField(rest_.children[0], inner, edit));
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
                return formTr("%1 (after %2)").arg(m, box_->text());
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

// A repeated item: one entry to start with, an Add button for more, a remove button on each.
class RepeatPart : public RowPart {
public:
    RepeatPart(const UsageNode& node, bool required, Builder& b)
        : child_(node.children[0]), required_(required), builder_(b) {
        const QString name = repeatLabel(child_);
        add_ = new QPushButton(formTr("Add %1").arg(name));
        add_->setObjectName(QStringLiteral("add%1").arg(b.counters->field));
        add_->setToolTip(formTr("Add another %1").arg(name));
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
        remove->setToolTip(formTr("Remove this entry"));
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

} // namespace

std::unique_ptr<Part> makeChoice(const UsageNode& choice, bool required, bool omittable,
                                 Builder& builder) {
    return std::make_unique<ChoicePart>(choice, required, omittable, builder);
}

std::unique_ptr<Part> makeFlagOption(const UsageNode& sequence, Builder& builder) {
    return std::make_unique<FlagOption>(sequence, builder);
}

std::unique_ptr<Part> makeRepeat(const UsageNode& repeat, bool required, Builder& builder) {
    return std::make_unique<RepeatPart>(repeat, required, builder);
}

} // namespace vigil::ui::argument_form_detail
