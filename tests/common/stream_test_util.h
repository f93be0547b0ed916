// Helpers for tests that move bytes through vigil streams with the real event loop.
#pragma once

#include "test_util.h"
#include "vigil/clock.h"
#include "vigil/poll_loop.h"
#include "vigil/stream.h"

#include <cerrno>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

namespace vigil::test {

// A deterministic byte pattern, so a transfer can be checked without keeping a copy.
inline std::vector<char> pattern_bytes(std::size_t n, unsigned seed) {
    std::vector<char> v(n);
    unsigned x = seed * 2654435761u + 1;
    for (std::size_t i = 0; i < n; i++) {
        x = x * 1103515245u + 12345u;
        v[i] = static_cast<char>(x >> 16);
    }
    return v;
}

// Accepts one connection on `listener`, looping through the event core up to `timeout_ms`.
// Returns 0 or the error.
inline int accept_block(pstream& listener, std::unique_ptr<stream>& out,
                        long long timeout_ms = 10000) {
    long long deadline = time_msec() + timeout_ms;
    for (;;) {
        int error = listener.accept(out);
        if (error != EAGAIN) {
            return error;
        }
        if (time_msec() >= deadline) {
            return ETIMEDOUT;
        }
        listener.wait();
        poll_timer_wait_until(deadline);
        poll_block();
    }
}

// One end of a transfer: what it still has to send and what it received so far.
struct transfer_end {
    stream* s = nullptr;
    std::vector<char> out; // bytes to send
    std::size_t sent = 0;
    std::vector<char> in;          // bytes received
    bool eof = false;              // recv returned 0
    int error = 0;                 // first recv/send error (positive errno)
    std::size_t max_send_call = 0; // 0 = hand everything to send() at once
};

// Moves data both ways between `a` and `b` until each has sent its buffer and received
// `expect_a`/`expect_b` bytes (or hit EOF/an error), or `timeout_ms` passes. Returns false on
// timeout.
inline bool run_transfer(transfer_end& a, transfer_end& b, std::size_t expect_a,
                         std::size_t expect_b, long long timeout_ms = 30000) {
    long long deadline = time_msec() + timeout_ms;
    std::vector<char> buf(256 * 1024);
    auto step = [&](transfer_end& e, std::size_t expect) {
        e.s->run();
        while (!e.error && e.sent < e.out.size()) {
            std::size_t n = e.out.size() - e.sent;
            if (e.max_send_call && n > e.max_send_call) {
                n = e.max_send_call;
            }
            ssize_t r = e.s->send(e.out.data() + e.sent, n);
            if (r == -EAGAIN) {
                break;
            }
            if (r < 0) {
                e.error = static_cast<int>(-r);
                break;
            }
            e.sent += static_cast<std::size_t>(r);
        }
        while (!e.error && !e.eof && e.in.size() < expect) {
            ssize_t r = e.s->recv(buf.data(), buf.size());
            if (r == -EAGAIN) {
                break;
            }
            if (r < 0) {
                e.error = static_cast<int>(-r);
            } else if (r == 0) {
                e.eof = true;
            } else {
                e.in.insert(e.in.end(), buf.data(), buf.data() + r);
            }
        }
    };
    auto done = [](const transfer_end& e, std::size_t expect) {
        bool sending_done = e.error || e.sent == e.out.size();
        bool receiving_done = e.error || e.eof || e.in.size() >= expect;
        return sending_done && receiving_done;
    };
    for (;;) {
        step(a, expect_a);
        step(b, expect_b);
        if (done(a, expect_a) && done(b, expect_b)) {
            return true;
        }
        if (time_msec() >= deadline) {
            fprintf(stderr, "a sent %zu/%zu in %zu err %d; b sent %zu/%zu in %zu err %d\n", a.sent,
                    a.out.size(), a.in.size(), a.error, b.sent, b.out.size(), b.in.size(), b.error);
            return false;
        }
        for (transfer_end* e : {&a, &b}) {
            e->s->run_wait();
            if (e->sent < e->out.size() && !e->error) {
                e->s->send_wait();
            }
            e->s->recv_wait();
        }
        poll_timer_wait_until(deadline);
        poll_block();
    }
}

} // namespace vigil::test
