// JSON-RPC 1.0 as OVS speaks it: the message type (jsonrpc_msg) and one connection over a
// stream (jsonrpc) with OVS's framing, validation, backlog rules, status and blocking helpers.
#pragma once

#include <boost/json/string.hpp>
#include <boost/json/value.hpp>
#include <cstddef>
#include <memory>
#include <string>
#include <vector>

namespace vigil {

class stream;
class json_parser;

namespace detail {
// A piece of a connection's queued output (internal to jsonrpc): serialized text, or a large
// string of a message that is sent in place instead of being copied into the text.
struct jsonrpc_out_chunk {
    std::string text;
    boost::json::string payload; // sent as is when not empty
    std::size_t n_msgs = 0;      // messages whose last byte is in this chunk
};
} // namespace detail

// The four message kinds OVS distinguishes.
enum class jsonrpc_msg_type { request, notify, reply, error };

// Returns "request", "notification", "reply" or "error".
const char* jsonrpc_msg_type_to_string(jsonrpc_msg_type type);

// One JSON-RPC message. A JSON null in `params`, `result`, `error` or `id` means "absent",
// exactly as on the wire; `method` is meaningful for requests and notifications only.
struct jsonrpc_msg {
    jsonrpc_msg_type type = jsonrpc_msg_type::notify;
    std::string method;
    boost::json::value params; // an array for requests and notifications
    boost::json::value result; // non-null for replies
    boost::json::value error;  // non-null for errors
    boost::json::value id;     // non-null for requests, replies and errors

    // Returns a request with a fresh id from the process-wide counter (0, 1, 2, ... as in OVS)
    // and stores a copy of that id in `*id` when `id` is not null. `params` should be an array.
    static std::unique_ptr<jsonrpc_msg>
    create_request(std::string method, boost::json::value params, boost::json::value* id = nullptr);
    // Returns a notification (a request without id).
    static std::unique_ptr<jsonrpc_msg> create_notify(std::string method,
                                                      boost::json::value params);
    // Returns a success reply. Peers reject a reply whose result is null, so a null `result`
    // is replaced by an empty object.
    static std::unique_ptr<jsonrpc_msg> create_reply(boost::json::value result,
                                                     boost::json::value id);
    // Returns an error reply; it goes on the wire with "result":null.
    static std::unique_ptr<jsonrpc_msg> create_error(boost::json::value error,
                                                     boost::json::value id);

    // Converts a received JSON value into a message, validating it exactly as OVS does (the
    // order and texts of the spec's section 6.3). Returns the message, or nullptr with the
    // reason in `error` (e.g. `request must have "method"`).
    static std::unique_ptr<jsonrpc_msg> from_json(boost::json::value json, std::string& error);

    // Returns "" if the message's members suit its type, else OVS's complaint (`"params" must
    // be JSON array`, `reply must not have "error"`, ...).
    std::string validate() const;

    // Returns the message as a JSON object with the kind-specific null members OVS adds
    // ("error":null in replies, "result":null in errors, "id":null in notifications).
    boost::json::value to_json() const;

    // Appends the compact wire form of the message (the members of to_json()) to `out`
    // without building an intermediate JSON value.
    void serialize(std::string& out) const;

    // Returns to_json() serialized with `flags` (sorted compact by default, as OVS prints).
    std::string to_string(unsigned flags = 1 /* json_sort */) const;
};

// One JSON-RPC connection over a stream. Any failure (I/O error, EOF, malformed input, backlog
// overflow) makes the status non-zero for good: the stream is closed, queued output dropped,
// send() discards and recv() returns the status.
//
// Throughput notes: input is read in large batches and every complete message in a batch is
// parsed at once; output is serialized straight into large buffers. While received messages
// are still waiting to be returned by recv(), send() only queues (the caller is working
// through a batch); the output is written when recv() runs dry or run() is called.
class jsonrpc {
public:
    // The default limit on one received message (64 MiB); a bigger message drops the peer.
    static constexpr std::size_t default_max_message_size = std::size_t(64) << 20;

    // Takes ownership of `s`, which may still be connecting. The name is the stream's name.
    explicit jsonrpc(std::unique_ptr<stream> s);
    ~jsonrpc();
    jsonrpc(const jsonrpc&) = delete;
    jsonrpc& operator=(const jsonrpc&) = delete;

    // Flushes queued output as far as the stream accepts it. Never blocks.
    void run();
    // Registers the wake-ups run() needs (writability while output is queued).
    void wait();

    // Returns 0 while healthy, else the positive errno or EOF that ended the connection.
    int get_status() const { return status_; }
    // Returns the bytes queued for sending (0 once the connection failed).
    std::size_t get_backlog() const { return status_ ? 0 : backlog_; }
    // Returns the number of messages queued for sending (0 once the connection failed).
    std::size_t get_queued_messages() const { return status_ ? 0 : n_queued_; }
    // Returns the total bytes received; it wraps at 2^32 as in OVS.
    unsigned int get_received_bytes() const { return received_bytes_; }
    // Returns the connection's name (the stream's name at creation).
    const std::string& name() const { return name_; }
    const std::string& get_name() const { return name_; }
    // The stream, null once the connection failed (for fds, peer ids and statistics).
    stream* get_stream() const { return stream_.get(); }

    // Sets the backlog limits; 0 means unlimited (the default for both). Whenever 50 or more
    // messages are queued, OVS's rule applies: more than `max_n_msgs` messages or more than
    // `max_backlog_bytes` bytes ends the connection with E2BIG. With fewer messages, queueing a
    // message onto a backlog already beyond `max_backlog_bytes` does the same (OVS lets 49
    // messages of any size pass). Replies queued while a received batch is being worked through
    // are checked only after the batch's output was offered to the stream, so that only output
    // the peer did not take counts (OVS writes every message at once and so only ever counts
    // such output). While the backlog exceeds `max_backlog_bytes`, recv() returns EAGAIN
    // without handing out or reading anything (flow control: a peer that does not read our
    // replies cannot make us produce more), so the backlog stays within the limit plus one
    // message.
    void set_backlog_threshold(std::size_t max_n_msgs, std::size_t max_backlog_bytes);
    // Sets the largest message the peer may send (0 = unlimited); a bigger one ends the
    // connection with EMSGSIZE and a logged reason.
    void set_max_message_size(std::size_t bytes) { max_message_size_ = bytes; }

    // Queues `msg` for sending (always consuming it) and, when nothing else is queued, tries
    // to write it at once. Returns the status: 0, or the error that ended the connection
    // (which may be this call's E2BIG backlog overflow or write error).
    int send(std::unique_ptr<jsonrpc_msg> msg);

    // Receives one message into `msg`. Returns 0 with a message, EAGAIN when no complete
    // message is available yet, EOF when the peer closed the connection, or the positive
    // errno that ended it (EPROTO for malformed input); `msg` is null unless 0 is returned.
    int recv(std::unique_ptr<jsonrpc_msg>& msg);
    // Registers a wake-up for when recv() may return something other than EAGAIN (none while
    // reading is paused by the backlog: wait() then watches for writability).
    void recv_wait();
    // True while the backlog exceeds the byte limit, so that recv() hands out nothing.
    bool read_paused() const {
        return !status_ && max_backlog_bytes_ && backlog_ > max_backlog_bytes_;
    }

    // Sends `msg` and blocks (in poll_block()) until it is fully written or the connection
    // fails. Returns 0 or the status.
    int send_block(std::unique_ptr<jsonrpc_msg> msg);
    // Blocks until recv() returns something other than EAGAIN and returns that.
    int recv_block(std::unique_ptr<jsonrpc_msg>& msg);
    // Sends `request` and blocks until a reply or error with the same id arrives, discarding
    // every other message. Returns 0 with the reply in `reply`, or the status.
    int transact_block(std::unique_ptr<jsonrpc_msg> request, std::unique_ptr<jsonrpc_msg>& reply);

private:
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
