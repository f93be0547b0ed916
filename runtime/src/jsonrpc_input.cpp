// One JSON-RPC connection's input: reading in growing batches, framing concatenated messages,
// OVS's validation and its content sniffing, and the partial message kept between reads.
#include "jsonrpc_impl.h"

#include "vigil/errors.h"
#include "vigil/poll_loop.h"
#include "vigil/stream.h"
#include "vigil/vlog.h"

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>

// The input half logs as part of the `jsonrpc` module.
#define this_module_ (::vigil::detail::jsonrpc_module())

namespace vigil {

namespace {

vigil::vlog_rate_limit rl(5, 5);

// OVS only sniffs the content of a connection's first receive buffer.
constexpr unsigned int sniff_window = 4096;

// A message larger than this drops the parser afterwards, returning its buffers to the heap.
constexpr std::size_t large_message = std::size_t(1) << 20;

// Received data lands in one buffer per thread and is parsed at once, so connections own no
// receive buffer at all between reads.
char* scratch_buffer() {
    thread_local std::unique_ptr<char[]> buffer;
    if (!buffer) {
        buffer = std::make_unique<char[]>(max_read_size);
    }
    return buffer.get();
}

} // namespace

void jsonrpc::impl::report_content() {
    if (received_bytes_ < 2 || received_bytes_ > sniff_window) {
        return;
    }
    const char* kind = nullptr;
    if (first_bytes_[0] == 0x16 && first_bytes_[1] == 0x03) {
        kind = "SSL"; // a TLS handshake record
    } else if (first_bytes_[0] == 0x01 && first_bytes_[1] == 0x00) {
        kind = "OpenFlow"; // an OpenFlow 1.0 hello
    }
    if (kind) {
        static vlog_rate_limit sniff_rl(5, 5);
        VLOG_WARN_RL(sniff_rl, "{}: received {} data on JSON-RPC channel", name_, kind);
    }
}

void jsonrpc::impl::free_deleter::operator()(char* p) const {
    std::free(p);
}

// Feeds `n` bytes to the parser (never more than one byte beyond the size limit) and sets
// `used` to the bytes it consumed. Returns false after recording an input error.
bool jsonrpc::impl::feed_parser(const char* data, std::size_t n, std::size_t& used) {
    if (!parser_) {
        parser_ = std::make_unique<json_parser>();
    }
    std::size_t feed = n;
    if (max_message_size_) {
        std::size_t room = max_message_size_ - std::min(parser_->bytes(), max_message_size_);
        feed = std::min(feed, room + 1);
    }
    used = parser_->feed(data, feed);
    if (parser_->failed()) {
        VLOG_WARN_RL(rl, "{}: error parsing stream: {}", name_, parser_->error());
        pending_error_ = EPROTO;
        report_content();
        return false;
    }
    if (max_message_size_ && parser_->bytes() > max_message_size_) {
        VLOG_WARN_RL(rl,
                     "{}: received JSON-RPC message exceeds maximum size of {} bytes, "
                     "disconnecting",
                     name_, max_message_size_);
        pending_error_ = EMSGSIZE;
        return false;
    }
    return true;
}

// Turns the complete value the parser holds into a message, or returns null with the reason in
// `error`.
static std::unique_ptr<jsonrpc_msg> take_message(json_parser& parser, std::string& error) {
    return jsonrpc_msg::from_json(parser.take(), error);
}

// Parses the messages in `data[0..n)`, which starts at a message boundary. A message cut off at
// the end moves to `partial_` and is only checked, not built, until its last byte arrives.
void jsonrpc::impl::parse_input(const char* data, std::size_t n) {
    std::size_t off = 0;
    while (off < n) {
        std::size_t used;
        if (!feed_parser(data + off, n - off, used)) {
            return;
        }
        if (!parser_->done()) {
            if (!parser_->idle()) {
                keep_partial(data + off, n - off);
            }
            return;
        }
        off += used;
        std::size_t size = parser_->bytes();
        std::string error;
        auto msg = take_message(*parser_, error);
        if (size > large_message) {
            parser_.reset();
        }
        if (!deliver(std::move(msg), error)) {
            return;
        }
    }
}

// Queues a received message for recv(), or, when `msg` is null (it failed validation with
// `error`), logs why and marks the connection for closing. Returns whether it was queued.
bool jsonrpc::impl::deliver(std::unique_ptr<jsonrpc_msg> msg, const std::string& error) {
    if (!msg) {
        VLOG_WARN_RL(rl, "{}: received bad JSON-RPC message: {}", name_, error);
        pending_error_ = EPROTO;
        report_content();
        return false;
    }
    detail::jsonrpc_log_msg(name_, "received", *msg);
    ready_.push_back(std::move(msg));
    return true;
}

// Keeps the start of an incomplete message (which the parser has already checked) so that
// further bytes are read right behind it.
void jsonrpc::impl::keep_partial(const char* data, std::size_t n) {
    parser_->set_building(false);
    std::size_t want = std::max(n + min_read_size, partial_.capacity);
    if (want > partial_.capacity || !partial_.data) {
        // Only reached with partial_ empty or `data` inside it at an offset > 0.
        auto at = reinterpret_cast<std::uintptr_t>(data);
        auto base = reinterpret_cast<std::uintptr_t>(partial_.data.get());
        std::size_t offset = partial_.data && at >= base && at < base + partial_.capacity
                                 ? static_cast<std::size_t>(at - base)
                                 : std::size_t(-1);
        char* grown = static_cast<char*>(std::realloc(partial_.data.get(), want));
        if (!grown) {
            pending_error_ = ENOMEM;
            return;
        }
        partial_.data.release();
        partial_.data.reset(grown);
        partial_.capacity = want;
        if (offset != std::size_t(-1)) {
            data = grown + offset;
        }
    }
    std::memmove(partial_.data.get(), data, n);
    partial_.size = n;
    partial_.checked = n;
}

// Builds the message that fills the first `length` bytes of `partial_` (already checked) and
// parses whatever follows it.
void jsonrpc::impl::finish_partial(std::size_t length) {
    parser_->reset();
    parser_->set_prechecked(true);
    std::size_t used = parser_->feed(partial_.data.get(), length);
    (void)used;
    std::string error;
    std::unique_ptr<jsonrpc_msg> msg;
    if (parser_->done()) {
        msg = take_message(*parser_, error);
    } else {
        error = "message changed between checking and parsing"; // cannot happen
    }
    parser_.reset(); // a large message leaves large buffers behind
    if (!deliver(std::move(msg), error)) {
        return;
    }
    std::size_t rest = partial_.size - length;
    partial_.size = partial_.checked = 0;
    if (rest) {
        // keep_partial() moves an incomplete tail to the front of the buffer.
        parse_input(partial_.data.get() + length, rest);
    }
}

int jsonrpc::impl::read_batch() {
    char* buf;
    std::size_t room;
    if (partial_.data) {
        // Read straight behind the incomplete message (if any), growing its buffer
        // geometrically. The buffer stays while messages keep arriving in pieces, so a stream
        // of large messages is read without copies; an idle connection gives it back.
        if (partial_.capacity - partial_.size < min_read_size) {
            std::size_t want = std::max(partial_.capacity * 2, partial_.size + min_read_size);
            char* grown = static_cast<char*>(std::realloc(partial_.data.get(), want));
            if (!grown) {
                fail(ENOMEM);
                return status_;
            }
            partial_.data.release();
            partial_.data.reset(grown);
            partial_.capacity = want;
        }
        buf = partial_.data.get() + partial_.size;
        room = partial_.capacity - partial_.size;
    } else {
        buf = scratch_buffer();
        room = read_size_;
    }
    ssize_t retval = stream_->recv(buf, room);
    if (retval < 0) {
        if (retval == -EAGAIN) {
            return EAGAIN;
        }
        VLOG_WARN_RL(rl, "{}: receive error: {}", name_, error_text(static_cast<int>(-retval)));
        fail(static_cast<int>(-retval));
        return status_;
    }
    if (retval == 0) {
        fail(EOF);
        return EOF;
    }
    std::size_t n = static_cast<std::size_t>(retval);
    for (std::size_t i = 0; received_bytes_ + i < 2 && i < n; i++) {
        first_bytes_[received_bytes_ + i] = static_cast<unsigned char>(buf[i]);
    }
    received_bytes_ += static_cast<unsigned int>(n);
    if (!partial_.size) {
        if (buf == scratch_buffer() && n == read_size_ && read_size_ < max_read_size) {
            read_size_ *= 2;
        } else if (n < read_size_ / 4 && read_size_ > min_read_size) {
            read_size_ /= 2;
        }
        parse_input(buf, n);
        return 0;
    }
    partial_.size += n;
    std::size_t used;
    if (!feed_parser(buf, n, used)) {
        return 0;
    }
    partial_.checked += used;
    if (parser_->done()) {
        finish_partial(partial_.checked);
    }
    return 0;
}

int jsonrpc::impl::recv(std::unique_ptr<jsonrpc_msg>& msg) {
    msg.reset();
    if (status_) {
        return status_;
    }
    for (int round = 0; round < 50; round++) {
        if (read_paused()) {
            // The peer has not taken our earlier output: hand out and read nothing more until
            // it does, so that what it sends cannot make us queue without bound. wait()
            // watches for writability, which brings the caller back here.
            run();
            if (status_) {
                return status_;
            }
            if (read_paused()) {
                release_idle_buffers();
                return EAGAIN;
            }
        }
        if (has_ready()) {
            msg = std::move(ready_[ready_head_++]);
            if (!has_ready()) {
                ready_.clear();
                ready_head_ = 0;
                if (ready_.capacity() > 64) {
                    ready_.shrink_to_fit();
                }
            }
            return 0;
        }
        if (pending_error_) {
            fail(pending_error_);
            return status_;
        }
        if (round == 0 && backlog_) {
            // Replies to the batch just handed out were only queued: write them before
            // reading more.
            run();
            if (status_) {
                return status_;
            }
        }
        int error = read_batch();
        if (error == EAGAIN) {
            release_idle_buffers();
            return EAGAIN;
        }
        if (error) {
            return error;
        }
    }
    return EAGAIN;
}

void jsonrpc::impl::release_idle_buffers() {
    if (parser_ && parser_->idle()) {
        parser_.reset(); // idle connections keep no parser
    }
    if (!partial_.size && partial_.data) {
        partial_ = partial_buffer(); // nor a buffer for large messages
    }
}

void jsonrpc::impl::recv_wait() {
    if (status_) {
        poll_immediate_wake();
    } else if (read_paused()) {
        // Waiting to read would spin (the input stays readable while we leave it unread), and
        // ready messages wait as well: wait() watches for writability instead.
    } else if (has_ready() || pending_error_) {
        poll_immediate_wake();
    } else {
        stream_->recv_wait();
    }
}

} // namespace vigil
