// One JSON-RPC connection: the output queue with OVS's backlog rules, the blocking helpers and the
// public face; reading and framing are in jsonrpc_input.cpp.
#include "vigil/jsonrpc.h"

#include "jsonrpc_impl.h"
#include "vigil/errors.h"
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

vlog_module& detail::jsonrpc_module() {
    return this_module_;
}

void detail::jsonrpc_log_msg(const std::string& name, const char* title, const jsonrpc_msg& msg) {
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

namespace {

vigil::vlog_rate_limit rl(5, 5);

// Small messages are serialized into the tail chunk until it reaches this size, so a burst of
// replies leaves in one write.
constexpr std::size_t coalesce_limit = std::size_t(64) << 10;

// Strings at least this long that need no escaping are written from the message itself rather
// than copied into the output text.
constexpr std::size_t min_payload = std::size_t(64) << 10;

// The backlog rules apply once this many messages are queued (OVS's constant).
constexpr std::size_t backlog_check_threshold = 50;

} // namespace

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
    detail::jsonrpc_log_msg(name_, "send", *msg);
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
