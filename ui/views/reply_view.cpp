#include "views/reply_view.h"

#include "services/table_export.h"
#include "views/json_tree.h"
#include "views/state_style.h"

#include <QApplication>
#include <QClipboard>
#include <QFileDialog>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QScrollBar>
#include <QStackedWidget>
#include <QTextBlock>
#include <QToolButton>
#include <QVBoxLayout>

namespace vigil::ui {

namespace {

std::optional<QJsonValue> parseJson(const QString& text) {
    QJsonParseError error{};
    const QJsonDocument doc =
        QJsonDocument::fromJson((QLatin1Char('[') + text + QLatin1Char(']')).toUtf8(), &error);
    if (error.error != QJsonParseError::NoError || !doc.isArray() || doc.array().size() != 1) {
        return std::nullopt;
    }
    return doc.array().first();
}

QColor changedColor(const QPalette& palette) {
    // A warm tint of the base that reads on light and dark palettes.
    const QColor base = palette.color(QPalette::Base);
    const QColor hi(255, 200, 0);
    constexpr double tint = 0.35;
    return QColor::fromRgbF(float(base.redF() + (hi.redF() - base.redF()) * tint),
                            float(base.greenF() + (hi.greenF() - base.greenF()) * tint),
                            float(base.blueF() + (hi.blueF() - base.blueF()) * tint));
}

} // namespace

ReplyView::ReplyView(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("replyView"));
    badge_ = new QLabel;
    badge_->setObjectName(QStringLiteral("replyFormat"));
    badge_->setAutoFillBackground(true);
    badge_->setContentsMargins(6, 1, 6, 1);
    summary_ = new QLabel;
    summary_->setObjectName(QStringLiteral("replySummary"));
    filter_ = new QLineEdit;
    filter_->setObjectName(QStringLiteral("replyFilter"));
    filter_->setAccessibleName(tr("Search the reply"));
    filter_->setPlaceholderText(tr("Search the reply"));
    filter_->setClearButtonEnabled(true);
    filter_->setMaximumWidth(220);
    connect(filter_, &QLineEdit::textChanged, this, &ReplyView::setFilter);
    rawButton_ = new QToolButton;
    rawButton_->setObjectName(QStringLiteral("replyRaw"));
    rawButton_->setText(tr("Raw"));
    rawButton_->setCheckable(true);
    rawButton_->setToolTip(tr("Show the JSON reply as pretty-printed text"));
    connect(rawButton_, &QToolButton::toggled, this, &ReplyView::setRaw);
    copy_ = new QToolButton;
    copy_->setObjectName(QStringLiteral("replyCopy"));
    copy_->setText(tr("Copy"));
    copy_->setToolTip(tr("Copy the selection, or the whole reply (Ctrl+C)"));
    connect(copy_, &QToolButton::clicked, this, [this] { copy(); });
    export_ = new QToolButton;
    export_->setObjectName(QStringLiteral("replyExport"));
    export_->setText(tr("Export…"));
    export_->setToolTip(tr("Write the reply to a file (text, JSON, or CSV for a JSON table)"));
    connect(export_, &QToolButton::clicked, this, &ReplyView::exportWithDialog);

    auto* header = new QHBoxLayout;
    header->setContentsMargins(0, 0, 0, 0);
    header->addWidget(badge_);
    header->addWidget(summary_, 1);
    header->addWidget(filter_);
    header->addWidget(rawButton_);
    header->addWidget(copy_);
    header->addWidget(export_);

    text_ = new QPlainTextEdit;
    text_->setObjectName(QStringLiteral("commandOutput"));
    text_->setReadOnly(true);
    text_->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    text_->setLineWrapMode(QPlainTextEdit::NoWrap);
    text_->setContextMenuPolicy(Qt::CustomContextMenu);
    text_->installEventFilter(this);
    connect(text_, &QWidget::customContextMenuRequested, this,
            [this](const QPoint& pos) { showContextMenu(text_, pos); });

    tree_ = new JsonTree;
    tree_->setObjectName(QStringLiteral("replyTree"));
    tree_->setAccessibleName(tr("Reply"));
    tree_->setContextMenuPolicy(Qt::CustomContextMenu);
    tree_->installEventFilter(this);
    connect(tree_, &QWidget::customContextMenuRequested, this,
            [this](const QPoint& pos) { showContextMenu(tree_, pos); });

    stack_ = new QStackedWidget;
    stack_->addWidget(text_);
    stack_->addWidget(tree_);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addLayout(header);
    layout->addWidget(stack_, 1);
    clear();
}

void ReplyView::clear() {
    mode_ = Mode::Empty;
    json_.reset();
    replyText_.clear();
    jsonUnsupported_ = false;
    changedLines_.clear();
    tree_->clear();
    text_->clear();
    text_->setPlaceholderText(tr("Select a command, fill in its arguments and press Enter."));
    stack_->setCurrentWidget(text_);
    updateHeader();
}

void ReplyView::showNote(const QString& text) {
    clear();
    text_->setPlaceholderText(text);
}

void ReplyView::showInvocation(const Invocation& inv) {
    if (!inv.finished) {
        showNote(tr("%1: running…").arg(inv.command));
        return;
    }
    jsonUnsupported_ = inv.jsonUnsupported;
    changedLines_.clear();
    tree_->clearChangedPaths();
    if (!inv.ok) {
        json_.reset();
        replyText_ = inv.output.isEmpty() ? inv.error : inv.output;
        mode_ = Mode::Error;
        showText(replyText_, true);
        updateHeader();
        return;
    }
    replyText_ = inv.output;
    json_.reset();
    // A truncated reply (the history keeps only its start) is no JSON any more: shown as text.
    if (inv.format == ReplyFormat::Json && !inv.truncated) {
        json_ = parseJson(inv.output);
    }
    if (json_) {
        tree_->setValue(*json_);
        setRaw(raw_);
    } else {
        mode_ = Mode::Text;
        showText(replyText_, false);
    }
    updateHeader();
}

void ReplyView::showText(const QString& text, bool error) {
    QPalette pal = text_->palette();
    pal.setColor(QPalette::Text,
                 error ? stateColor(QStringLiteral("failed")) : palette().color(QPalette::Text));
    text_->setPalette(pal);
    // Keep the reader's place across a watch's refreshes.
    const int scroll = text_->verticalScrollBar() ? text_->verticalScrollBar()->value() : 0;
    text_->setPlainText(text);
    text_->verticalScrollBar()->setValue(scroll);
    stack_->setCurrentWidget(text_);
    applyLineHighlights();
}

void ReplyView::setRaw(bool raw) {
    raw_ = raw;
    if (rawButton_->isChecked() != raw) {
        const QSignalBlocker block(rawButton_);
        rawButton_->setChecked(raw);
    }
    if (!json_) {
        return;
    }
    if (raw || tree_->isTooLarge()) {
        mode_ = Mode::RawJson;
        showText(prettyJson(*json_), false);
    } else {
        mode_ = Mode::Tree;
        stack_->setCurrentWidget(tree_);
        tree_->applyHighlights(changedColor(palette()));
    }
    updateHeader();
}

void ReplyView::setFilter(const QString& text) {
    if (filter_->text() != text) {
        const QSignalBlocker block(filter_);
        filter_->setText(text);
    }
    tree_->setFilter(text);
    if (!text.isEmpty() && mode_ == Mode::Tree) {
        tree_->expandAll(); // matches deep down must show
    }
    if (!text.isEmpty() && stack_->currentWidget() == text_) {
        QTextCursor start(text_->document());
        text_->setTextCursor(start);
        text_->find(text);
    }
}

int ReplyView::visibleTopLevelRows() const {
    return tree_->visibleTopLevelRows();
}

void ReplyView::setChangedLines(const QList<int>& lines) {
    changedLines_ = lines;
    applyLineHighlights();
}

void ReplyView::setChangedPaths(const QStringList& paths) {
    tree_->setChangedPaths(paths, changedColor(palette()));
}

void ReplyView::applyLineHighlights() {
    QList<QTextEdit::ExtraSelection> selections;
    if (mode_ == Mode::Text) {
        const QColor colour = changedColor(palette());
        for (int line : changedLines_) {
            QTextBlock block = text_->document()->findBlockByNumber(line);
            if (!block.isValid()) {
                continue;
            }
            QTextEdit::ExtraSelection sel;
            sel.cursor = QTextCursor(block);
            sel.format.setBackground(colour);
            sel.format.setProperty(QTextFormat::FullWidthSelection, true);
            selections << sel;
        }
    }
    text_->setExtraSelections(selections);
}

QString ReplyView::formatText() const {
    switch (mode_) {
    case Mode::Empty:
        return QString();
    case Mode::Error:
        return tr("error");
    case Mode::Tree:
    case Mode::RawJson:
        return tr("JSON");
    case Mode::Text:
        return jsonUnsupported_ ? tr("text (no JSON)") : tr("text");
    }
    return QString();
}

void ReplyView::updateHeader() {
    const QString format = formatText();
    badge_->setVisible(!format.isEmpty());
    badge_->setText(format);
    QColor colour = stateColor(QStringLiteral("unknown"));
    if (mode_ == Mode::Error) {
        colour = stateColor(QStringLiteral("failed"));
    } else if (mode_ == Mode::Tree || mode_ == Mode::RawJson) {
        colour = stateColor(QStringLiteral("running"));
    }
    QPalette pal = badge_->palette();
    pal.setColor(QPalette::Window, colour);
    pal.setColor(QPalette::WindowText, Qt::white);
    badge_->setPalette(pal);
    badge_->setToolTip(jsonUnsupported_ && mode_ == Mode::Text
                           ? tr("The daemon does not speak --format json (OVS before 3.4): "
                                "its text reply is shown")
                           : QString());
    const bool haveReply = mode_ != Mode::Empty;
    const bool isJson = mode_ == Mode::Tree || mode_ == Mode::RawJson;
    rawButton_->setEnabled(isJson && !tree_->isTooLarge());
    rawButton_->setVisible(isJson);
    filter_->setEnabled(haveReply);
    copy_->setEnabled(haveReply);
    export_->setEnabled(haveReply);
    if (!haveReply) {
        summary_->clear();
    } else {
        const qsizetype lines =
            replyText_.count(QLatin1Char('\n')) +
            (replyText_.isEmpty() || replyText_.endsWith(QLatin1Char('\n')) ? 0 : 1);
        summary_->setText(tr("%n line(s)", nullptr, int(lines)));
    }
}

QString ReplyView::replyText() const {
    if (json_) {
        return prettyJson(*json_);
    }
    return replyText_;
}

QString ReplyView::copy() {
    QString text;
    if (stack_->currentWidget() == text_) {
        text = text_->textCursor().selectedText();
        text.replace(QChar::ParagraphSeparator, QLatin1Char('\n'));
    } else {
        const QModelIndexList rows = tree_->selectionModel()->selectedRows(KeyColumn);
        QStringList lines;
        for (const QModelIndex& index : rows) {
            const QModelIndex value = index.siblingAtColumn(ValueColumn);
            const QString path = index.data(PathRole).toString();
            lines << (path.isEmpty() ? QStringLiteral("/") : path) + QLatin1Char('\t') +
                         value.data().toString();
        }
        if (!lines.isEmpty()) {
            text = lines.join(QLatin1Char('\n')) + QLatin1Char('\n');
        }
    }
    if (text.isEmpty()) {
        text = replyText();
    }
    if (!text.isEmpty()) {
        QApplication::clipboard()->setText(text);
    }
    return text;
}

bool ReplyView::exportTo(const QString& path, QString* error) const {
    const std::optional<ExportFormat> format = exportFormatForPath(path);
    if (!format) {
        if (error) {
            *error = tr("Choose a file ending in .txt, .json or .csv.");
        }
        return false;
    }
    ReplyContent content{replyText(), json_};
    if (mode_ == Mode::Error) {
        content.text = replyText_;
    }
    const std::optional<QByteArray> data = exportReply(content, *format, error);
    return data && writeFileAtomically(path, *data, error);
}

void ReplyView::exportWithDialog() {
    if (mode_ == Mode::Empty) {
        return;
    }
    const QStringList filters = exportFileFilters();
    QString selected = json_ ? filters.value(1) : filters.value(0);
    QString path = QFileDialog::getSaveFileName(this, tr("Export Reply"), QString(),
                                                filters.join(QLatin1String(";;")), &selected);
    if (path.isEmpty()) {
        return;
    }
    if (!exportFormatForPath(path)) {
        const std::optional<ExportFormat> f = exportFormatForFilter(selected);
        path += QLatin1Char('.') + exportFormatName(f.value_or(ExportFormat::Text))
                                       .replace(QLatin1String("text"), QLatin1String("txt"));
    }
    QString error;
    if (!exportTo(path, &error)) {
        QMessageBox::warning(this, tr("Export Reply"), error);
    }
}

void ReplyView::showContextMenu(QWidget* source, const QPoint& pos) {
    QMenu menu(this);
    const bool selection = source == text_ ? text_->textCursor().hasSelection()
                                           : tree_->selectionModel()->hasSelection();
    QAction* copySel = menu.addAction(selection ? tr("Copy Selection") : tr("Copy Reply"));
    copySel->setShortcut(QKeySequence::Copy);
    connect(copySel, &QAction::triggered, this, [this] { copy(); });
    QAction* copyAll = menu.addAction(tr("Copy Whole Reply"));
    connect(copyAll, &QAction::triggered, this,
            [this] { QApplication::clipboard()->setText(replyText()); });
    if (source == text_) {
        menu.addAction(tr("Select All"), text_, &QPlainTextEdit::selectAll);
    } else {
        menu.addAction(tr("Expand All"), tree_, &QTreeView::expandAll);
        menu.addAction(tr("Collapse All"), tree_, &QTreeView::collapseAll);
    }
    menu.addSeparator();
    menu.addAction(tr("Export…"), this, &ReplyView::exportWithDialog);
    copySel->setEnabled(mode_ != Mode::Empty);
    copyAll->setEnabled(mode_ != Mode::Empty);
    menu.exec(source->mapToGlobal(pos));
}

bool ReplyView::eventFilter(QObject* watched, QEvent* event) {
    if ((watched == text_ || watched == tree_) && event->type() == QEvent::KeyPress &&
        static_cast<QKeyEvent*>(event)->matches(QKeySequence::Copy)) {
        copy();
        return true;
    }
    return QWidget::eventFilter(watched, event);
}

} // namespace vigil::ui
