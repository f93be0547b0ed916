// The JSON-RPC output serializer (internal): writes a message's wire form into a connection's
// chunk queue, leaving large strings in place instead of copying them.
#pragma once

#include "vigil/jsonrpc.h"

#include <cstddef>
#include <vector>

namespace vigil::detail {

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
