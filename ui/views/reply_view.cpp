#include "views/reply_view.h"

#include "services/reply_analysis.h"
#include "services/table_export.h"
#include "views/state_style.h"

#include <QApplication>
#include <QClipboard>
#include <QFileDialog>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QScrollBar>
#include <QSortFilterProxyModel>
#include <QStackedWidget>
#include <QStandardItemModel>
#include <QTextBlock>
#include <QToolButton>
#include <QTreeView>
#include <QVBoxLayout>
#include <functional>

namespace vigil::ui {

namespace {

QString typeName(const QJsonValue& v) {
    switch (v.type()) {
    case QJsonValue::Null:
        return QStringLiteral("null");
    case QJsonValue::Bool:
        return QStringLiteral("boolean");
    case QJsonValue::Double:
        return QStringLiteral("number");
    case QJsonValue::String:
        return QStringLiteral("string");
    case QJsonValue::Array:
        return QStringLiteral("array");
    case QJsonValue::Object:
        return QStringLiteral("object");
    case QJsonValue::Undefined:
        break;
    }
    return QString();
}

// A leaf as JSON would spell it (strings unquoted: the Type column tells them apart);
// containers as a count.
QString valueText(const QJsonValue& v) {
    switch (v.type()) {
    case QJsonValue::Array:
        return QObject::tr("[%n item(s)]", nullptr, int(v.toArray().size()));
    case QJsonValue::Object:
        return QObject::tr("{%n member(s)}", nullptr, int(v.toObject().size()));
    case QJsonValue::String:
        return v.toString();
    default: {
        const QByteArray wrapped = QJsonDocument(QJsonArray{v}).toJson(QJsonDocument::Compact);
        return QString::fromUtf8(wrapped.mid(1, wrapped.size() - 2));
    }
    }
}

QString prettyJson(const QJsonValue& v) {
    if (v.isObject()) {
        return QString::fromUtf8(QJsonDocument(v.toObject()).toJson(QJsonDocument::Indented));
    }
    if (v.isArray()) {
        return QString::fromUtf8(QJsonDocument(v.toArray()).toJson(QJsonDocument::Indented));
    }
    return valueText(v) + QLatin1Char('\n');
}

std::optional<QJsonValue> parseJson(const QString& text) {
    QJsonParseError error{};
    const QJsonDocument doc =
        QJsonDocument::fromJson((QLatin1Char('[') + text + QLatin1Char(']')).toUtf8(), &error);
    if (error.error != QJsonParseError::NoError || !doc.isArray() || doc.array().size() != 1) {
        return std::nullopt;
    }
    return doc.array().first();
}

// Keeps a row whose key or value matches, and the ancestors of such rows.
class TreeFilter : public QSortFilterProxyModel {
public:
    explicit TreeFilter(QObject* parent) : QSortFilterProxyModel(parent) {
        setRecursiveFilteringEnabled(true);
        setFilterCaseSensitivity(Qt::CaseInsensitive);
    }

protected:
    bool filterAcceptsRow(int row, const QModelIndex& parent) const override {
        const QString needle = filterRegularExpression().pattern();
        if (needle.isEmpty()) {
            return true;
        }
        for (int column : {int(ReplyView::KeyColumn), int(ReplyView::ValueColumn)}) {
            const QModelIndex index = sourceModel()->index(row, column, parent);
            if (index.data().toString().contains(needle, Qt::CaseInsensitive)) {
                return true;
            }
        }
        return false;
    }
};

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

    model_ = new QStandardItemModel(this);
    model_->setHorizontalHeaderLabels({tr("Key"), tr("Value"), tr("Type")});
    filtered_ = new TreeFilter(this);
    filtered_->setSourceModel(model_);
    tree_ = new QTreeView;
    tree_->setObjectName(QStringLiteral("replyTree"));
    tree_->setModel(filtered_);
    tree_->setUniformRowHeights(true);
    tree_->setAlternatingRowColors(true);
    tree_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    tree_->setSelectionMode(QAbstractItemView::ExtendedSelection);
    tree_->setSelectionBehavior(QAbstractItemView::SelectRows);
    tree_->header()->setStretchLastSection(false);
    tree_->header()->setSectionResizeMode(ValueColumn, QHeaderView::Stretch);
    tree_->setColumnWidth(KeyColumn, 260);
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
    treeTooLarge_ = false;
    json_.reset();
    replyText_.clear();
    jsonUnsupported_ = false;
    changedLines_.clear();
    changedPaths_.clear();
    model_->removeRows(0, model_->rowCount());
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
    changedPaths_.clear();
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
        buildTree(*json_);
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

void ReplyView::buildTree(const QJsonValue& value) {
    // Remember what the reader opened, so a watch's refresh does not fold it up again.
    QSet<QString> expanded;
    if (model_->rowCount() > 0) {
        std::function<void(const QModelIndex&)> collect = [&](const QModelIndex& parent) {
            for (int r = 0; r < filtered_->rowCount(parent); r++) {
                const QModelIndex index = filtered_->index(r, 0, parent);
                if (tree_->isExpanded(index)) {
                    expanded.insert(index.data(PathRole).toString());
                    collect(index);
                }
            }
        };
        collect(QModelIndex());
    }
    model_->removeRows(0, model_->rowCount());
    int budget = maxTreeNodes;
    QStandardItem* root = model_->invisibleRootItem();
    treeDepth_ = 0;
    if (value.isObject()) {
        const QJsonObject o = value.toObject();
        for (auto it = o.constBegin(); it != o.constEnd() && budget > 0; ++it) {
            addNode(root, it.key(), jsonPointerChild(QString(), it.key()), it.value(), 1, budget);
        }
    } else if (value.isArray()) {
        const QJsonArray a = value.toArray();
        for (qsizetype i = 0; i < a.size() && budget > 0; i++) {
            addNode(root, QStringLiteral("[%1]").arg(i),
                    jsonPointerChild(QString(), QString::number(i)), a.at(i), 1, budget);
        }
    } else {
        addNode(root, tr("(value)"), QString(), value, 1, budget);
    }
    treeTooLarge_ = budget <= 0;
    if (treeTooLarge_) {
        // Too large to browse as a tree: the raw JSON says it all.
        model_->removeRows(0, model_->rowCount());
        return;
    }
    if (expanded.isEmpty()) {
        expandSensibly();
    } else {
        std::function<void(const QModelIndex&)> restore = [&](const QModelIndex& parent) {
            for (int r = 0; r < filtered_->rowCount(parent); r++) {
                const QModelIndex index = filtered_->index(r, 0, parent);
                if (expanded.contains(index.data(PathRole).toString())) {
                    tree_->expand(index);
                    restore(index);
                }
            }
        };
        restore(QModelIndex());
    }
}

QStandardItem* ReplyView::addNode(QStandardItem* parent, const QString& key, const QString& path,
                                  const QJsonValue& value, int depth, int& budget) {
    budget--;
    treeDepth_ = std::max(treeDepth_, depth);
    auto* keyItem = new QStandardItem(key);
    keyItem->setData(path, PathRole);
    auto* valueItem = new QStandardItem(valueText(value));
    auto* typeItem = new QStandardItem(typeName(value));
    if (value.isString()) {
        valueItem->setToolTip(value.toString());
    }
    parent->appendRow({keyItem, valueItem, typeItem});
    if (value.isObject()) {
        const QJsonObject o = value.toObject();
        for (auto it = o.constBegin(); it != o.constEnd() && budget > 0; ++it) {
            addNode(keyItem, it.key(), jsonPointerChild(path, it.key()), it.value(), depth + 1,
                    budget);
        }
    } else if (value.isArray()) {
        const QJsonArray a = value.toArray();
        for (qsizetype i = 0; i < a.size() && budget > 0; i++) {
            addNode(keyItem, QStringLiteral("[%1]").arg(i),
                    jsonPointerChild(path, QString::number(i)), a.at(i), depth + 1, budget);
        }
    }
    return keyItem;
}

void ReplyView::expandSensibly() {
    // As deep as keeps the visible rows on about two screens: all of a small reply, the top
    // levels of a large one.
    constexpr int maxVisible = 200;
    QList<int> perDepth;
    std::function<void(const QModelIndex&, int)> count = [&](const QModelIndex& parent, int depth) {
        const int rows = model_->rowCount(parent);
        if (rows == 0) {
            return;
        }
        if (perDepth.size() <= depth) {
            perDepth.resize(depth + 1);
        }
        perDepth[depth] += rows;
        for (int r = 0; r < rows; r++) {
            count(model_->index(r, 0, parent), depth + 1);
        }
    };
    count(QModelIndex(), 0);
    int visible = 0;
    int depth = -1;
    for (int d = 0; d < perDepth.size(); d++) {
        visible += perDepth[d];
        if (visible > maxVisible && d > 0) {
            break;
        }
        depth = d;
    }
    tree_->collapseAll();
    if (depth >= 1) {
        tree_->expandToDepth(depth - 1);
    }
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
    if (raw || treeTooLarge_) {
        mode_ = Mode::RawJson;
        showText(prettyJson(*json_), false);
    } else {
        mode_ = Mode::Tree;
        stack_->setCurrentWidget(tree_);
        applyPathHighlights();
    }
    updateHeader();
}

void ReplyView::setFilter(const QString& text) {
    if (filter_->text() != text) {
        const QSignalBlocker block(filter_);
        filter_->setText(text);
    }
    filtered_->setFilterFixedString(text);
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
    return filtered_->rowCount();
}

void ReplyView::setChangedLines(const QList<int>& lines) {
    changedLines_ = lines;
    applyLineHighlights();
}

void ReplyView::setChangedPaths(const QStringList& paths) {
    changedPaths_.clear();
    for (const QString& p : paths) {
        // The ancestors too, so a change inside a collapsed object shows on its row.
        QString path = p;
        while (!path.isEmpty()) {
            changedPaths_.insert(path);
            path.truncate(path.lastIndexOf(QLatin1Char('/')));
        }
    }
    applyPathHighlights();
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

void ReplyView::applyPathHighlights() {
    const QColor colour = changedColor(palette());
    std::function<void(QStandardItem*)> walk = [&](QStandardItem* parent) {
        for (int r = 0; r < parent->rowCount(); r++) {
            QStandardItem* key = parent->child(r, KeyColumn);
            const bool changed = changedPaths_.contains(key->data(PathRole).toString());
            for (int c = KeyColumn; c <= TypeColumn; c++) {
                if (QStandardItem* item = parent->child(r, c)) {
                    item->setData(changed ? QVariant(colour) : QVariant(), Qt::BackgroundRole);
                }
            }
            walk(key);
        }
    };
    walk(model_->invisibleRootItem());
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
    rawButton_->setEnabled(isJson && !treeTooLarge_);
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
