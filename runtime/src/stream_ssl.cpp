#include <cerrno>
#include "stream_provider.h"
namespace vigil::detail {
int ssl_stream_open(const std::string&, const std::string&, int, std::unique_ptr<stream>&) { return EAFNOSUPPORT; }
int pssl_open(const std::string&, const std::string&, int, std::unique_ptr<pstream>&) { return EAFNOSUPPORT; }
}
