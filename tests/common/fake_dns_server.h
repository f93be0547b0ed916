// A DNS server for resolver tests: a UDP socket on 127.0.0.1 served by the poll loop of the
// thread that creates it (no thread of its own). It answers A queries for the names it was
// given (AAAA queries for them get an empty answer), NXDOMAIN for names marked so, and
// silently drops every other query, which is how a slow or dead server looks to a client.
#pragma once

#include "vigil/poll_loop.h"

#include <arpa/inet.h>
#include <cctype>
#include <cerrno>
#include <cstdint>
#include <map>
#include <memory>
#include <netinet/in.h>
#include <string>
#include <sys/socket.h>
#include <unistd.h>
#include <vector>

namespace vigil::test {

class fake_dns_server {
public:
    fake_dns_server() {
        fd_ = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        sockaddr_in sin{};
        sin.sin_family = AF_INET;
        sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t len = sizeof sin;
        if (fd_ < 0 || bind(fd_, reinterpret_cast<sockaddr*>(&sin), sizeof sin) < 0 ||
            getsockname(fd_, reinterpret_cast<sockaddr*>(&sin), &len) < 0) {
            return;
        }
        port_ = ntohs(sin.sin_port);
        watch_ = std::make_unique<fd_watch>(fd_, POLLIN, [this](short) { pump(); });
    }

    ~fake_dns_server() {
        watch_.reset();
        if (fd_ >= 0) {
            poll_fd_closing(fd_);
            close(fd_);
        }
    }

    fake_dns_server(const fake_dns_server&) = delete;
    fake_dns_server& operator=(const fake_dns_server&) = delete;

    // 0 when the socket could not be set up.
    uint16_t port() const { return port_; }
    // The server list for dns_resolve_set_servers().
    std::string servers() const { return "127.0.0.1:" + std::to_string(port_); }

    // Answers A queries for `name` with `ipv4` (TTL `ttl` seconds).
    void add(const std::string& name, const std::string& ipv4, uint32_t ttl = 60) {
        in_addr a{};
        inet_pton(AF_INET, ipv4.c_str(), &a);
        names_[lower(name)] = {false, a, ttl};
    }
    // Answers every query for `name` with NXDOMAIN.
    void add_nxdomain(const std::string& name) { names_[lower(name)] = {true, {}, 0}; }

    // The number of queries (any type) received for `name` so far, reading whatever is queued
    // on the socket first, so the count does not depend on whether the loop ran.
    int queries(const std::string& name) {
        pump();
        auto it = seen_.find(lower(name));
        return it == seen_.end() ? 0 : it->second;
    }
    // The number of queries received for any name.
    int total_queries() {
        pump();
        int n = 0;
        for (const auto& [name, count] : seen_) {
            n += count;
        }
        return n;
    }

private:
    struct record {
        bool nxdomain;
        in_addr addr;
        uint32_t ttl;
    };

    static std::string lower(std::string s) {
        for (char& c : s) {
            c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        }
        return s;
    }

    static void put16(std::vector<uint8_t>& v, unsigned x) {
        v.push_back(static_cast<uint8_t>(x >> 8));
        v.push_back(static_cast<uint8_t>(x));
    }

    void pump() {
        for (;;) {
            uint8_t buf[1500];
            sockaddr_storage from{};
            socklen_t len = sizeof from;
            ssize_t n = recvfrom(fd_, buf, sizeof buf, 0, reinterpret_cast<sockaddr*>(&from), &len);
            if (n < 0) {
                return; // EAGAIN: drained
            }
            handle(buf, static_cast<std::size_t>(n), from, len);
        }
    }

    void handle(const uint8_t* q, std::size_t n, const sockaddr_storage& from, socklen_t len) {
        if (n < 12 || (q[2] & 0x80) || ((q[4] << 8) | q[5]) != 1) {
            return; // not a query with one question
        }
        // The question: length-prefixed labels, then type and class.
        std::size_t p = 12;
        std::string name;
        while (p < n && q[p] != 0) {
            std::size_t l = q[p];
            if ((l & 0xc0) || p + 1 + l > n) {
                return;
            }
            if (!name.empty()) {
                name += '.';
            }
            name.append(reinterpret_cast<const char*>(q + p + 1), l);
            p += 1 + l;
        }
        if (p + 5 > n) {
            return;
        }
        unsigned qtype = (q[p + 1] << 8) | q[p + 2];
        std::size_t question_end = p + 5;
        name = lower(name);
        seen_[name]++;
        auto it = names_.find(name);
        if (it == names_.end()) {
            return; // never answered
        }
        const record& r = it->second;
        bool answer = !r.nxdomain && qtype == 1;
        std::vector<uint8_t> out;
        out.insert(out.end(), q, q + 2);                                  // id
        out.push_back(static_cast<uint8_t>(0x80 | (q[2] & 0x79)));        // QR, opcode, RD
        out.push_back(static_cast<uint8_t>(0x80 | (r.nxdomain ? 3 : 0))); // RA, rcode
        put16(out, 1);
        put16(out, answer ? 1 : 0);
        put16(out, 0);
        put16(out, 0);
        out.insert(out.end(), q + 12, q + question_end);
        if (answer) {
            put16(out, 0xc00c); // the name in the question
            put16(out, 1);      // A
            put16(out, 1);      // IN
            put16(out, r.ttl >> 16);
            put16(out, r.ttl & 0xffff);
            put16(out, 4);
            const auto* a = reinterpret_cast<const uint8_t*>(&r.addr);
            out.insert(out.end(), a, a + 4);
        }
        sendto(fd_, out.data(), out.size(), 0, reinterpret_cast<const sockaddr*>(&from), len);
    }

    int fd_ = -1;
    uint16_t port_ = 0;
    std::map<std::string, record> names_;
    std::map<std::string, int> seen_;
    std::unique_ptr<fd_watch> watch_;
};

} // namespace vigil::test
