#include "models/command_model.h"

#include "services/target_registry.h"

namespace vigil::ui {

CommandModel::CommandModel(TargetRegistry* registry, QObject* parent)
    : QAbstractTableModel(parent), registry_(registry) {
    if (registry_) {
        connect(registry_, &TargetRegistry::commandsFetched, this, &CommandModel::onFetched);
    }
}

void CommandModel::setTarget(const QString& target) {
    target_ = target;
    error_.clear();
    if (target.isEmpty() || !registry_) {
        loading_ = false;
        setCommands({});
        return;
    }
    setCommands(registry_->commands(target));
    loading_ = true;
    registry_->fetchCommands(target);
}

void CommandModel::onFetched(const QString& target, const QList<CommandInfo>& commands,
                             const QString& error) {
    if (target != target_) {
        return;
    }
    loading_ = false;
    error_ = error;
    if (error.isEmpty()) {
        setCommands(commands);
    }
    Q_EMIT fetchFinished(target, error);
}

void CommandModel::setCommands(const QList<CommandInfo>& commands) {
    if (commands == commands_) {
        return;
    }
    beginResetModel();
    commands_ = commands;
    endResetModel();
}

CommandInfo CommandModel::command(int row) const {
    return row >= 0 && row < commands_.size() ? commands_[row] : CommandInfo();
}

int CommandModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : commands_.size();
}

int CommandModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant CommandModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
        return QVariant();
    }
    const CommandInfo& c = commands_[index.row()];
    switch (role) {
    case Qt::DisplayRole:
    case Qt::ToolTipRole:
        return index.column() == NameColumn ? c.name : c.usage;
    case MinArgsRole:
        return c.minArgs;
    case MaxArgsRole:
        return c.maxArgs;
    case CommandNameRole:
        return c.name;
    }
    return QVariant();
}

QVariant CommandModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
        return QVariant();
    }
    return section == NameColumn    ? tr("Command")
           : section == UsageColumn ? tr("Usage")
                                    : QVariant();
}

} // namespace vigil::ui
