// Strict parsing of the numbers that programs take on their command lines.
#pragma once

namespace vigil {

// Parses `text` as a plain decimal number (digits only: no sign, no spaces, no suffix) no
// greater than `max`. Returns true and sets `out`, or false (leaving `out` alone) for anything
// else, including a value that overflows.
bool parse_decimal(const char* text, unsigned long long max, unsigned long long& out);

} // namespace vigil
