#include "views/logs_view.h"

#include "models/log_model.h"
#include "services/supervisor.h"
#include "views/state_style.h"
#include "views/table_export_actions.h"

#include <QComboBox>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QScrollBar>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

namespace vigil::ui {

namespace {

// Filters by stream and by a search text in the line, and dresses the cells: stderr's stream
// name in the warning colour, the text in the fixed-width font.
class LogFilter : public QSortFilterProxyModel {
public:
    using QSortFilterProxyModel::QSortFilterProxyModel;

    void setStreams(LogsView::Streams streams) {
        streams_ = streams;
        invalidateRowsFilter();
    }
    void setSearch(const QString& text) {
        search_ = text;
        invalidateRowsFilter();
    }

    QVariant data(const QModelIndex& index, int role) const override {
        if (role == Qt::ForegroundRole && index.column() == LogModel::StreamColumn &&
            index.data(LogModel::IsStderrRole).toBool()) {
            return stateColor(QStringLiteral("stopping"));
        }
        if (role == Qt::FontRole && index.column() == LogModel::TextColumn) {
            static const QFont fixed = QFontDatabase::systemFont(QFontDatabase::FixedFont);
            return fixed;
        }
        return QSortFilterProxyModel::data(index, role);
    }

protected:
    bool filterAcceptsRow(int row, const QModelIndex& parent) const override {
        QModelIndex text = sourceModel()->index(row, LogModel::TextColumn, parent);
        if (streams_ != LogsView::Streams::Both) {
            bool isStderr = text.data(LogModel::IsStderrRole).toBool();
            if (isStderr != (streams_ == LogsView::Streams::Stderr)) {
                return false;
            }
        }
        return search_.isEmpty() || text.data().toString().contains(search_, Qt::CaseInsensitive);
    }

private:
    LogsView::Streams streams_ = LogsView::Streams::Both;
    QString search_;
};

} // namespace

LogsView::LogsView(Supervisor* supervisor, QWidget* parent)
    : QWidget(parent), supervisor_(supervisor) {
    setObjectName(QStringLiteral("logsView"));
    model_ = new LogModel(supervisor_, QString(), this);
    auto* filter = new LogFilter(this);
    filter->setSourceModel(model_);
    filtered_ = filter;

    daemonBox_ = new QComboBox;
    daemonBox_->setObjectName(QStringLiteral("logDaemon"));
    daemonBox_->setMinimumContentsLength(16);
    daemonBox_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    auto fillDaemons = [this] {
        QString current = model_->daemon();
        QSignalBlocker block(daemonBox_);
        daemonBox_->clear();
        daemonBox_->addItems(supervisor_->names());
        daemonBox_->setCurrentIndex(daemonBox_->findText(current));
    };
    fillDaemons();
    connect(supervisor_, &Supervisor::daemonAdded, this, fillDaemons);
    connect(supervisor_, &Supervisor::daemonRemoved, this, fillDaemons);
    connect(daemonBox_, &QComboBox::currentTextChanged, this,
            [this](const QString& name) { setDaemon(name); });

    search_ = new QLineEdit;
    search_->setObjectName(QStringLiteral("logSearch"));
    search_->setAccessibleName(tr("Search log lines"));
    search_->setPlaceholderText(tr("Search lines"));
    search_->setClearButtonEnabled(true);
    connect(search_, &QLineEdit::textChanged, this, [this, filter](const QString& text) {
        filter->setSearch(text);
        updateSummary();
    });

    streams_ = new QComboBox;
    streams_->setObjectName(QStringLiteral("logStreams"));
    streams_->addItem(tr("stdout and stderr"));
    streams_->addItem(tr("stdout only"));
    streams_->addItem(tr("stderr only"));
    connect(streams_, &QComboBox::currentIndexChanged, this, [this, filter](int index) {
        filter->setStreams(Streams(index));
        updateSummary();
    });

    follow_ = new QToolButton;
    follow_->setObjectName(QStringLiteral("logFollow"));
    follow_->setIcon(resourceIcon(QStringLiteral("follow")));
    follow_->setText(tr("Follow"));
    follow_->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    follow_->setCheckable(true);
    follow_->setChecked(true);
    follow_->setToolTip(tr("Keep the newest line in view"));
    pause_ = new QToolButton;
    pause_->setObjectName(QStringLiteral("logPause"));
    pause_->setIcon(resourceIcon(QStringLiteral("pause")));
    pause_->setText(tr("Pause"));
    pause_->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    pause_->setCheckable(true);
    pause_->setToolTip(tr("Freeze the view; new lines are kept and shown on resume"));
    connect(pause_, &QToolButton::toggled, this, [this](bool on) {
        model_->setPaused(on);
        pause_->setText(on ? tr("Resume") : tr("Pause"));
        pause_->setIcon(resourceIcon(on ? QStringLiteral("start") : QStringLiteral("pause")));
        updateSummary();
    });
    connect(model_, &LogModel::pendingChanged, this, &LogsView::updateSummary);

    summary_ = new QLabel;
    summary_->setObjectName(QStringLiteral("logSummary"));

    auto* bar = new QHBoxLayout;
    bar->addWidget(new QLabel(tr("Daemon:")));
    bar->addWidget(daemonBox_);
    bar->addWidget(search_, 1);
    bar->addWidget(streams_);
    bar->addWidget(follow_);
    bar->addWidget(pause_);

    table_ = new QTableView;
    table_->setObjectName(QStringLiteral("logTable"));
    table_->setAccessibleName(tr("Log lines"));
    table_->setModel(filtered_);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->setShowGrid(false);
    table_->setWordWrap(false);
    table_->verticalHeader()->hide();
    table_->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    table_->verticalHeader()->setDefaultSectionSize(table_->fontMetrics().height() + 4);
    table_->horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    table_->horizontalHeader()->setHighlightSections(false);
    table_->horizontalHeader()->setStretchLastSection(true);
    const int cw = table_->fontMetrics().averageCharWidth();
    table_->setColumnWidth(LogModel::TimeColumn, 15 * cw);
    table_->setColumnWidth(LogModel::StreamColumn, 9 * cw);
    table_->setAlternatingRowColors(true);
    bar->addWidget(addTableExport(table_, tr("Logs")));

    // Follow: scroll to the newest line after each burst; scrolling up by hand turns it off,
    // scrolling back to the bottom turns it on again (as terminals and journal viewers do).
    connect(filtered_, &QAbstractItemModel::rowsInserted, this, [this] {
        if (follow_->isChecked()) {
            table_->scrollToBottom();
        }
        updateSummary();
    });
    connect(filtered_, &QAbstractItemModel::modelReset, this, [this] {
        if (follow_->isChecked()) {
            table_->scrollToBottom();
        }
        updateSummary();
    });
    connect(follow_, &QToolButton::toggled, this, [this](bool on) {
        if (on) {
            table_->scrollToBottom();
        }
    });
    connect(table_->verticalScrollBar(), &QScrollBar::valueChanged, this, [this](int value) {
        QScrollBar* bar = table_->verticalScrollBar();
        if (bar->isSliderDown()) {
            follow_->setChecked(value == bar->maximum());
        }
    });

    // An empty table says why it is empty instead of showing a blank panel.
    empty_ = new QLabel(table_->viewport());
    empty_->setObjectName(QStringLiteral("logEmpty"));
    empty_->setAlignment(Qt::AlignCenter);
    empty_->setWordWrap(true);
    empty_->setForegroundRole(QPalette::PlaceholderText);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addLayout(bar);
    layout->addWidget(table_, 1);
    layout->addWidget(summary_);
    updateSummary();
}

void LogsView::setDaemon(const QString& name) {
    if (name == model_->daemon()) {
        return;
    }
    model_->setDaemon(name);
    QSignalBlocker block(daemonBox_);
    daemonBox_->setCurrentIndex(daemonBox_->findText(name));
    updateSummary();
}

QString LogsView::daemon() const {
    return model_->daemon();
}

void LogsView::setSearch(const QString& text) {
    search_->setText(text);
}

void LogsView::setStreams(Streams streams) {
    streams_->setCurrentIndex(int(streams));
}

void LogsView::setFollow(bool on) {
    follow_->setChecked(on);
}

bool LogsView::following() const {
    return follow_->isChecked();
}

void LogsView::setPaused(bool on) {
    pause_->setChecked(on);
}

bool LogsView::paused() const {
    return pause_->isChecked();
}

int LogsView::visibleLineCount() const {
    return filtered_->rowCount();
}

int LogsView::pendingLineCount() const {
    return model_->pendingCount();
}

QString LogsView::lineText(int row) const {
    return filtered_->index(row, LogModel::TextColumn).data().toString();
}

void LogsView::resizeEvent(QResizeEvent* event) {
    QWidget::resizeEvent(event);
    empty_->setGeometry(table_->viewport()->rect().adjusted(20, 20, -20, -20));
}

void LogsView::updateSummary() {
    const bool none = filtered_->rowCount() == 0;
    if (model_->daemon().isEmpty()) {
        empty_->setText(tr("Select a daemon to see its output."));
    } else if (model_->rowCount() == 0) {
        empty_->setText(tr("%1 has written nothing to stdout or stderr yet.\nNew lines appear "
                           "here as they are written.")
                            .arg(model_->daemon()));
    } else {
        empty_->setText(tr("No line matches the search and stream filter."));
    }
    empty_->setGeometry(table_->viewport()->rect().adjusted(20, 20, -20, -20));
    empty_->setVisible(none);
    if (model_->daemon().isEmpty()) {
        summary_->setText(tr("Select a daemon to see its output."));
        return;
    }
    QString text =
        filtered_->rowCount() == model_->rowCount()
            ? tr("%n line(s)", nullptr, model_->rowCount())
            : tr("%1 of %n line(s) match", nullptr, model_->rowCount()).arg(filtered_->rowCount());
    if (model_->paused()) {
        text += tr(" · paused, %n new line(s) waiting", nullptr, model_->pendingCount());
    }
    summary_->setText(text);
}

} // namespace vigil::ui
