#include "vigil/errors.h"

#include <cstring>

namespace vigil {

std::string error_text(int error) {
    if (error == 0) {
        return "Success";
    }
    if (error == EOF) {
        return "End of file";
    }
    if (error < 0) {
        return "***unknown return value: " + std::to_string(error) + "***";
    }
    // strerror() may share one buffer between threads; the GNU strerror_r returns either its
    // own static text or what it wrote into `buf`.
    char buf[128];
    return strerror_r(error, buf, sizeof buf);
}

std::string signal_name(int signo) {
    const char* name = sigdescr_np(signo);
    return name ? std::string(name) : "signal " + std::to_string(signo);
}

} // namespace vigil
