// JSON-RPC messages: construction, OVS's validation of received messages and serialization.
#include "vigil/jsonrpc_msg.h"

#include "vigil/json.h"

#include <atomic>
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <spdlog/fmt/fmt.h>

namespace vigil {

namespace {

// One counter per process, like OVS, so the first request of a process has id 0 (ovs-appctl
// scripts and tests rely on it).
std::atomic<unsigned int> next_id{0};

std::unique_ptr<jsonrpc_msg> make(jsonrpc_msg_type type, std::string method,
                                  boost::json::value params, boost::json::value result,
                                  boost::json::value error, boost::json::value id) {
    auto msg = std::make_unique<jsonrpc_msg>();
    msg->type = type;
    msg->method = std::move(method);
    msg->params = std::move(params);
    msg->result = std::move(result);
    msg->error = std::move(error);
    msg->id = std::move(id);
    return msg;
}

// Moves member `key` out of `obj`, returning null when it is absent (or null). `found` counts
// the members that were present, null or not, to detect unexpected ones afterwards.
boost::json::value take_member(boost::json::object& obj, std::string_view key, std::size_t& found) {
    auto it = obj.find(key);
    if (it == obj.end()) {
        return nullptr;
    }
    found++;
    return std::move(it->value());
}

} // namespace

const char* jsonrpc_msg_type_to_string(jsonrpc_msg_type type) {
    switch (type) {
    case jsonrpc_msg_type::request:
        return "request";
    case jsonrpc_msg_type::notify:
        return "notification";
    case jsonrpc_msg_type::reply:
        return "reply";
    case jsonrpc_msg_type::error:
        return "error";
    }
    return "(null)";
}

std::unique_ptr<jsonrpc_msg>
jsonrpc_msg::create_request(std::string method, boost::json::value params, boost::json::value* id) {
    boost::json::value new_id = static_cast<std::int64_t>(next_id.fetch_add(1));
    if (id) {
        *id = new_id;
    }
    return make(jsonrpc_msg_type::request, std::move(method), std::move(params), nullptr, nullptr,
                std::move(new_id));
}

std::unique_ptr<jsonrpc_msg> jsonrpc_msg::create_notify(std::string method,
                                                        boost::json::value params) {
    return make(jsonrpc_msg_type::notify, std::move(method), std::move(params), nullptr, nullptr,
                nullptr);
}

std::unique_ptr<jsonrpc_msg> jsonrpc_msg::create_reply(boost::json::value result,
                                                       boost::json::value id) {
    if (result.is_null()) {
        result = boost::json::object();
    }
    return make(jsonrpc_msg_type::reply, {}, nullptr, std::move(result), nullptr, std::move(id));
}

std::unique_ptr<jsonrpc_msg> jsonrpc_msg::create_error(boost::json::value error,
                                                       boost::json::value id) {
    return make(jsonrpc_msg_type::error, {}, nullptr, nullptr, std::move(error), std::move(id));
}

std::string jsonrpc_msg::validate() const {
    if (!params.is_null() && !params.is_array()) {
        return "\"params\" must be JSON array";
    }
    // Which members each kind must have (true) or must not have (false), in the order
    // method, params, result, error, id.
    static constexpr bool patterns[4][5] = {
        {true, true, false, false, true},  // request
        {true, true, false, false, false}, // notification
        {false, false, true, false, true}, // reply
        {false, false, false, true, true}, // error
    };
    static constexpr const char* names[5] = {"method", "params", "result", "error", "id"};
    // A received message has a method exactly when its kind requires one (from_json() checks
    // it), so for the method presence follows the kind.
    bool has_method = type == jsonrpc_msg_type::request || type == jsonrpc_msg_type::notify;
    const bool present[5] = {has_method, !params.is_null(), !result.is_null(), !error.is_null(),
                             !id.is_null()};
    const bool* pattern = patterns[static_cast<int>(type)];
    for (int i = 0; i < 5; i++) {
        if (present[i] != pattern[i]) {
            return fmt::format("{} must{} have \"{}\"", jsonrpc_msg_type_to_string(type),
                               pattern[i] ? "" : " not", names[i]);
        }
    }
    return {};
}

std::unique_ptr<jsonrpc_msg> jsonrpc_msg::from_json(boost::json::value json, std::string& error) {
    if (!json.is_object()) {
        error = "message is not a JSON object";
        return nullptr;
    }
    boost::json::object& obj = json.get_object();
    std::size_t found = 0;

    bool has_method = false;
    std::string method;
    if (auto it = obj.find("method"); it != obj.end()) {
        found++;
        if (!it->value().is_string()) {
            error = "method is not a JSON string";
            return nullptr;
        }
        has_method = true;
        method.assign(it->value().get_string().data(), it->value().get_string().size());
    }
    auto msg = std::make_unique<jsonrpc_msg>();
    msg->params = take_member(obj, "params", found);
    msg->result = take_member(obj, "result", found);
    msg->error = take_member(obj, "error", found);
    msg->id = take_member(obj, "id", found);
    msg->method = std::move(method);
    msg->type = !msg->result.is_null()  ? jsonrpc_msg_type::reply
                : !msg->error.is_null() ? jsonrpc_msg_type::error
                : !msg->id.is_null()    ? jsonrpc_msg_type::request
                                        : jsonrpc_msg_type::notify;

    if (found < obj.size()) {
        for (const auto& kv : obj) {
            std::string_view key = kv.key();
            if (key != "method" && key != "params" && key != "result" && key != "error" &&
                key != "id") {
                error = fmt::format("message has unexpected member \"{}\"", key);
                return nullptr;
            }
        }
    }

    if (!msg->params.is_null() && !msg->params.is_array()) {
        error = "\"params\" must be JSON array";
        return nullptr;
    }
    // The method's presence is checked here because validate() infers it from the kind.
    bool wants_method =
        msg->type == jsonrpc_msg_type::request || msg->type == jsonrpc_msg_type::notify;
    if (has_method != wants_method) {
        error = fmt::format("{} must{} have \"method\"", jsonrpc_msg_type_to_string(msg->type),
                            wants_method ? "" : " not");
        return nullptr;
    }
    error = msg->validate();
    if (!error.empty()) {
        return nullptr;
    }
    return msg;
}

boost::json::value jsonrpc_msg::to_json() const {
    boost::json::object obj;
    if (type == jsonrpc_msg_type::request || type == jsonrpc_msg_type::notify) {
        obj["method"] = method;
    }
    if (!params.is_null()) {
        obj["params"] = params;
    }
    if (!result.is_null() || type == jsonrpc_msg_type::error) {
        obj["result"] = result;
    }
    if (!error.is_null() || type == jsonrpc_msg_type::reply) {
        obj["error"] = error;
    }
    if (!id.is_null() || type == jsonrpc_msg_type::notify) {
        obj["id"] = id;
    }
    return obj;
}

void jsonrpc_msg::serialize(std::string& out) const {
    // The same members as to_json(), written directly.
    char sep = '{';
    auto member = [&](const char* key_with_quotes_and_colon) {
        out.push_back(sep);
        out.append(key_with_quotes_and_colon);
        sep = ',';
    };
    if (!id.is_null() || type == jsonrpc_msg_type::notify) {
        member("\"id\":");
        json_serialize(id, out);
    }
    if (type == jsonrpc_msg_type::request || type == jsonrpc_msg_type::notify) {
        member("\"method\":");
        json_serialize_string(method, out);
    }
    if (!params.is_null()) {
        member("\"params\":");
        json_serialize(params, out);
    }
    if (!result.is_null() || type == jsonrpc_msg_type::error) {
        member("\"result\":");
        json_serialize(result, out);
    }
    if (!error.is_null() || type == jsonrpc_msg_type::reply) {
        member("\"error\":");
        json_serialize(error, out);
    }
    if (sep == '{') {
        out.push_back('{');
    }
    out.push_back('}');
}

std::string jsonrpc_msg::to_string(unsigned flags) const {
    return json_to_string(to_json(), flags);
}

} // namespace vigil
