// vigil-known-hosts: the console's OpenSSH KnownHostsCommand. ssh runs it (without a shell) as
//   vigil-known-hosts OFFER_FILE KNOWN_HOSTS_FILE %I %H %t %K
// for every host key lookup. It records the key the host offered in OFFER_FILE (for the
// HOSTNAME lookup only, so the console can show that key's fingerprint and later accept exactly
// it), then prints the console's own known-hosts file, which ssh consults in addition to the
// user's. It never accepts a key: its output is only what the user trusted before.
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <string>
#include <unistd.h>

namespace {

// A known-hosts file larger than this is not the console's; print nothing rather than flood ssh.
constexpr off_t maxKnownHostsBytes = 4 * 1024 * 1024;

bool plainWord(const char* s) {
    if (!*s) {
        return false;
    }
    for (; *s; s++) {
        if (*s == ' ' || *s == '\n' || *s == '\r' || *s == '\t') {
            return false;
        }
    }
    return true;
}

// Writes the offer atomically (a temporary file renamed over the old one), mode 0600.
void recordOffer(const std::string& path, const char* name, const char* type, const char* key) {
    const std::string line = std::string(name) + ' ' + type + ' ' + key + '\n';
    const std::string temporary = path + ".tmp." + std::to_string(getpid());
    int fd = open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) {
        return;
    }
    bool ok = write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size());
    ok = (close(fd) == 0) && ok;
    if (!ok || rename(temporary.c_str(), path.c_str()) != 0) {
        unlink(temporary.c_str());
    }
}

void printKnownHosts(const char* path) {
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        return;
    }
    char buffer[8192];
    off_t total = 0;
    ssize_t n;
    while ((n = read(fd, buffer, sizeof buffer)) > 0 && total + n <= maxKnownHostsBytes) {
        total += n;
        if (fwrite(buffer, 1, static_cast<size_t>(n), stdout) != static_cast<size_t>(n)) {
            break;
        }
    }
    close(fd);
}

} // namespace

int main(int argc, char** argv) {
    if (argc != 7) {
        std::fprintf(stderr,
                     "usage: %s OFFER_FILE KNOWN_HOSTS_FILE REASON HOST KEY_TYPE KEY\n"
                     "(run by ssh as its KnownHostsCommand)\n",
                     argc > 0 ? argv[0] : "vigil-known-hosts");
        return 2;
    }
    const char* offerFile = argv[1];
    const char* knownHostsFile = argv[2];
    const char* reason = argv[3];
    const char* host = argv[4];
    const char* type = argv[5];
    const char* key = argv[6];
    if (std::strcmp(reason, "HOSTNAME") == 0 && plainWord(host) && plainWord(type) &&
        plainWord(key)) {
        recordOffer(offerFile, host, type, key);
    }
    printKnownHosts(knownHostsFile);
    return std::fflush(stdout) == 0 ? 0 : 1;
}
