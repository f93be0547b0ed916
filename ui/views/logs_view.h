// The Logs view: one daemon's captured stdout and stderr, timestamped, with follow (keep the
// newest line in view), pause (freeze the view; new lines wait and are counted), search (shows
// only the lines containing the text) and a stream filter (both, stdout, stderr).
#pragma once

#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QSortFilterProxyModel;
class QTableView;
class QToolButton;

namespace vigil::ui {

class LogModel;
class Supervisor;

class LogsView : public QWidget {
    Q_OBJECT
public:
    // Which streams are shown.
    enum class Streams { Both, Stdout, Stderr };

    // Shows the output of `supervisor`'s daemons (not owned).
    explicit LogsView(Supervisor* supervisor, QWidget* parent = nullptr);

    // Shows the output of `name` (empty: none).
    void setDaemon(const QString& name);
    QString daemon() const;

    // Sets the search text (lines without it are hidden), as if typed.
    void setSearch(const QString& text);
    // Sets the stream filter.
    void setStreams(Streams streams);
    // Follow on: the view keeps the newest line visible.
    void setFollow(bool on);
    bool following() const;
    // Pause on: the view stops taking new lines until resumed (they are kept, not lost).
    void setPaused(bool on);
    bool paused() const;

    // The number of lines shown (after search and stream filter), and held while paused.
    int visibleLineCount() const;
    int pendingLineCount() const;
    // The text of the shown line `row` (for tests).
    QString lineText(int row) const;
    QTableView* table() const { return table_; }

protected:
    void resizeEvent(QResizeEvent* event) override;

private:
    void updateSummary();

    Supervisor* supervisor_;
    LogModel* model_;
    QSortFilterProxyModel* filtered_;
    QComboBox* daemonBox_;
    QLineEdit* search_;
    QComboBox* streams_;
    QToolButton* follow_;
    QToolButton* pause_;
    QLabel* summary_;
    QLabel* empty_;
    QTableView* table_;
};

} // namespace vigil::ui
