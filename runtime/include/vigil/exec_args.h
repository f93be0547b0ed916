// Word splitting for `exec:` stream names and the quoting that reverses it, both without a
// shell: an `exec:` name is a command line that the runtime splits itself, and the quoting
// builds command strings for a remote login shell (ssh hands its command to one).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace vigil {

// Splits `text` into words as sh does, without expanding anything: whitespace separates
// words, '...' is literal, "..." honours the escapes \" \\ \$ \` (any other backslash stays),
// and a backslash outside quotes escapes the next character. Stores the words in `words` and
// returns 0, or returns EINVAL (leaving `words` empty) for an unterminated quote, a trailing
// backslash or a text with no words.
int split_exec_args(std::string_view text, std::vector<std::string>& words);

// Joins `words` with spaces, quoting each word that needs it so that split_exec_args() gives
// the same words back (an empty word becomes '').
std::string join_exec_args(const std::vector<std::string>& words);

// Quotes `word` for a POSIX shell: returned unchanged when it holds only characters no shell
// treats specially, otherwise in single quotes with each ' written as '\''.
std::string sh_quote(std::string_view word);

} // namespace vigil
