#include "views/command_palette.h"

#include "views/palette_delegate.h"

#include <QApplication>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QMainWindow>
#include <QMenuBar>
#include <QMouseEvent>
#include <QVBoxLayout>
#include <algorithm>

namespace vigil::ui {

namespace {

// The most rows the list shows before it scrolls, and the panel's width against its window's.
constexpr int maxVisibleRows = 12;
constexpr int minWidth = 420;
constexpr int maxWidth = 760;

// The keys the line edit hands to the palette instead of editing with them or letting a
// window shortcut take them.
bool isPaletteKey(int key) {
    switch (key) {
    case Qt::Key_Up:
    case Qt::Key_Down:
    case Qt::Key_PageUp:
    case Qt::Key_PageDown:
    case Qt::Key_Return:
    case Qt::Key_Enter:
    case Qt::Key_Escape:
    case Qt::Key_Tab:
    case Qt::Key_Backtab:
        return true;
    default:
        return false;
    }
}

} // namespace

CommandPalette::CommandPalette(PaletteModel* model, QWidget* window)
    : QFrame(window), model_(model) {
    setObjectName(QStringLiteral("commandPalette"));
    setAccessibleName(tr("Command palette"));
    setFrameShape(QFrame::StyledPanel);
    setFrameShadow(QFrame::Raised);
    setAutoFillBackground(true);
    setBackgroundRole(QPalette::Base);

    edit_ = new QLineEdit;
    edit_->setObjectName(QStringLiteral("paletteQuery"));
    edit_->setAccessibleName(tr("Command palette query"));
    edit_->setPlaceholderText(
        tr("Type to jump to a host, target, daemon or command, or run an action"));
    edit_->setClearButtonEnabled(true);
    edit_->installEventFilter(this);
    connect(edit_, &QLineEdit::textChanged, this, &CommandPalette::onQueryChanged);

    list_ = new QListView;
    list_->setObjectName(QStringLiteral("paletteResults"));
    list_->setAccessibleName(tr("Matching entries"));
    list_->setModel(model_);
    list_->setItemDelegate(new PaletteDelegate(list_));
    list_->setUniformItemSizes(true);
    list_->setSelectionMode(QAbstractItemView::SingleSelection);
    list_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    list_->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    list_->setFrameShape(QFrame::NoFrame);
    // The keyboard stays in the line edit; the list only shows and takes clicks.
    list_->setFocusPolicy(Qt::NoFocus);
    connect(list_, &QListView::clicked, this,
            [this](const QModelIndex& index) { activate(index.row(), false); });
    connect(model_, &QAbstractItemModel::modelReset, this, &CommandPalette::onResultsReset);

    noMatch_ = new QLabel;
    noMatch_->setObjectName(QStringLiteral("paletteNoMatch"));
    noMatch_->setAlignment(Qt::AlignCenter);
    noMatch_->setTextFormat(Qt::PlainText);
    noMatch_->setForegroundRole(QPalette::PlaceholderText);
    noMatch_->setMargin(8);
    noMatch_->hide();

    hint_ = new QLabel(tr("↑↓ select · Enter go · Ctrl+Enter run a command now · Esc close"));
    hint_->setObjectName(QStringLiteral("paletteHint"));
    hint_->setForegroundRole(QPalette::PlaceholderText);
    hint_->setTextFormat(Qt::PlainText);
    QFont small = hint_->font();
    small.setPointSizeF(small.pointSizeF() * 0.9);
    hint_->setFont(small);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 4);
    layout->setSpacing(4);
    layout->addWidget(edit_);
    layout->addWidget(list_);
    layout->addWidget(noMatch_);
    layout->addWidget(hint_);

    window->installEventFilter(this); // to follow its size
    hide();
}

CommandPalette::~CommandPalette() {
    if (isVisible()) {
        qApp->removeEventFilter(this);
        model_->setActive(false);
    }
}

void CommandPalette::open() {
    if (isVisible()) {
        edit_->setFocus(Qt::ShortcutFocusReason);
        edit_->selectAll();
        return;
    }
    previousFocus_ = QApplication::focusWidget();
    model_->setActive(true);
    edit_->clear();
    model_->setQuery(QString()); // clear() emits nothing when the line was already empty
    onResultsReset();
    show();
    raise();
    edit_->setFocus(Qt::ShortcutFocusReason);
    // Clicks anywhere else in the application close the palette (see eventFilter()).
    qApp->installEventFilter(this);
}

void CommandPalette::dismiss(bool restoreFocus) {
    if (!isVisible()) {
        return;
    }
    qApp->removeEventFilter(this);
    hide();
    model_->setActive(false);
    if (restoreFocus && previousFocus_) {
        previousFocus_->setFocus(Qt::OtherFocusReason);
    }
    previousFocus_.clear();
}

int CommandPalette::currentRow() const {
    const QModelIndex current = list_->currentIndex();
    return current.isValid() ? current.row() : -1;
}

void CommandPalette::onQueryChanged(const QString& text) {
    model_->setQuery(text);
}

void CommandPalette::onResultsReset() {
    const int rows = model_->rowCount();
    // The best match is the one Enter takes, so it is always selected.
    if (rows > 0) {
        list_->setCurrentIndex(model_->index(0));
        list_->scrollToTop();
    }
    const bool nothing = rows == 0;
    list_->setVisible(!nothing);
    noMatch_->setVisible(nothing);
    noMatch_->setText(edit_->text().trimmed().isEmpty()
                          ? tr("Nothing to jump to yet")
                          : tr("No match for “%1”").arg(edit_->text().trimmed()));
    place();
}

void CommandPalette::moveSelection(int rows) {
    const int count = model_->rowCount();
    if (count == 0) {
        return;
    }
    const int row = std::clamp(std::max(currentRow(), 0) + rows, 0, count - 1);
    list_->setCurrentIndex(model_->index(row));
    list_->scrollTo(model_->index(row));
}

void CommandPalette::activate(int row, bool runNow) {
    const PaletteEntry* chosen = model_->entry(row);
    if (!chosen) {
        return;
    }
    // A copy: closing deactivates the model, and the entry's effect may change its sources.
    const PaletteEntry entry = *chosen;
    dismiss(false);
    Q_EMIT entryActivated(entry, runNow);
}

int CommandPalette::visibleRows() const {
    const int row = list_->sizeHintForRow(0) > 0 ? list_->sizeHintForRow(0) : 24;
    return std::max(1, list_->viewport()->height() / row);
}

void CommandPalette::place() {
    QWidget* window = parentWidget();
    if (!window) {
        return;
    }
    const int width = std::clamp(window->width() / 2, std::min(minWidth, window->width()),
                                 std::min(maxWidth, window->width()));
    // As high as the rows need, up to maxVisibleRows, so a short list is a short panel.
    const int rowHeight = std::max(list_->sizeHintForRow(0), fontMetrics().height());
    const int rows = std::min(model_->rowCount(), maxVisibleRows);
    list_->setFixedHeight(rows * rowHeight + 2 * list_->frameWidth());
    int top = 0;
    if (auto* main = qobject_cast<QMainWindow*>(window); main && main->menuWidget()) {
        top = main->menuWidget()->geometry().bottom() + 1;
    }
    // The layout learns of the list's new height only from the event loop; ask it now, so
    // the panel is never one keystroke behind its rows.
    layout()->invalidate();
    const QSize size(width, layout()->totalSizeHint().height());
    setGeometry(QRect(QPoint((window->width() - width) / 2, top + 4), size));
}

bool CommandPalette::eventFilter(QObject* watched, QEvent* event) {
    if (watched == parentWidget()) {
        if (event->type() == QEvent::Resize && isVisible()) {
            place();
        }
        return false;
    }
    if (watched == edit_) {
        if (event->type() == QEvent::ShortcutOverride) {
            // Claim the palette's keys before any window shortcut (Escape stops a watch on the
            // Commands page, for one).
            auto* key = static_cast<QKeyEvent*>(event);
            if (isPaletteKey(key->key())) {
                event->accept();
                return true;
            }
            return false;
        }
        if (event->type() == QEvent::KeyPress) {
            auto* key = static_cast<QKeyEvent*>(event);
            switch (key->key()) {
            case Qt::Key_Up:
                moveSelection(-1);
                return true;
            case Qt::Key_Down:
                moveSelection(1);
                return true;
            case Qt::Key_PageUp:
                moveSelection(-(visibleRows() - 1));
                return true;
            case Qt::Key_PageDown:
                moveSelection(visibleRows() - 1);
                return true;
            case Qt::Key_Return:
            case Qt::Key_Enter:
                activate(currentRow(), key->modifiers() & Qt::ControlModifier);
                return true;
            case Qt::Key_Escape:
                dismiss(true);
                return true;
            case Qt::Key_Tab:
            case Qt::Key_Backtab:
                return true; // the keyboard stays in the palette while it is open
            default:
                return false;
            }
        }
        return false;
    }
    // Application-wide while open: a press outside the panel closes it, and the press goes on
    // to whatever was clicked (which takes the keyboard if it wants it). The test is where
    // the press is, not who receives it: a press the list ignores travels on to the window.
    if (event->type() == QEvent::MouseButtonPress && isVisible() && watched->isWidgetType()) {
        const QPoint at = static_cast<QMouseEvent*>(event)->globalPosition().toPoint();
        auto* widget = static_cast<QWidget*>(watched);
        if (widget->window() != window() || !rect().contains(mapFromGlobal(at))) {
            dismiss(false);
        }
    }
    return false;
}

} // namespace vigil::ui
