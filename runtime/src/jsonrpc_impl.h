// A JSON-RPC connection's state (internal), shared by jsonrpc.cpp (output, blocking helpers,
// the public face) and jsonrpc_input.cpp (reading, framing and parsing).
#pragma once

#include "jsonrpc_output.h"
#include "vigil/json.h"
#include "vigil/jsonrpc.h"
#include "vigil/stream.h"

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

namespace vigil {
class vlog_module;
}

namespace vigil::detail {

// The `jsonrpc` log module (defined in jsonrpc.cpp), which both halves log through.
vlog_module& jsonrpc_module();

// Logs `msg` at DBG as OVS does ("NAME: TITLE TYPE, method=..., params=..., id=...").
void jsonrpc_log_msg(const std::string& name, const char* title, const jsonrpc_msg& msg);

// Reads start at 64 KiB and double while they fill the buffer, up to 1 MiB.
inline constexpr std::size_t min_read_size = std::size_t(64) << 10;
inline constexpr std::size_t max_read_size = std::size_t(1) << 20;

} // namespace vigil::detail

namespace vigil {

using detail::max_read_size;
using detail::min_read_size;

// The connection's state and the work behind the public calls.
struct jsonrpc::impl {
    explicit impl(std::unique_ptr<stream> s)
        : name_(s->name()), stream_(std::move(s)), read_size_(min_read_size) {}

    void run();
    void wait();
    int send(std::unique_ptr<jsonrpc_msg> msg);
    int recv(std::unique_ptr<jsonrpc_msg>& msg);
    void recv_wait();
    int send_block(std::unique_ptr<jsonrpc_msg> msg);
    int recv_block(std::unique_ptr<jsonrpc_msg>& msg);
    int transact_block(std::unique_ptr<jsonrpc_msg> request, std::unique_ptr<jsonrpc_msg>& reply);
    void set_backlog_threshold(std::size_t max_n_msgs, std::size_t max_backlog_bytes);
    bool read_paused() const {
        return !status_ && max_backlog_bytes_ && backlog_ > max_backlog_bytes_;
    }

    using out_chunk = detail::jsonrpc_out_chunk;

    // Bytes of a message that did not fit in one read, kept contiguous so that the message is
    // parsed in one go once complete (a large string is then copied once, not piece by piece).
    struct free_deleter {
        void operator()(char* p) const;
    };
    struct partial_buffer {
        std::unique_ptr<char, free_deleter> data;
        std::size_t size = 0;
        std::size_t capacity = 0;
        std::size_t checked = 0; // bytes already fed to the (validating) parser
    };

    void fail(int error);
    int read_batch();
    void parse_input(const char* data, std::size_t n);
    bool feed_parser(const char* data, std::size_t n, std::size_t& used);
    bool deliver(std::unique_ptr<jsonrpc_msg> msg, const std::string& error);
    void finish_partial(std::size_t length);
    void keep_partial(const char* data, std::size_t n);
    void check_backlog();
    void release_idle_buffers();
    void report_content();
    bool has_ready() const { return ready_head_ < ready_.size(); }

    std::string name_;
    std::unique_ptr<stream> stream_;
    int status_ = 0;

    // Output: serialized messages, several small ones per chunk. Chunks before `out_head_` are
    // sent; the chunk at `out_head_` is sent up to `out_offset_`. (Vectors rather than deques:
    // an empty vector owns no memory, which keeps idle connections small.)
    std::vector<out_chunk> output_;
    std::size_t out_head_ = 0;
    std::size_t out_offset_ = 0;
    std::size_t backlog_ = 0;
    std::size_t n_queued_ = 0;
    std::size_t max_n_msgs_ = 0;
    std::size_t max_backlog_bytes_ = 0;
    std::size_t last_length_ = 0;    // bytes of the message queued last
    bool backlog_unchecked_ = false; // replies were queued unchecked while a batch was pending

    // Input: the parser holds the partial message between reads (and exists only while one
    // is in progress); complete messages wait in `ready_` from `ready_head_` on.
    std::unique_ptr<json_parser> parser_;
    partial_buffer partial_;
    std::vector<std::unique_ptr<jsonrpc_msg>> ready_;
    std::size_t ready_head_ = 0;
    int pending_error_ = 0; // an input error to report once `ready_` is drained
    std::size_t max_message_size_ = default_max_message_size;
    unsigned int received_bytes_ = 0;
    unsigned char first_bytes_[2] = {0, 0};
    std::size_t read_size_;
};

} // namespace vigil
