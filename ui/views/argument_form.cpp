#include "views/argument_form.h"

#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QProcess>

namespace vigil::ui {

ArgumentForm::ArgumentForm(QWidget* parent) : QWidget(parent) {
    layout_ = new QFormLayout(this);
    layout_->setContentsMargins(0, 0, 0, 0);
    layout_->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
}

QStringList ArgumentForm::usageWords(const QString& usage, int* required, bool* unbounded) {
    // Top-level words are required; each [group] is one optional argument (nested groups
    // flattened), and "..." anywhere makes the last word repeatable.
    QStringList requiredWords;
    QStringList optionalWords;
    *unbounded = usage.contains(QStringLiteral("..."));
    int depth = 0;
    QString word;
    auto flush = [&](bool optional) {
        QString w = word.trimmed();
        word.clear();
        w.remove(QStringLiteral("..."));
        if (w.isEmpty()) {
            return;
        }
        (optional ? optionalWords : requiredWords).append(w);
    };
    for (QChar c : usage) {
        if (c == QLatin1Char('[')) {
            if (depth == 0) {
                flush(false);
            }
            ++depth;
            if (depth > 1) {
                flush(true);
            }
        } else if (c == QLatin1Char(']')) {
            flush(depth > 0);
            depth = qMax(0, depth - 1);
        } else if (c.isSpace()) {
            flush(depth > 0);
        } else {
            word.append(c);
        }
    }
    flush(depth > 0);
    *required = int(requiredWords.size());
    return requiredWords + optionalWords;
}

void ArgumentForm::setCommand(const CommandInfo& command) {
    while (layout_->rowCount() > 0) {
        layout_->removeRow(0);
    }
    fields_.clear();

    int required = 0;
    bool unbounded = false;
    QStringList words = usageWords(command.usage, &required, &unbounded);
    // The registry's bounds win; the usage words only name the fields.
    required_ = qMax(0, command.minArgs);
    unbounded_ = command.maxArgs < 0 || unbounded;
    int count = command.maxArgs < 0 ? qMax(int(words.size()), required_ + 1) : command.maxArgs;
    count = qBound(0, count, 16);
    for (int i = 0; i < count; ++i) {
        QString label = i < words.size() ? words[i] : tr("argument %1").arg(i + 1);
        bool last = i == count - 1;
        auto* edit = new QLineEdit;
        edit->setObjectName(QStringLiteral("argument%1").arg(i));
        if (i >= required_) {
            edit->setPlaceholderText(last && unbounded_ ? tr("optional; several words allowed")
                                                        : tr("optional"));
        } else if (last && unbounded_) {
            edit->setPlaceholderText(tr("several words allowed"));
        }
        connect(edit, &QLineEdit::returnPressed, this, &ArgumentForm::submitted);
        auto* caption = new QLabel(label + QLatin1Char(':'));
        caption->setToolTip(i < required_ ? tr("required") : tr("optional"));
        if (i < required_) {
            QFont bold = caption->font();
            bold.setBold(true);
            caption->setFont(bold);
        }
        layout_->addRow(caption, edit);
        fields_.append(edit);
    }
}

QStringList ArgumentForm::arguments() const {
    QStringList out;
    for (int i = 0; i < fields_.size(); ++i) {
        const QString text = fields_[i]->text();
        bool last = i == fields_.size() - 1;
        if (last && unbounded_) {
            out += QProcess::splitCommand(text);
            break;
        }
        if (text.isEmpty() && i >= required_) {
            break;
        }
        out.append(text);
    }
    return out;
}

void ArgumentForm::setArguments(const QStringList& arguments) {
    for (int i = 0; i < fields_.size(); ++i) {
        bool last = i == fields_.size() - 1;
        if (last && unbounded_) {
            QStringList rest = arguments.mid(i);
            for (QString& word : rest) {
                if (word.contains(QLatin1Char(' ')) || word.isEmpty()) {
                    word = QLatin1Char('"') + word + QLatin1Char('"');
                }
            }
            fields_[i]->setText(rest.join(QLatin1Char(' ')));
        } else {
            fields_[i]->setText(arguments.value(i));
        }
    }
}

QString ArgumentForm::missingArgument() const {
    for (int i = 0; i < required_ && i < fields_.size(); ++i) {
        if (fields_[i]->text().isEmpty()) {
            auto* label = qobject_cast<QLabel*>(layout_->labelForField(fields_[i]));
            QString name = label ? label->text().chopped(1) : tr("argument %1").arg(i + 1);
            return tr("%1 is required.").arg(name);
        }
    }
    return {};
}

} // namespace vigil::ui
