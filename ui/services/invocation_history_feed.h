// Joins the command invoker's history to a model over it: neither knows the other, so the
// service builds no model and the model includes no service.
#pragma once

namespace vigil::ui {

class CommandInvoker;
class InvocationHistoryModel;

// Fills `model` with `invoker`'s history as it is now and keeps it in step from then on (appends,
// finished invocations, the oldest dropped, clears). Both must outlive the connection; it ends
// when either is destroyed.
void feedHistoryModel(CommandInvoker& invoker, InvocationHistoryModel& model);

} // namespace vigil::ui
