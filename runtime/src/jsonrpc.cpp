// One JSON-RPC connection: framing over a stream, the output queue with OVS's backlog rules,
// and the blocking helpers.
#include "vigil/jsonrpc.h"

#include "jsonrpc_output.h"
#include "vigil/errors.h"
#include "vigil/json.h"
#include "vigil/poll_loop.h"
#include "vigil/stream.h"
#include "vigil/vlog.h"

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>

VLOG_DEFINE_THIS_MODULE(jsonrpc);

namespace vigil {

namespace {

vigil::vlog_rate_limit rl(5, 5);

// Reads start at 64 KiB and double while they fill the buffer, up to 1 MiB.
constexpr std::size_t min_read_size = std::size_t(64) << 10;
constexpr std::size_t max_read_size = std::size_t(1) << 20;

// Small messages are serialized into the tail chunk until it reaches this size, so a burst of
// replies leaves in one write.
constexpr std::size_t coalesce_limit = std::size_t(64) << 10;

// Strings at least this long that need no escaping are written from the message itself rather
// than copied into the output text.
constexpr std::size_t min_payload = std::size_t(64) << 10;

// The backlog rules apply once this many messages are queued (OVS's constant).
constexpr std::size_t backlog_check_threshold = 50;

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

void log_msg(const std::string& name, const char* title, const jsonrpc_msg& msg) {
    if (!VLOG_IS_DBG_ENABLED()) {
        return;
    }
    std::string s;
    if (msg.type == jsonrpc_msg_type::request || msg.type == jsonrpc_msg_type::notify) {
        s += ", method=\"" + msg.method + "\"";
    }
    if (!msg.params.is_null()) {
        s += ", params=" + json_to_string(msg.params);
    }
    if (!msg.result.is_null()) {
        s += ", result=" + json_to_string(msg.result);
    }
    if (!msg.error.is_null()) {
        s += ", error=" + json_to_string(msg.error);
    }
    if (!msg.id.is_null()) {
        s += ", id=" + json_to_string(msg.id);
    }
    VLOG_DBG("{}: {} {}{}", name, title, jsonrpc_msg_type_to_string(msg.type), s);
}

} // namespace

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

void jsonrpc::impl::fail(int error) {
    if (status_) {
        return;
    }
    status_ = error;
    stream_.reset();
    parser_.reset();
    partial_ = partial_buffer();
    output_.clear();
    output_.shrink_to_fit();
    out_head_ = out_offset_ = backlog_ = n_queued_ = 0;
    ready_.clear();
    ready_.shrink_to_fit();
    ready_head_ = 0;
}

void jsonrpc::impl::set_backlog_threshold(std::size_t max_n_msgs, std::size_t max_backlog_bytes) {
    max_n_msgs_ = max_n_msgs;
    max_backlog_bytes_ = max_backlog_bytes;
}

void jsonrpc::impl::run() {
    if (status_) {
        return;
    }
    stream_->run();
    while (out_head_ < output_.size()) {
        out_chunk& chunk = output_[out_head_];
        std::string_view bytes = chunk.payload.empty()
                                     ? std::string_view(chunk.text)
                                     : std::string_view(chunk.payload.data(), chunk.payload.size());
        ssize_t retval = stream_->send(bytes.data() + out_offset_, bytes.size() - out_offset_);
        if (retval < 0) {
            if (retval != -EAGAIN) {
                VLOG_WARN_RL(rl, "{}: send error: {}", name_,
                             error_text(static_cast<int>(-retval)));
                fail(static_cast<int>(-retval));
            } else if (backlog_unchecked_ && !has_ready()) {
                check_backlog();
            }
            return;
        }
        backlog_ -= static_cast<std::size_t>(retval);
        out_offset_ += static_cast<std::size_t>(retval);
        if (out_offset_ == bytes.size()) {
            n_queued_ -= chunk.n_msgs;
            // Give large buffers back now.
            std::string().swap(chunk.text);
            boost::json::string().swap(chunk.payload);
            out_head_++;
            out_offset_ = 0;
        }
    }
    output_.clear();
    if (output_.capacity() > 16) {
        output_.shrink_to_fit();
    }
    out_head_ = 0;
    backlog_unchecked_ = false; // everything was written
}

void jsonrpc::impl::wait() {
    if (!status_) {
        stream_->run_wait();
        if (backlog_) {
            stream_->send_wait();
        }
    }
}

int jsonrpc::impl::send(std::unique_ptr<jsonrpc_msg> msg) {
    if (status_) {
        return status_;
    }
    log_msg(name_, "send", *msg);
    // A message queued onto a backlog already beyond the byte limit is judged at once, batch or
    // not: that is the overflow the limit exists for.
    bool onto_full_backlog = read_paused();

    // Drop chunks already sent when they make up most of the vector.
    if (out_head_ > 16 && out_head_ * 2 > output_.size()) {
        output_.erase(output_.begin(), output_.begin() + static_cast<std::ptrdiff_t>(out_head_));
        out_head_ = 0;
    }
    std::size_t length =
        detail::jsonrpc_serialize_chunks(*msg, output_, out_head_, coalesce_limit, min_payload);
    msg.reset();
    n_queued_++;
    backlog_ += length;
    last_length_ = length;

    if (onto_full_backlog) {
        check_backlog();
        return status_;
    }
    if (has_ready()) {
        // The caller is working through a received batch: recv()/run() will write all the
        // replies together and only then judge what the peer left unread.
        backlog_unchecked_ = true;
        return status_;
    }
    if (backlog_unchecked_) {
        // The batch's last reply: write them all now; run() judges what stays queued.
        run();
        return status_;
    }
    check_backlog();
    // Write at once when this is the only queued message.
    if (!status_ && backlog_ == length) {
        run();
    }
    return status_;
}

void jsonrpc::impl::check_backlog() {
    backlog_unchecked_ = false;
    if (status_) {
        return;
    }
    if (n_queued_ < backlog_check_threshold) {
        // OVS consults its limits only from the 50th queued message on, so 49 huge messages
        // pass. Here the byte limit holds at any count, but a message may always be queued
        // onto a backlog within the limit: a single message larger than the limit (which the
        // message-size limit bounds) does not end the connection, and a reader that recv()
        // paces (see read_paused()) is never dropped for its replies.
        if (max_backlog_bytes_ &&
            backlog_ - std::min(backlog_, last_length_) > max_backlog_bytes_) {
            VLOG_WARN("sending backlog exceeded maximum size ({} > {} bytes), disconnecting, "
                      "jsonrpc: {}.",
                      backlog_, max_backlog_bytes_, name_);
            fail(E2BIG);
        }
        return;
    }
    static vlog_rate_limit backlog_rl(5, 5);
    VLOG_INFO_RL(backlog_rl,
                 "excessive sending backlog, jsonrpc: {}, num of msgs: {}, backlog: {}.", name_,
                 n_queued_, backlog_);
    if (max_n_msgs_ && n_queued_ > max_n_msgs_) {
        VLOG_WARN("sending backlog exceeded maximum number of messages ({} > {}), "
                  "disconnecting, jsonrpc: {}.",
                  n_queued_, max_n_msgs_, name_);
        fail(E2BIG);
    } else if (max_backlog_bytes_ && backlog_ > max_backlog_bytes_) {
        VLOG_WARN("sending backlog exceeded maximum size ({} > {} bytes), disconnecting, "
                  "jsonrpc: {}.",
                  backlog_, max_backlog_bytes_, name_);
        fail(E2BIG);
    }
}

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
    log_msg(name_, "received", *msg);
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

int jsonrpc::impl::send_block(std::unique_ptr<jsonrpc_msg> msg) {
    int error = send(std::move(msg));
    if (error) {
        return error;
    }
    for (;;) {
        run();
        if (!backlog_ || status_) {
            return status_;
        }
        wait();
        poll_block();
    }
}

int jsonrpc::impl::recv_block(std::unique_ptr<jsonrpc_msg>& msg) {
    for (;;) {
        int error = recv(msg);
        if (error != EAGAIN) {
            return error;
        }
        run();
        wait();
        recv_wait();
        poll_block();
    }
}

int jsonrpc::impl::transact_block(std::unique_ptr<jsonrpc_msg> request,
                                  std::unique_ptr<jsonrpc_msg>& reply) {
    reply.reset();
    boost::json::value id = request->id;
    int error = send_block(std::move(request));
    if (error) {
        return error;
    }
    for (;;) {
        std::unique_ptr<jsonrpc_msg> msg;
        error = recv_block(msg);
        if (error) {
            return error;
        }
        if ((msg->type == jsonrpc_msg_type::reply || msg->type == jsonrpc_msg_type::error) &&
            msg->id == id) {
            reply = std::move(msg);
            return 0;
        }
    }
}

// ---- the public face --------------------------------------------------------------------------

jsonrpc::jsonrpc(std::unique_ptr<stream> s) : impl_(std::make_unique<impl>(std::move(s))) {}
jsonrpc::~jsonrpc() = default;

void jsonrpc::run() {
    impl_->run();
}
void jsonrpc::wait() {
    impl_->wait();
}
int jsonrpc::get_status() const {
    return impl_->status_;
}
std::size_t jsonrpc::get_backlog() const {
    return impl_->status_ ? 0 : impl_->backlog_;
}
std::size_t jsonrpc::get_queued_messages() const {
    return impl_->status_ ? 0 : impl_->n_queued_;
}
unsigned int jsonrpc::get_received_bytes() const {
    return impl_->received_bytes_;
}
const std::string& jsonrpc::name() const {
    return impl_->name_;
}
const std::string& jsonrpc::get_name() const {
    return impl_->name_;
}
stream* jsonrpc::get_stream() const {
    return impl_->stream_.get();
}
void jsonrpc::set_backlog_threshold(std::size_t max_n_msgs, std::size_t max_backlog_bytes) {
    impl_->set_backlog_threshold(max_n_msgs, max_backlog_bytes);
}
void jsonrpc::set_max_message_size(std::size_t bytes) {
    impl_->max_message_size_ = bytes;
}
int jsonrpc::send(std::unique_ptr<jsonrpc_msg> msg) {
    return impl_->send(std::move(msg));
}
int jsonrpc::recv(std::unique_ptr<jsonrpc_msg>& msg) {
    return impl_->recv(msg);
}
void jsonrpc::recv_wait() {
    impl_->recv_wait();
}
bool jsonrpc::read_paused() const {
    return impl_->read_paused();
}
int jsonrpc::send_block(std::unique_ptr<jsonrpc_msg> msg) {
    return impl_->send_block(std::move(msg));
}
int jsonrpc::recv_block(std::unique_ptr<jsonrpc_msg>& msg) {
    return impl_->recv_block(msg);
}
int jsonrpc::transact_block(std::unique_ptr<jsonrpc_msg> request,
                            std::unique_ptr<jsonrpc_msg>& reply) {
    return impl_->transact_block(std::move(request), reply);
}

} // namespace vigil
