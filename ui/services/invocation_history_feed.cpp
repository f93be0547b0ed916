#include "services/invocation_history_feed.h"

#include "models/invocation_history_model.h"
#include "services/command_invoker.h"

namespace vigil::ui {

void feedHistoryModel(CommandInvoker& invoker, InvocationHistoryModel& model) {
    model.clear();
    for (const Invocation& inv : invoker.history()) {
        model.append(inv);
    }
    QObject::connect(&invoker, &CommandInvoker::historyAppended, &model,
                     [&model](const Invocation& inv) { model.append(inv); });
    QObject::connect(&invoker, &CommandInvoker::historyReplaced, &model,
                     [&model](const Invocation& inv) { model.update(inv); });
    QObject::connect(&invoker, &CommandInvoker::historyDroppedOldest, &model,
                     [&model](int count) { model.dropOldest(count); });
    QObject::connect(&invoker, &CommandInvoker::historyCleared, &model,
                     [&model] { model.clear(); });
}

} // namespace vigil::ui
