// The stdout lines about the peers a vigil-testd JSON-RPC server accepts and loses: "PEER:
// connection accepted (N open)" and "PEER: connection closed (N open)", rate-limited.
#pragma once

#include "activity_output.h"

#include <cstddef>
#include <string>
#include <vector>

namespace vigil {
class jsonrpc_server;
}

class connection_report {
public:
    // Peers are named while the server holds at most this many sessions; past it, a line
    // gives the count alone, since naming them means comparing every session on every change.
    static constexpr std::size_t max_named = 256;

    connection_report();

    // Tells what changed in `server`'s sessions since the last call: call it from the server's
    // change hook. The server calls that hook once per batch of accepted peers and once per
    // peer that leaves, so the change in the number of sessions says how many came or went.
    void update(const vigil::jsonrpc_server& server);

private:
    std::size_t n_ = 0;
    bool named_ = true;              // names_ holds every session's name
    std::vector<std::string> names_; // sorted, with repeats
    rate_limited_lines accepted_;
    rate_limited_lines closed_;
};
