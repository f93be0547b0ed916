#include "vigil/pidfile.h"

#include "daemon_private.h"
#include "vigil/errors.h"
#include "vigil/fatal_signal.h"
#include "vigil/rundir.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

// Pidfile messages are OVS's daemon_unix messages.
#define this_module_ (::vigil::detail::daemon_unix_module())

namespace vigil {
namespace {

// The pidfile this process created: its fd must stay open, because closing *any* fd of a file
// drops every fcntl lock this process holds on it.
int own_fd = -1;
dev_t own_dev = 0;
ino_t own_ino = 0;
std::string own_path;

int lock_file(int fd, int command, struct flock& lck) {
    lck = {};
    lck.l_type = F_WRLCK;
    lck.l_whence = SEEK_SET;
    lck.l_start = 0;
    lck.l_len = 0;
    int error;
    do {
        error = fcntl(fd, command, &lck) < 0 ? errno : 0;
    } while (error == EINTR);
    return error;
}

struct fd_closer {
    int fd;
    ~fd_closer() {
        if (fd >= 0) {
            close(fd);
        }
    }
};

// Reads the live pid in `path` (0 in `pid` when there is none and `delete_if_stale` removed a
// stale file or found none).
int read_pidfile__(const std::string& path, bool delete_if_stale, pid_t& pid) {
    pid = 0;
    struct stat s, s2;
    if (own_fd >= 0 && stat(path.c_str(), &s) == 0 && s.st_dev == own_dev && s.st_ino == own_ino) {
        pid = getpid();
        return 0;
    }

    fd_closer file{open(path.c_str(), (delete_if_stale ? O_RDWR : O_RDONLY) | O_CLOEXEC)};
    if (file.fd < 0) {
        int error = errno;
        if (error == ENOENT && delete_if_stale) {
            return 0;
        }
        VLOG_WARN("{}: open: {}", path, error_text(error));
        return error;
    }

    struct flock lck;
    if (int error = lock_file(file.fd, F_GETLK, lck)) {
        VLOG_WARN("{}: fcntl: {}", path, error_text(error));
        return error;
    }
    if (lck.l_type == F_UNLCK) {
        if (!delete_if_stale) {
            VLOG_DBG("{}: pid file is stale", path);
            return ESRCH;
        }
        // Only the process that manages to lock a stale pidfile may unlink it; otherwise two
        // starting daemons could each delete the file the other just created.
        if (int error = lock_file(file.fd, F_SETLK, lck)) {
            VLOG_WARN("{}: lost race to lock pidfile", path);
            return error;
        }
        if (stat(path.c_str(), &s) || fstat(file.fd, &s2) || s.st_ino != s2.st_ino ||
            s.st_dev != s2.st_dev) {
            VLOG_WARN("{}: lost race to delete pidfile", path);
            return EALREADY;
        }
        if (unlink(path.c_str())) {
            int error = errno;
            VLOG_WARN("{}: failed to delete stale pidfile ({})", path, error_text(error));
            return error;
        }
        VLOG_DBG("{}: deleted stale pidfile", path);
        return 0;
    }

    char line[128];
    ssize_t n = pread(file.fd, line, sizeof line - 1, 0);
    if (n < 0) {
        int error = errno;
        VLOG_WARN("{}: read: {}", path, error_text(error));
        return error;
    }
    if (n == 0) {
        VLOG_WARN("{}: read: unexpected end of file", path);
        return ESRCH;
    }
    line[n] = '\0';
    if (char* nl = std::strchr(line, '\n')) {
        nl[1] = '\0';
    }
    if (lck.l_pid != static_cast<pid_t>(std::strtoul(line, nullptr, 10))) {
        // The locker is not the process the file names: someone is deleting a stale file.
        VLOG_WARN("{}: stale pidfile for pid {} being deleted by pid {}", path, line,
                  static_cast<long>(lck.l_pid));
        return ESRCH;
    }
    pid = lck.l_pid;
    return 0;
}

} // namespace

std::string make_pidfile_name(const std::string& name, const std::string& program) {
    return name.empty() ? rundir() + "/" + program + ".pid" : abs_file_name_in_rundir(name);
}

int read_pidfile(const std::string& path, pid_t& pid) {
    return read_pidfile__(path, false, pid);
}

int make_pidfile(const std::string& path, bool overwrite, std::string& message) {
    long pid = getpid();
    std::string tmp = overwrite ? path + ".tmp" + std::to_string(pid) : path + ".tmp";
    if (overwrite) {
        fatal_signal_add_file_to_unlink(tmp);
    }
    // Everyone starting on this pidfile shares `tmp` as a lock; it is registered for
    // unlinking only once we hold it.
    int fd = open(tmp.c_str(), O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (fd < 0) {
        int error = errno;
        message = tmp + ": create failed (" + error_text(error) + ")";
        return error;
    }
    auto fail = [&](int error, std::string text) {
        close(fd);
        message = std::move(text);
        return error;
    };
    struct flock lck;
    if (int error = lock_file(fd, F_SETLK, lck)) {
        return fail(error, tmp + ": fcntl(F_SETLK) failed (" + error_text(error) + ")");
    }
    if (!overwrite) {
        fatal_signal_add_file_to_unlink(tmp);
        pid_t running;
        int error = read_pidfile__(path, true, running);
        if (!error && running > 0) {
            return fail(EEXIST, fmt::format("{}: already running as pid {}, aborting", path,
                                            static_cast<long>(running)));
        }
        if (error) {
            return fail(error,
                        path + ": pidfile check failed (" + error_text(error) + "), aborting");
        }
    }
    struct stat s;
    if (fstat(fd, &s) < 0) {
        int error = errno;
        return fail(error, tmp + ": fstat failed (" + error_text(error) + ")");
    }
    if (ftruncate(fd, 0) < 0) {
        int error = errno;
        return fail(error, tmp + ": truncate failed (" + error_text(error) + ")");
    }
    std::string text = std::to_string(pid) + "\n";
    ssize_t written;
    do {
        written = write(fd, text.data(), text.size());
    } while (written < 0 && errno == EINTR);
    if (written != static_cast<ssize_t>(text.size())) {
        // A short write sets no errno, so whatever errno held was from an earlier call: report
        // the short write as such (a full disk, usually).
        int error = written < 0 ? errno : ENOSPC;
        return fail(error, tmp + ": write failed (" + error_text(error) + ")");
    }
    int renamed = rename(tmp.c_str(), path.c_str());
    int rename_error = errno;
    // After a lost race `tmp` may belong to another process now: never unlink it at exit.
    fatal_signal_remove_file_to_unlink(tmp);
    if (renamed < 0) {
        return fail(rename_error, fmt::format("failed to rename \"{}\" to \"{}\" ({})", tmp, path,
                                              error_text(rename_error)));
    }
    fatal_signal_add_file_to_unlink(path);
    own_fd = fd;
    own_dev = s.st_dev;
    own_ino = s.st_ino;
    own_path = path;
    return 0;
}

std::string pidfile_path() {
    return own_path;
}

void remove_pidfile() {
    if (own_fd < 0) {
        return;
    }
    fatal_signal_unlink_file_now(own_path);
    close(own_fd);
    own_fd = -1;
    own_dev = 0;
    own_ino = 0;
    own_path.clear();
}

} // namespace vigil
