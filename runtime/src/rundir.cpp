#include "vigil/rundir.h"

#include "vigil/errors.h"
#include "vigil/vlog.h"

#include <cerrno>
#include <cstdlib>
#include <sys/stat.h>
#include <unistd.h>

VLOG_DEFINE_THIS_MODULE(rundir);

namespace vigil {

namespace {

std::string env(const char* name) {
    const char* v = std::getenv(name);
    return v && *v ? v : "";
}

// Creates `dir` and its missing parents with mode 0700; returns 0 or a positive errno.
int make_dirs(const std::string& dir) {
    if (dir.empty()) {
        return 0;
    }
    struct stat st;
    if (stat(dir.c_str(), &st) == 0) {
        return S_ISDIR(st.st_mode) ? 0 : ENOTDIR;
    }
    auto slash = dir.rfind('/');
    if (slash != std::string::npos && slash > 0) {
        if (int error = make_dirs(dir.substr(0, slash))) {
            return error;
        }
    }
    if (mkdir(dir.c_str(), 0700) < 0 && errno != EEXIST) {
        return errno;
    }
    return 0;
}

// Creates the shared-location fallback `dir` (0700) if it is missing, then checks that it can
// be trusted: a real directory (not a symlink), ours, and writable by nobody else. Anyone can
// create names in /tmp, so without this another user could plant the directory and own the
// sockets and pidfiles that clients follow. Returns "" when it is fine, else why it is not.
std::string check_private_dir(const std::string& dir) {
    if (mkdir(dir.c_str(), 0700) < 0 && errno != EEXIST) {
        return fmt::format("cannot be created ({})", error_text(errno));
    }
    struct stat st;
    if (lstat(dir.c_str(), &st) < 0) {
        return fmt::format("cannot be examined ({})", error_text(errno));
    }
    if (S_ISLNK(st.st_mode)) {
        return "is a symbolic link";
    }
    if (!S_ISDIR(st.st_mode)) {
        return "is not a directory";
    }
    if (st.st_uid != geteuid()) {
        return fmt::format("belongs to uid {}, not to uid {}", st.st_uid, geteuid());
    }
    if (st.st_mode & (S_IWGRP | S_IWOTH)) {
        return fmt::format("is writable by others (mode {:04o})", st.st_mode & 07777);
    }
    return "";
}

} // namespace

std::string rundir() {
    std::string dir = env("OVS_RUNDIR");
    if (dir.empty()) {
        dir = env("VIGIL_RUNDIR");
    }
    if (dir.empty()) {
        if (geteuid() == 0) {
            dir = "/run/vigil";
        } else if (std::string xdg = env("XDG_RUNTIME_DIR"); !xdg.empty()) {
            dir = xdg + "/vigil";
        } else {
            std::string tmp = env("TMPDIR");
            dir = (tmp.empty() ? std::string("/tmp") : tmp) + "/vigil-" + std::to_string(geteuid());
            if (std::string why = check_private_dir(dir); !why.empty()) {
                VLOG_FATAL("run directory {} {}: refusing to use it (set XDG_RUNTIME_DIR or "
                           "VIGIL_RUNDIR to a private directory)",
                           dir, why);
            }
        }
    }
    if (int error = make_dirs(dir)) {
        static bool warned = false;
        if (!warned) {
            warned = true;
            VLOG_WARN("could not create run directory {} ({})", dir, error_text(error));
        }
    }
    return dir;
}

std::string abs_file_name_in_rundir(const std::string& path) {
    if (!path.empty() && path.front() == '/') {
        return path;
    }
    return rundir() + "/" + path;
}

} // namespace vigil
