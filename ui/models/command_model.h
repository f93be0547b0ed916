// The commands of one target (its `list-commands`), as a table for the command browser:
// name and usage, with the argument bounds as roles so the window can size the argument form.
// Filter it with a QSortFilterProxyModel on NameColumn.
#pragma once

#include "services/target_types.h"

#include <QAbstractTableModel>
#include <QList>
#include <QString>

namespace vigil::ui {

class TargetRegistry;

class CommandModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { NameColumn, UsageColumn, ColumnCount };
    enum Role {
        MinArgsRole = Qt::UserRole + 1, // int
        MaxArgsRole,                    // int, -1 when unbounded
        CommandNameRole,                // QString, in every column
    };

    // Follows `registry` (may be null: then only setCommands() fills the model).
    explicit CommandModel(TargetRegistry* registry = nullptr, QObject* parent = nullptr);

    // Shows the commands of `target`: the cached list at once, then the fetched one when it
    // arrives (fetchFinished() follows). An empty name clears the model.
    void setTarget(const QString& target);
    QString target() const { return target_; }
    // True while the current target's list-commands is being fetched.
    bool isLoading() const { return loading_; }
    // The last fetch error for the current target; empty after a success.
    QString errorString() const { return error_; }

    // Replaces the rows (one reset when the list differs).
    void setCommands(const QList<CommandInfo>& commands);
    // The command on `row`; a default CommandInfo for a row out of range.
    CommandInfo command(int row) const;

    int rowCount(const QModelIndex& parent = QModelIndex()) const override;
    int columnCount(const QModelIndex& parent = QModelIndex()) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

Q_SIGNALS:
    // The current target's list arrived (`error` empty) or could not be fetched.
    void fetchFinished(const QString& target, const QString& error);

private:
    void onFetched(const QString& target, const QList<CommandInfo>& commands, const QString& error);

    TargetRegistry* registry_;
    QString target_;
    QList<CommandInfo> commands_;
    bool loading_ = false;
    QString error_;
};

} // namespace vigil::ui
