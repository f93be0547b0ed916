#include "connection_report.h"

#include "vigil/jsonrpc_server.h"

#include <algorithm>
#include <iterator>
#include <string>
#include <utility>

connection_report::connection_report()
    : accepted_("connections accepted"), closed_("connections closed") {}

void connection_report::update(const vigil::jsonrpc_server& server) {
    const std::size_t n = server.n_sessions();
    if (n == n_) {
        return; // a client session or a server session's state changed, not the peers
    }
    const std::string open = " (" + std::to_string(n) + " open)";
    if (n > max_named) {
        named_ = false;
        names_.clear();
        for (std::size_t i = n_; i < n; i++) {
            accepted_.print("connection accepted" + open);
        }
        for (std::size_t i = n; i < n_; i++) {
            closed_.print("connection closed" + open);
        }
        n_ = n;
        return;
    }

    std::vector<std::string> names;
    names.reserve(n);
    for (const auto& s : server.sessions()) {
        names.push_back(s.name);
    }
    std::sort(names.begin(), names.end());
    if (!named_) {
        // Back under the limit: the count lines told what happened meanwhile.
        for (std::size_t i = n; i < n_; i++) {
            closed_.print("connection closed" + open);
        }
        named_ = true;
    } else {
        std::vector<std::string> gone;
        std::vector<std::string> come;
        std::set_difference(names_.begin(), names_.end(), names.begin(), names.end(),
                            std::back_inserter(gone));
        std::set_difference(names.begin(), names.end(), names_.begin(), names_.end(),
                            std::back_inserter(come));
        for (const std::string& name : gone) {
            closed_.print(name + ": connection closed" + open);
        }
        for (const std::string& name : come) {
            accepted_.print(name + ": connection accepted" + open);
        }
    }
    names_ = std::move(names);
    n_ = n;
}
