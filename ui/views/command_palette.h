// The command palette (Ctrl+K, after KDE's KCommandBar and VS Code's quick open): a frameless
// panel over the top centre of its window with a line edit and, below it, the entries of a
// PaletteModel that match what is typed. The keyboard stays in the line edit: Up, Down,
// Page Up and Page Down move the selection, Enter activates the selected entry (Ctrl+Enter
// asks for it to run at once), Escape closes and gives the keyboard back to where it was, and
// a click anywhere outside the panel closes it too.
//
// It is a child widget raised over the window rather than a Qt::Popup window: it needs no
// pointer grab, follows the window when it moves or resizes, and behaves the same on every
// platform plug-in (offscreen included). The palette only presents the entries; what an
// activated entry does is up to its owner (see entryActivated()).
#pragma once

#include "models/palette_model.h"

#include <QFrame>
#include <QPointer>

class QLabel;
class QLineEdit;
class QListView;

namespace vigil::ui {

class CommandPalette : public QFrame {
    Q_OBJECT
public:
    // Presents `model` (not owned; must outlive the palette) over `window`, its parent. The
    // palette starts hidden and keeps the model inactive while it is.
    CommandPalette(PaletteModel* model, QWidget* window);
    ~CommandPalette() override;

    // Shows the palette with an empty query and the keyboard in its line edit, activating the
    // model; when it is already open, only selects the typed text.
    void open();
    // Hides the palette and deactivates the model; `restoreFocus` gives the keyboard back to
    // the widget that had it before open().
    void dismiss(bool restoreFocus = true);

    QLineEdit* lineEdit() const { return edit_; }
    QListView* resultView() const { return list_; }
    // The "No match" line shown instead of the list when nothing matches.
    QLabel* noMatchLabel() const { return noMatch_; }
    // The row selected in the list, -1 when none.
    int currentRow() const;

Q_SIGNALS:
    // The user chose `entry` (Enter, or a click on it); `runNow` is true for Ctrl+Enter. The
    // palette has already closed, without giving the keyboard back, since the entry's effect
    // decides where it goes.
    void entryActivated(const vigil::ui::PaletteEntry& entry, bool runNow);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void onQueryChanged(const QString& text);
    void onResultsReset();
    void moveSelection(int rows);
    void activate(int row, bool runNow);
    void place();
    int visibleRows() const;

    PaletteModel* model_;
    QLineEdit* edit_;
    QListView* list_;
    QLabel* noMatch_;
    QLabel* hint_;
    QPointer<QWidget> previousFocus_;
};

} // namespace vigil::ui
