// Fuzzes the test-reconnect command language and, through it, the reconnect FSM: the input is
// cut into lines the way the driver's 128-byte fgets() cuts them and replayed against a fresh
// driver on virtual time. A driver_error (bad command or argument) ends the script, as the
// program exits there; anything else (a crash, undefined behaviour, an FSM assertion) is a
// finding. Times may jump by any int in either direction.
#include "fuzz_common.h"

#include "../../app/vigil-test-reconnect/reconnect_driver.h"

#include <cstring>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
    vigil_fuzz::quiet_logging();
    static std::FILE* sink = std::fopen("/dev/null", "w");
    vigil_fuzz::check(sink != nullptr, "open /dev/null");
    try {
        vigil_test_reconnect::driver d(sink);
        std::size_t off = 0;
        char line[128];
        while (off < size) {
            // fgets(): up to 127 bytes, through the first newline.
            std::size_t n = 0;
            while (off < size && n < sizeof line - 1) {
                char c = static_cast<char>(data[off++]);
                line[n++] = c;
                if (c == '\n') {
                    break;
                }
            }
            line[n] = '\0';
            d.process(line);
        }
    } catch (const vigil_test_reconnect::driver_error&) {
    }
    return 0;
}
