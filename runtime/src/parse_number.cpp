#include "vigil/parse_number.h"

#include <cctype>
#include <cerrno>
#include <cstdlib>

namespace vigil {

bool parse_decimal(const char* text, unsigned long long max, unsigned long long& out) {
    // strtoull alone would accept leading spaces and a minus sign (negating the value).
    if (!text || !std::isdigit(static_cast<unsigned char>(*text))) {
        return false;
    }
    char* end = nullptr;
    errno = 0;
    unsigned long long v = std::strtoull(text, &end, 10);
    if (errno || *end || v > max) {
        return false;
    }
    out = v;
    return true;
}

} // namespace vigil
