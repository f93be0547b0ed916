// vigil-test-reconnect: drives the reconnect FSM from the command language of OVS's
// test-reconnect (spec §5) read on stdin, and prints the same transcript on stdout, so that
// the scenarios of OVS's tests/reconnect.at can be replayed against our FSM byte for byte.
//
// Usage: vigil-test-reconnect < input
// Exits 0 at end of input; an unknown command, a wrong number of arguments or a bad argument
// ends the program with status 1 and a message on stderr.

#include "reconnect_driver.h"

#include "vigil/vlog.h"

#include <cstdio>

int main() {
    // The transcript is the output; the FSM's own log lines would only be noise on stderr.
    vigil::vlog_set_levels(vigil::vlog_module_from_name("reconnect"), nullptr,
                           vigil::vlog_level::off);

    try {
        vigil_test_reconnect::driver d(stdout);
        char line[128];
        while (std::fgets(line, sizeof line, stdin)) {
            d.process(line);
        }
    } catch (const vigil_test_reconnect::driver_error& e) {
        std::fflush(stdout);
        std::fprintf(stderr, "vigil-test-reconnect: %s\n", e.what());
        return 1;
    }
    return 0;
}
