// Fuzzes JSON-RPC framing and message decoding through a real connection: the input (after
// two control bytes) is written in chunks into one end of a socketpair whose other end is a
// vigil::jsonrpc, which frames, parses, validates and size-limits it. Every decoded message
// must survive the round trips its users rely on (to_json/from_json, serialize/parse), and
// requests are answered so the send path runs too. The whole input is also parsed as one
// JSON text, whose serialization must reach a fixed point.
#include "fuzz_common.h"

#include "stream_provider.h"
#include "vigil/json.h"
#include "vigil/jsonrpc.h"

#include <cerrno>
#include <sys/socket.h>
#include <unistd.h>

using vigil_fuzz::check;

namespace {

// Serializing, parsing and serializing again must give the same text from the second round
// on (the first may turn a real that prints as an exact integer into an integer).
void check_json_fixed_point(const boost::json::value& v) {
    std::string t1 = vigil::json_to_string(v);
    auto v2 = vigil::json_from_string(t1);
    if (!v.is_object() && !v.is_array()) {
        return; // only objects and arrays parse at top level
    }
    check(v2.has_value(), "serialized JSON parses");
    std::string t2 = vigil::json_to_string(*v2);
    auto v3 = vigil::json_from_string(t2);
    check(v3.has_value(), "reserialized JSON parses");
    check(vigil::json_to_string(*v3) == t2, "JSON serialization reaches a fixed point");
    // The sorted and pretty forms must parse to the same value as the compact one.
    auto sorted = vigil::json_from_string(vigil::json_to_string(*v2, vigil::json_sort));
    check(sorted && vigil::json_to_string(*sorted, vigil::json_sort) ==
                        vigil::json_to_string(*v3, vigil::json_sort),
          "sorted form parses to the same value");
    auto pretty = vigil::json_from_string(vigil::json_to_string(*v2, vigil::json_pretty));
    check(pretty && vigil::json_to_string(*pretty, vigil::json_sort) ==
                        vigil::json_to_string(*v3, vigil::json_sort),
          "pretty form parses to the same value");
}

void check_message(const vigil::jsonrpc_msg& msg) {
    check(msg.validate().empty(), "received message validates");
    boost::json::value j = msg.to_json();
    std::string error;
    auto again = vigil::jsonrpc_msg::from_json(j, error);
    check(again != nullptr, "to_json() output decodes");
    check(again->type == msg.type, "round trip keeps the type");
    check(vigil::json_to_string(again->to_json(), vigil::json_sort) ==
              vigil::json_to_string(j, vigil::json_sort),
          "to_json/from_json round trip");
    std::string wire;
    msg.serialize(wire);
    auto parsed = vigil::json_from_string(wire);
    check(parsed.has_value(), "serialize() output parses");
    auto from_wire = vigil::jsonrpc_msg::from_json(*parsed, error);
    check(from_wire != nullptr && from_wire->type == msg.type, "serialize() output decodes");
    check_json_fixed_point(j);
}

void drain(int fd) {
    char buf[65536];
    while (read(fd, buf, sizeof buf) > 0) {
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
    vigil_fuzz::quiet_logging();
    if (size < 2) {
        return 0;
    }
    // Control bytes: the write chunk size, and whether a small message-size limit applies.
    std::size_t chunk = data[0] == 0 ? size : std::size_t(data[0] % 97) + 1;
    bool small_limit = data[1] & 1;
    data += 2;
    size -= 2;

    if (auto v = vigil::json_from_string(vigil_fuzz::as_text(data, size))) {
        check_json_fixed_point(*v);
    }

    int fds[2];
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, fds) < 0) {
        std::abort();
    }
    vigil::jsonrpc rpc(vigil::detail::new_fd_stream("unix#fuzz", fds[0], 0, false));
    if (small_limit) {
        rpc.set_max_message_size(512);
    }

    std::size_t off = 0;
    bool shut = false;
    int status = 0;
    for (int spins = 0; status == 0; spins++) {
        check(spins < 1000000, "jsonrpc makes progress");
        if (off < size) {
            std::size_t n = std::min(chunk, size - off);
            ssize_t w = write(fds[1], data + off, n);
            if (w > 0) {
                off += static_cast<std::size_t>(w);
            }
        } else if (!shut) {
            shutdown(fds[1], SHUT_WR);
            shut = true;
        }
        drain(fds[1]);
        for (;;) {
            std::unique_ptr<vigil::jsonrpc_msg> msg;
            int r = rpc.recv(msg);
            if (r == EAGAIN) {
                break;
            }
            if (r != 0) {
                status = r;
                check(!msg, "no message with an error");
                break;
            }
            check(msg != nullptr, "a message with success");
            check_message(*msg);
            if (msg->type == vigil::jsonrpc_msg_type::request) {
                rpc.send(vigil::jsonrpc_msg::create_reply(msg->params, msg->id));
            }
        }
        rpc.run();
    }
    check(status == EOF || status == EPROTO || status == EMSGSIZE || status == EPIPE ||
              status == ECONNRESET,
          "connection ends with EOF, EPROTO, EMSGSIZE or a reset");
    close(fds[1]);
    return 0;
}
