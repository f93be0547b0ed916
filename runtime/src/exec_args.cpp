// sh-like word splitting and quoting for `exec:` names (no shell is ever involved).
#include "vigil/exec_args.h"

#include <cerrno>

namespace vigil {

namespace {

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

// Characters that need no quoting in either sh or split_exec_args().
bool is_plain(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-' || c == '.' || c == '/' || c == ':' || c == ',' || c == '+' || c == '=' ||
           c == '@' || c == '%';
}

} // namespace

int split_exec_args(std::string_view text, std::vector<std::string>& words) {
    words.clear();
    std::string word;
    bool in_word = false;
    std::size_t i = 0;
    while (i < text.size()) {
        char c = text[i];
        if (is_space(c)) {
            if (in_word) {
                words.push_back(std::move(word));
                word.clear();
                in_word = false;
            }
            i++;
        } else if (c == '\'') {
            auto end = text.find('\'', i + 1);
            if (end == std::string_view::npos) {
                words.clear();
                return EINVAL;
            }
            word.append(text.substr(i + 1, end - i - 1));
            in_word = true;
            i = end + 1;
        } else if (c == '"') {
            in_word = true;
            i++;
            for (;;) {
                if (i >= text.size()) {
                    words.clear();
                    return EINVAL;
                }
                char d = text[i];
                if (d == '"') {
                    i++;
                    break;
                }
                if (d == '\\' && i + 1 < text.size() &&
                    (text[i + 1] == '"' || text[i + 1] == '\\' || text[i + 1] == '$' ||
                     text[i + 1] == '`')) {
                    word += text[i + 1];
                    i += 2;
                } else {
                    word += d;
                    i++;
                }
            }
        } else if (c == '\\') {
            if (i + 1 >= text.size()) {
                words.clear();
                return EINVAL;
            }
            word += text[i + 1];
            in_word = true;
            i += 2;
        } else {
            word += c;
            in_word = true;
            i++;
        }
    }
    if (in_word) {
        words.push_back(std::move(word));
    }
    return words.empty() ? EINVAL : 0;
}

std::string sh_quote(std::string_view word) {
    bool plain = !word.empty();
    for (char c : word) {
        plain = plain && is_plain(c);
    }
    if (plain) {
        return std::string(word);
    }
    std::string out = "'";
    for (char c : word) {
        if (c == '\'') {
            out += "'\\''";
        } else {
            out += c;
        }
    }
    return out + "'";
}

std::string join_exec_args(const std::vector<std::string>& words) {
    // sh_quote()'s output also splits back exactly: '...' is literal in both, and '\'' is an
    // escaped quote between two single-quoted parts.
    std::string out;
    for (const auto& w : words) {
        if (!out.empty()) {
            out += ' ';
        }
        out += sh_quote(w);
    }
    return out;
}

} // namespace vigil
