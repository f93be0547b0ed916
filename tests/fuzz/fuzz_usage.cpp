// Fuzzes the console's reading of `list-commands` replies (parseCommandList) and of usage
// synopses (commandFromUsage): any text a control socket returns must parse without crashing
// into commands with sane argument bounds, and the commands printed back in OVS's layout
// ("  %-23s %s") must parse to the same commands.
#include "fuzz_common.h"

#include "services/target_registry.h"

using vigil::ui::CommandInfo;
using vigil_fuzz::check;

namespace {

void check_bounds(const CommandInfo& c) {
    check(c.minArgs >= 0, "minArgs is not negative");
    check(c.maxArgs == -1 || c.maxArgs >= c.minArgs, "maxArgs is unbounded or >= minArgs");
}

QString render(const QList<CommandInfo>& commands) {
    QString text = QStringLiteral("The available commands are:\n");
    for (const CommandInfo& c : commands) {
        text += QStringLiteral("  ") + c.name.leftJustified(23) + QLatin1Char(' ') + c.usage +
                QLatin1Char('\n');
    }
    return text;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
    vigil_fuzz::quiet_logging();
    const QString text =
        QString::fromUtf8(reinterpret_cast<const char*>(data), static_cast<qsizetype>(size));
    const QList<CommandInfo> commands = vigil::ui::parseCommandList(text);
    for (const CommandInfo& c : commands) {
        check(!c.name.isEmpty(), "a parsed command has a name");
        check_bounds(c);
    }
    const QList<CommandInfo> again = vigil::ui::parseCommandList(render(commands));
    check(again == commands, "list-commands text printed back parses to the same commands");

    // The whole input as one usage text.
    check_bounds(vigil::ui::commandFromUsage(QStringLiteral("cmd"), text));
    return 0;
}
