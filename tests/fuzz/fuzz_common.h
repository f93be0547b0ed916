// Shared by the fuzz targets: the libFuzzer entry point's signature, quiet logging, and checks
// that abort (so libFuzzer and the corpus replayer both report them as findings).
#pragma once

#include "vigil/vlog.h"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size);

namespace vigil_fuzz {

// Turns every log destination off once: a fuzz run logs millions of rejected inputs.
inline void quiet_logging() {
    static bool done = [] {
        vigil::vlog_set_levels(nullptr, nullptr, vigil::vlog_level::off);
        return true;
    }();
    (void)done;
}

// Aborts with `what` when `cond` is false; a failed invariant is a finding.
inline void check(bool cond, const char* what) {
    if (!cond) {
        std::fprintf(stderr, "fuzz invariant failed: %s\n", what);
        std::abort();
    }
}

inline std::string_view as_text(const uint8_t* data, std::size_t size) {
    return {reinterpret_cast<const char*>(data), size};
}

} // namespace vigil_fuzz
