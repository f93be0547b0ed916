// A command's reply, shown as what it is: a JSON reply as a tree (key, value, type; expanded to
// a depth that fits, filterable) with a Raw toggle for the pretty JSON, a text reply (OVS's
// tables: dpif/show, coverage/show, memory/show, fdb/show) in a fixed-width font without
// wrapping, an error in the error colour. A badge says which format the reply is in. Copy
// (button, Ctrl+C, context menu) copies the selection or the whole reply; Export writes it to a
// file. Lines or tree rows that changed since a watch's previous run can be highlighted. The
// tree itself is a JsonTree (views/json_tree.h); this file keeps the pane around it.
#pragma once

#include "services/invocation.h"
#include "views/json_tree.h"

#include <QJsonValue>
#include <QWidget>
#include <optional>

class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QStackedWidget;
class QToolButton;

namespace vigil::ui {

class ReplyView : public QWidget {
    Q_OBJECT
public:
    // What the pane shows now.
    enum class Mode { Empty, Text, Tree, RawJson, Error };
    // The tree's columns and column 0's role holding a row's JSON Pointer path (JsonTree's).
    enum Column {
        KeyColumn = JsonTree::KeyColumn,
        ValueColumn = JsonTree::ValueColumn,
        TypeColumn = JsonTree::TypeColumn
    };
    static constexpr int PathRole = JsonTree::PathRole;
    // A JSON reply with more nodes than this is shown as raw JSON.
    static constexpr int maxTreeNodes = JsonTree::maxNodes;

    explicit ReplyView(QWidget* parent = nullptr);

    // Shows the reply (or error) of a finished invocation; a running one shows a note.
    void showInvocation(const Invocation& invocation);
    // Shows `text` as a placeholder note (nothing to copy or export).
    void showNote(const QString& text);
    void clear();

    // Highlights the text reply's lines (0-based) or the JSON tree's rows whose path is in
    // `paths` (and their ancestors, so a collapsed change shows); empty clears.
    void setChangedLines(const QList<int>& lines);
    void setChangedPaths(const QStringList& paths);

    // Shows the pretty JSON instead of the tree (JSON replies only).
    void setRaw(bool raw);
    bool isRaw() const { return raw_; }
    // Filters the tree to rows whose key or value contains `text` (case-insensitive; their
    // ancestors stay); in text, selects the first match.
    void setFilter(const QString& text);

    Mode mode() const { return mode_; }
    // The badge text: "JSON", "text", "text (no JSON)", "error" or empty.
    QString formatText() const;
    // The reply as it would be copied whole: the text, or the pretty JSON.
    QString replyText() const;
    // The reply's JSON value when it is a JSON reply.
    std::optional<QJsonValue> replyJson() const { return json_; }
    // Copies the selection (text selection, or the selected tree rows as "path<TAB>value"),
    // or the whole reply when nothing is selected, to the clipboard. Returns what it copied.
    QString copy();
    // Writes the reply to `path` in the format its extension names (txt, json, csv). Returns
    // false with the reason in `*error` (an unknown extension, CSV of a non-tabular reply, a
    // failed write: the old file is then left as it was).
    bool exportTo(const QString& path, QString* error = nullptr) const;
    // Asks for a file and exports to it, reporting a failure in a message box.
    void exportWithDialog();

    JsonTree* tree() const { return tree_; }
    QPlainTextEdit* textPane() const { return text_; }
    // The tree's number of rows at top level (after the filter).
    int visibleTopLevelRows() const;

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void showText(const QString& text, bool error);
    void showContextMenu(QWidget* source, const QPoint& pos);
    void updateHeader();
    void applyLineHighlights();

    Mode mode_ = Mode::Empty;
    bool raw_ = false;
    bool jsonUnsupported_ = false;
    QString replyText_;
    std::optional<QJsonValue> json_;
    QList<int> changedLines_;

    QLabel* badge_;
    QLabel* summary_;
    QLineEdit* filter_;
    QToolButton* rawButton_;
    QToolButton* copy_;
    QToolButton* export_;
    QStackedWidget* stack_;
    QPlainTextEdit* text_;
    JsonTree* tree_;
};

} // namespace vigil::ui
