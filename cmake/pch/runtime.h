// The headers nearly every runtime source parses: precompiled once per build (VIGIL_PCH), so
// each of them is not parsed again per translation unit. Only system and third-party headers
// belong here; the project's own change too often to be worth it.
#pragma once

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json.hpp>
#include <spdlog/fmt/fmt.h>
