// The JSON-RPC output serializer: compact JSON exactly as json_serialize() writes it, except
// that large strings without escapes become chunks of their own (moved, not copied).
#include "jsonrpc_output.h"

#include "vigil/json.h"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

namespace vigil::detail {

namespace {

class chunk_writer {
public:
    chunk_writer(std::vector<jsonrpc_out_chunk>& chunks, std::size_t first,
                 std::size_t coalesce_limit, std::size_t min_payload)
        : chunks_(chunks), first_(first), coalesce_limit_(coalesce_limit),
          min_payload_(min_payload) {}

    // The text chunk to append to, started afresh when the last one may not grow.
    std::string& text() {
        if (!current_) {
            if (chunks_.size() == first_ || !chunks_.back().payload.empty() ||
                chunks_.back().text.size() >= coalesce_limit_) {
                chunks_.emplace_back();
            }
            current_ = &chunks_.back().text;
            start_ = current_->size();
        }
        return *current_;
    }

    void value(boost::json::value& v) {
        switch (v.kind()) {
        case boost::json::kind::string:
            string(v.get_string());
            break;
        case boost::json::kind::array: {
            text().push_back('[');
            bool first = true;
            for (auto& elem : v.get_array()) {
                if (!first) {
                    text().push_back(',');
                }
                first = false;
                value(elem);
            }
            text().push_back(']');
            break;
        }
        case boost::json::kind::object: {
            text().push_back('{');
            bool first = true;
            for (auto& kv : v.get_object()) {
                if (!first) {
                    text().push_back(',');
                }
                first = false;
                json_serialize_string(kv.key(), text());
                text().push_back(':');
                value(kv.value());
            }
            text().push_back('}');
            break;
        }
        default:
            json_serialize(v, text());
            break;
        }
    }

    void string(boost::json::string& s) {
        std::string_view view(s.data(), s.size());
        if (s.size() < min_payload_ || json_string_needs_escape(view)) {
            json_serialize_string(view, text());
            return;
        }
        text().push_back('"');
        close_text();
        added_ += s.size();
        chunks_.emplace_back().payload = std::move(s);
        text().push_back('"');
    }

    // Counts the message in the last chunk and returns the bytes added.
    std::size_t finish() {
        close_text();
        chunks_.back().n_msgs++;
        return added_;
    }

private:
    void close_text() {
        if (current_) {
            added_ += current_->size() - start_;
            current_ = nullptr;
        }
    }

    std::vector<jsonrpc_out_chunk>& chunks_;
    std::size_t first_;
    std::size_t coalesce_limit_;
    std::size_t min_payload_;
    std::string* current_ = nullptr;
    std::size_t start_ = 0;
    std::size_t added_ = 0;
};

} // namespace

std::size_t jsonrpc_serialize_chunks(jsonrpc_msg& msg, std::vector<jsonrpc_out_chunk>& chunks,
                                     std::size_t first, std::size_t coalesce_limit,
                                     std::size_t min_payload) {
    chunk_writer w(chunks, first, coalesce_limit, min_payload);
    // The members and their order are those of jsonrpc_msg::serialize().
    char sep = '{';
    auto member = [&](const char* key_with_quotes_and_colon) {
        w.text().push_back(sep);
        w.text().append(key_with_quotes_and_colon);
        sep = ',';
    };
    if (!msg.id.is_null() || msg.type == jsonrpc_msg_type::notify) {
        member("\"id\":");
        w.value(msg.id);
    }
    if (msg.type == jsonrpc_msg_type::request || msg.type == jsonrpc_msg_type::notify) {
        member("\"method\":");
        json_serialize_string(msg.method, w.text());
    }
    if (!msg.params.is_null()) {
        member("\"params\":");
        w.value(msg.params);
    }
    if (!msg.result.is_null() || msg.type == jsonrpc_msg_type::error) {
        member("\"result\":");
        w.value(msg.result);
    }
    if (!msg.error.is_null() || msg.type == jsonrpc_msg_type::reply) {
        member("\"error\":");
        w.value(msg.error);
    }
    if (sep == '{') {
        w.text().push_back('{');
    }
    w.text().push_back('}');
    return w.finish();
}

} // namespace vigil::detail
