// One JSON-RPC connection over a stream (jsonrpc) with OVS's framing, validation, backlog
// rules, status and blocking helpers; the message type is in jsonrpc_msg.h.
#pragma once

#include "vigil/jsonrpc_msg.h"

#include <cstddef>
#include <memory>
#include <string>

namespace vigil {

class stream;

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
    int get_status() const;
    // Returns the bytes queued for sending (0 once the connection failed).
    std::size_t get_backlog() const;
    // Returns the number of messages queued for sending (0 once the connection failed).
    std::size_t get_queued_messages() const;
    // Returns the total bytes received; it wraps at 2^32 as in OVS.
    unsigned int get_received_bytes() const;
    // Returns the connection's name (the stream's name at creation).
    const std::string& name() const;
    const std::string& get_name() const;
    // The stream, null once the connection failed (for fds, peer ids and statistics).
    stream* get_stream() const;

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
    void set_max_message_size(std::size_t bytes);

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
    bool read_paused() const;

    // Sends `msg` and blocks (in poll_block()) until it is fully written or the connection
    // fails. Returns 0 or the status.
    int send_block(std::unique_ptr<jsonrpc_msg> msg);
    // Blocks until recv() returns something other than EAGAIN and returns that.
    int recv_block(std::unique_ptr<jsonrpc_msg>& msg);
    // Sends `request` and blocks until a reply or error with the same id arrives, discarding
    // every other message. Returns 0 with the reply in `reply`, or the status.
    int transact_block(std::unique_ptr<jsonrpc_msg> request, std::unique_ptr<jsonrpc_msg>& reply);

    struct impl;

private:
    std::unique_ptr<impl> impl_;
};

} // namespace vigil
