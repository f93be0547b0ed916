// Fuzzes the console's workspace file reader (Workspace::loadFromJson): any document must be
// either rejected with a reason, leaving the workspace as it was, or accepted; and what an
// accepted document saves as (toJson) must load again and save identically.
#include "fuzz_common.h"

#include "services/workspace.h"

using vigil_fuzz::check;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
    vigil_fuzz::quiet_logging();
    const QByteArray json(reinterpret_cast<const char*>(data), static_cast<qsizetype>(size));
    vigil::ui::Workspace ws(QStringLiteral("/nonexistent/fuzz-workspace.json"));
    const QByteArray before = ws.toJson();
    if (!ws.loadFromJson(json, QStringLiteral("fuzz"))) {
        check(!ws.errorString().isEmpty(), "a rejected workspace says why");
        check(ws.toJson() == before, "a rejected workspace leaves the content unchanged");
        return 0;
    }
    const QByteArray saved = ws.toJson();
    vigil::ui::Workspace again(QStringLiteral("/nonexistent/fuzz-workspace.json"));
    check(again.loadFromJson(saved, QStringLiteral("fuzz (saved)")), "a saved workspace loads");
    check(again.toJson() == saved, "a saved workspace saves identically");
    return 0;
}
