// Small helpers shared by the test programs.
#pragma once

#include <QString>
#include <chrono>
#include <functional>
#include <string>
#include <thread>

namespace vigil::test {

// Polls `condition` every 10 ms until it holds or `timeout_ms` passes; returns its last value.
inline bool wait_until(const std::function<bool()>& condition, int timeout_ms = 10000) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    while (!condition()) {
        if (std::chrono::steady_clock::now() >= deadline) {
            return false;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return true;
}

// Path of a program built into build/bin.
inline QString bin(const QString& program) {
    return QStringLiteral(VIGIL_BIN_DIR) + QLatin1Char('/') + program;
}

// Path of a file in the source tree.
inline QString source(const QString& relative) {
    return QStringLiteral(VIGIL_SOURCE_DIR) + QLatin1Char('/') + relative;
}

} // namespace vigil::test
