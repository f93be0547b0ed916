// Fuzzes stream-name parsing: the TYPE:ARGS split and class lookup, the default-port rewriting
// of active and passive names, and OVS's host/port syntax (brackets, scopes, port ranges).
// Names are only parsed, never opened, and host names that are not IP literals are never
// handed to the resolver (a DNS query per input would leave the machine). An "exec:" name's
// command line is split and joined back, never spawned.
#include "fuzz_common.h"

#include "vigil/exec_args.h"

#include "vigil/socket_util.h"
#include "vigil/stream.h"

#include <arpa/inet.h>
#include <cstring>
#include <netinet/in.h>

using vigil_fuzz::check;

namespace {

// True when parse_host() would not need the resolver for `host`.
bool host_is_literal(const std::string& host) {
    unsigned char buf[sizeof(in6_addr)];
    if (host.find('\0') != std::string::npos) {
        return false;
    }
    if (inet_pton(AF_INET, host.c_str(), buf) == 1) {
        return true;
    }
    std::string addr = host.substr(0, host.find('%'));
    return inet_pton(AF_INET6, addr.c_str(), buf) == 1;
}

bool same_address(const sockaddr_storage& a, const sockaddr_storage& b) {
    if (a.ss_family != b.ss_family || vigil::ss_get_port(a) != vigil::ss_get_port(b)) {
        return false;
    }
    if (a.ss_family == AF_INET) {
        return std::memcmp(&reinterpret_cast<const sockaddr_in*>(&a)->sin_addr,
                           &reinterpret_cast<const sockaddr_in*>(&b)->sin_addr,
                           sizeof(in_addr)) == 0;
    }
    const auto* a6 = reinterpret_cast<const sockaddr_in6*>(&a);
    const auto* b6 = reinterpret_cast<const sockaddr_in6*>(&b);
    return std::memcmp(&a6->sin6_addr, &b6->sin6_addr, sizeof(in6_addr)) == 0 &&
           a6->sin6_scope_id == b6->sin6_scope_id;
}

// Parses `target` as an active "HOST:PORT" when that needs no resolver, and checks that a
// parsed address prints back into text that parses to the same address.
void parse_active(const std::string& target) {
    std::string host, port;
    vigil::inet_split_token(target, host, port);
    if (!host_is_literal(host)) {
        return;
    }
    for (int default_port : {-1, 6640}) {
        sockaddr_storage ss;
        if (vigil::inet_parse_active(target, default_port, ss) == 0) {
            check(ss.ss_family == AF_INET || ss.ss_family == AF_INET6, "active family");
            std::string again = vigil::ss_format_address_port(ss);
            sockaddr_storage ss2;
            check(vigil::inet_parse_active(again, -1, ss2) == 0, "formatted address reparses");
            check(same_address(ss, ss2), "formatted address round-trips");
        }
    }
}

void parse_passive(const std::string& target) {
    std::string port, host;
    vigil::inet_split_token(target, port, host);
    if (!host.empty() && !host_is_literal(host)) {
        return;
    }
    for (int default_port : {-1, 0, 6640}) {
        sockaddr_storage ss;
        if (vigil::inet_parse_passive(target, default_port, ss) == 0) {
            check(ss.ss_family == AF_INET || ss.ss_family == AF_INET6, "passive family");
        }
    }
}

// Splits an exec: command line and checks that joining the words and splitting again gives
// the same words, and that a failed split leaves no words behind.
void parse_exec(const std::string& command) {
    std::vector<std::string> words;
    int error = vigil::split_exec_args(command, words);
    check(error == 0 || error == EINVAL, "split_exec_args result");
    check((error == 0) == !words.empty(), "split gives words exactly when it succeeds");
    if (error) {
        return;
    }
    std::vector<std::string> again;
    check(vigil::split_exec_args(vigil::join_exec_args(words), again) == 0, "joined words split");
    check(again == words, "split(join(words)) == words");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
    vigil_fuzz::quiet_logging();
    std::string name(vigil_fuzz::as_text(data, size));

    int active = vigil::stream_verify_name(name);
    int passive = vigil::pstream_verify_name(name);
    check(active == 0 || active == EAFNOSUPPORT, "stream_verify_name result");
    check(passive == 0 || passive == EAFNOSUPPORT, "pstream_verify_name result");
    check(!(active == 0 && passive == 0), "a name is not both active and passive");
    int probes = vigil::stream_or_pstream_needs_probes(name);
    check((probes == -1) == (active != 0 && passive != 0), "needs_probes agrees with verify");

    std::string with_port = vigil::stream_name_with_default_port(name, vigil::ovsdb_default_port);
    check(vigil::stream_verify_name(with_port) == active, "default port keeps the type");
    std::string pwith_port = vigil::pstream_name_with_default_port(name, vigil::ovsdb_default_port);
    check(vigil::pstream_verify_name(pwith_port) == passive, "default port keeps the ptype");

    std::string suffix;
    if (auto colon = name.find(':'); colon != std::string::npos) {
        suffix = name.substr(colon + 1);
    } else {
        suffix = name;
    }
    std::string first, second;
    vigil::inet_split_token(suffix, first, second);
    uint16_t port;
    if (vigil::inet_parse_port(first, port)) {
        check(std::to_string(port).size() <= first.size(), "port digits");
    }
    (void)vigil::inet_parse_port(second, port);

    if (name.starts_with("exec:")) {
        parse_exec(suffix);
    }
    parse_active(suffix);
    parse_passive(suffix);
    if (with_port != name) {
        parse_active(with_port.substr(with_port.find(':') + 1));
    }
    if (pwith_port != name) {
        parse_passive(pwith_port.substr(pwith_port.find(':') + 1));
    }
    return 0;
}
