// Lets a piece of a test run as a process bound by file modes, so that tests of "cannot read"
// and "not writable" run for root too: CI runs as root, and root's CAP_DAC_OVERRIDE and
// CAP_DAC_READ_SEARCH let it read and write whatever the mode says.
//
// While a WithoutFileOverride lives, the calling thread's effective set lacks both
// capabilities; its permitted set keeps them, so the destructor can take them back. Checks of
// the effective set see the modes (open, creat, and faccessat with AT_EACCESS); a plain
// access(2) by root still looks at the permitted set, which is why the code under test asks
// with AT_EACCESS.
#pragma once

#include <QString>
#include <cerrno>
#include <cstring>
#include <linux/capability.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace vigil::test {

class WithoutFileOverride {
public:
    WithoutFileOverride() {
        if (::syscall(SYS_capget, &header_, saved_) != 0) {
            error_ = QStringLiteral("capget: %1").arg(QString::fromLocal8Bit(strerror(errno)));
            return;
        }
        __user_cap_data_struct reduced[_LINUX_CAPABILITY_U32S_3];
        std::memcpy(reduced, saved_, sizeof reduced);
        reduced[0].effective &= ~((1u << CAP_DAC_OVERRIDE) | (1u << CAP_DAC_READ_SEARCH));
        if (::syscall(SYS_capset, &header_, reduced) != 0) {
            error_ = QStringLiteral("capset: %1").arg(QString::fromLocal8Bit(strerror(errno)));
            return;
        }
        active_ = true;
    }
    ~WithoutFileOverride() {
        if (active_) {
            ::syscall(SYS_capset, &header_, saved_);
        }
    }
    WithoutFileOverride(const WithoutFileOverride&) = delete;
    WithoutFileOverride& operator=(const WithoutFileOverride&) = delete;

    // Empty when the capabilities are dropped, else why not.
    const QString& error() const { return error_; }

private:
    __user_cap_header_struct header_{_LINUX_CAPABILITY_VERSION_3, 0};
    __user_cap_data_struct saved_[_LINUX_CAPABILITY_U32S_3] = {};
    QString error_;
    bool active_ = false;
};

} // namespace vigil::test
