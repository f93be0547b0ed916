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
    return std::strerror(error);
}

std::string signal_name(int signo) {
    const char* name = sigdescr_np(signo);
    return name ? std::string(name) : "signal " + std::to_string(signo);
}

} // namespace vigil
