// --user=USER[:GROUP] (spec §10.1, step 1 of §10.2): a daemon started by root gives up root
// before it forks, so its monitor, its pidfile and its sockets all belong to the new user.
// The checks and messages are OVS's (daemon_set_new_user and daemon_become_new_user_unix);
// OVS makes them at option parsing, where the pidfile name may not be known yet, so the
// messages here name the pidfile when there is one and the program otherwise.
#include "daemon_private.h"
#include "vigil/errors.h"

#include <algorithm>
#include <cerrno>
#include <grp.h>
#include <pwd.h>
#include <unistd.h>
#include <vector>

#define this_module_ (::vigil::detail::daemon_unix_module())

namespace vigil::detail {

namespace {

// OVS skips leading white space in both names.
std::string trim_leading(std::string s) {
    s.erase(0, std::min(s.size(), s.find_first_not_of(" \t\r\n")));
    return s;
}

// Starting buffer size for the get*_r() calls; ERANGE doubles it.
std::size_t lookup_buffer_size() {
    long pw = sysconf(_SC_GETPW_R_SIZE_MAX);
    long gr = sysconf(_SC_GETGR_R_SIZE_MAX);
    long size = std::max(pw, gr);
    return size > 0 ? static_cast<std::size_t>(size) : 1024;
}

} // namespace

void switch_user(const std::string& spec, const std::string& who, const std::string& log_file) {
    if (geteuid() != 0 || getuid() != 0) {
        VLOG_FATAL("{}: only root can use --user option", who);
    }
    std::string::size_type colon = spec.find(':');
    std::string user = trim_leading(spec.substr(0, colon));

    std::vector<char> buf(lookup_buffer_size());
    passwd pwd{};
    passwd* found = nullptr;
    int e;
    if (!user.empty()) {
        while ((e = getpwnam_r(user.c_str(), &pwd, buf.data(), buf.size(), &found)) == ERANGE) {
            buf.resize(buf.size() * 2);
        }
        if (e) {
            VLOG_FATAL("{}: Failed to retrive user {}'s uid ({}), aborting.", who, user,
                       error_text(e));
        }
        if (!found) {
            VLOG_FATAL("{}: user {} not found, aborting.", who, user);
        }
    } else {
        // "--user=:GROUP": the current user, with another group.
        while ((e = getpwuid_r(getuid(), &pwd, buf.data(), buf.size(), &found)) == ERANGE) {
            buf.resize(buf.size() * 2);
        }
        if (e || !found) {
            VLOG_FATAL("{}: Failed to retrive current user's name ({}), aborting.", who,
                       error_text(e ? e : ENOENT));
        }
        user = pwd.pw_name;
    }
    const uid_t uid = pwd.pw_uid;
    gid_t gid = pwd.pw_gid;

    if (colon != std::string::npos) {
        const std::string group = trim_leading(spec.substr(colon + 1));
        if (!group.empty()) {
            std::vector<char> gbuf(lookup_buffer_size());
            struct group grp {};
            struct group* gfound = nullptr;
            while ((e = getgrnam_r(group.c_str(), &grp, gbuf.data(), gbuf.size(), &gfound)) ==
                   ERANGE) {
                gbuf.resize(gbuf.size() * 2);
            }
            if (e) {
                VLOG_FATAL("{}: Failed to get group entry for {}, ({}), aborting.", who, group,
                           error_text(e));
            }
            if (!gfound) {
                VLOG_FATAL("{}: group {} not found, aborting.", who, group);
            }
            if (grp.gr_gid != gid) {
                bool member = false;
                for (char** m = grp.gr_mem; *m && !member; ++m) {
                    member = user == *m;
                }
                if (!member) {
                    VLOG_FATAL("{}: Invalid --user option {} (user {} is not in group {}), "
                               "aborting.",
                               who, spec, user, group);
                }
                gid = grp.gr_gid;
            }
        }
    }

    // The log file was opened as root; the daemon must still be able to reopen it.
    if (!log_file.empty() && chown(log_file.c_str(), uid, gid) < 0) {
        VLOG_WARN("{}: chown failed ({})", log_file, error_text(errno));
    }
    // Group first (only root may change it), then the supplementary groups, then the user;
    // each change is read back because a return code alone does not prove it.
    if (setgid(gid) < 0 || getgid() != gid || getegid() != gid) {
        VLOG_FATAL("{}: fail to switch group to gid as {}, aborting", who, gid);
    }
    if (initgroups(user.c_str(), gid) < 0) {
        VLOG_FATAL("{}: fail to add supplementary group gid {}, aborting", who, gid);
    }
    if (setuid(uid) < 0 || getuid() != uid || geteuid() != uid) {
        VLOG_FATAL("{}: fail to switch user to {}, aborting", who, user);
    }
}

} // namespace vigil::detail
