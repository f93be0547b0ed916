// The JSON-RPC output serializer (internal): writes a message's wire form into a connection's
// chunk queue, leaving large strings in place instead of copying them.
#pragma once

#include "vigil/jsonrpc.h"

#include <boost/json/string.hpp>
#include <cstddef>
#include <string>
#include <vector>

namespace vigil::detail {

// A piece of a connection's queued output : serialized text, or a large
// string of a message that is sent in place instead of being copied into the text.
struct jsonrpc_out_chunk {
    std::string text;
    boost::json::string payload; // sent as is when not empty
    std::size_t n_msgs = 0;      // messages whose last byte is in this chunk
};

// Appends the wire form of `msg` (byte for byte what jsonrpc_msg::serialize() writes) to
// `chunks`. Text goes into the last chunk unless it holds a payload, holds `coalesce_limit`
// bytes or more, or lies before `first` (already being sent); then a new chunk is started.
// Strings of at least `min_payload` bytes that need no escaping are moved out of `msg` into
// chunks of their own, so they are written from where the parser put them. The last chunk
// touched counts the message. Returns the number of bytes added.
std::size_t jsonrpc_serialize_chunks(jsonrpc_msg& msg, std::vector<jsonrpc_out_chunk>& chunks,
                                     std::size_t first, std::size_t coalesce_limit,
                                     std::size_t min_payload);

} // namespace vigil::detail
