// A JSON-RPC 1.0 message as OVS speaks it: the four kinds, OVS's validation and its wire
// form.
#pragma once

#include <boost/json/value.hpp>
#include <memory>
#include <string>

namespace vigil {

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

} // namespace vigil
