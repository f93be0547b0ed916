#include "services/daemon_log.h"

#include "vigil/errors.h"
#include "vigil/vlog.h"

#include <QDir>
#include <QFileInfo>
#include <QPointer>
#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <utility>

VLOG_DEFINE_THIS_MODULE(daemon_log);

namespace vigil::ui {
namespace {

// Bytes read by one read() call; the per-pass budget is made of several.
constexpr qint64 chunkBytes = 64 << 10;

std::string local(const QString& path) {
    return QFile::encodeName(path).toStdString();
}

int openRetrying(const QString& path, int flags, mode_t mode = 0) {
    const std::string p = local(path);
    int fd;
    do {
        fd = ::open(p.c_str(), flags, mode);
    } while (fd < 0 && errno == EINTR);
    return fd;
}

qint64 preadRetrying(int fd, char* buffer, qint64 size, qint64 offset) {
    ssize_t n;
    do {
        n = ::pread(fd, buffer, static_cast<size_t>(size), offset);
    } while (n < 0 && errno == EINTR);
    return n;
}

// Writes all of `data`; returns 0 or errno.
int writeAll(int fd, const char* data, qint64 size) {
    while (size > 0) {
        ssize_t n = ::write(fd, data, static_cast<size_t>(size));
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            return errno;
        }
        data += n;
        size -= n;
    }
    return 0;
}

// The length of `bytes` cut to at most `max` bytes without splitting a UTF-8 sequence.
qsizetype utf8Cut(const QByteArray& bytes, qsizetype max) {
    if (bytes.size() <= max) {
        return bytes.size();
    }
    qsizetype cut = max;
    for (int i = 0; i < 3 && cut > 0 && (uchar(bytes[cut]) & 0xC0) == 0x80; i++) {
        cut--;
    }
    return (uchar(bytes[cut]) & 0xC0) == 0x80 ? max : cut;
}

} // namespace

DaemonLog::DaemonLog(const QString& directory, const QString& name, const DaemonLogLimits& limits,
                     QObject* parent)
    : QObject(parent), directory_(directory), name_(name), limits_(limits) {
    streams_[0].path = stdoutPath();
    streams_[1].path = stderrPath();
    streams_[1].isStderr = true;
    passTimer_.setSingleShot(true);
    passTimer_.setInterval(0);
    connect(&passTimer_, &QTimer::timeout, this, &DaemonLog::readNow);
    connect(&watcher_, &QFileSystemWatcher::fileChanged, this, &DaemonLog::schedule);
    connect(&watcher_, &QFileSystemWatcher::directoryChanged, this, &DaemonLog::schedule);
}

DaemonLog::~DaemonLog() {
    for (Stream& s : streams_) {
        closeStream(s);
    }
}

QString DaemonLog::stdoutPath() const {
    return directory_ + u'/' + name_ + QStringLiteral(".stdout.log");
}

QString DaemonLog::stderrPath() const {
    return directory_ + u'/' + name_ + QStringLiteral(".stderr.log");
}

QString DaemonLog::rotatedPath(const QString& path, int n) {
    return path + u'.' + QString::number(n);
}

bool DaemonLog::prepare(QString* error) {
    auto fail = [&](const QString& why) {
        if (error) {
            *error = why;
        }
        return false;
    };
    QFileInfo info(directory_);
    if (!info.exists()) {
        const QString parent = info.absolutePath();
        if (!QDir().mkpath(parent)) {
            return fail(QStringLiteral("cannot create %1").arg(parent));
        }
        // Logs may hold secrets a daemon prints: only their owner reads them.
        if (::mkdir(local(directory_).c_str(), 0700) < 0 && errno != EEXIST) {
            return fail(QStringLiteral("cannot create %1 (%2)")
                            .arg(directory_, QString::fromStdString(error_text(errno))));
        }
        info.refresh();
    }
    if (!info.isDir()) {
        return fail(QStringLiteral("%1 is not a directory").arg(directory_));
    }
    if (::access(local(directory_).c_str(), W_OK | X_OK) < 0) {
        return fail(QStringLiteral("cannot write into %1 (%2)")
                        .arg(directory_, QString::fromStdString(error_text(errno))));
    }
    return true;
}

void DaemonLog::follow(qint64 stdoutOffset, qint64 stderrOffset) {
    stop();
    following_ = true;
    const qint64 from[2] = {stdoutOffset, stderrOffset};
    for (int i = 0; i < 2; i++) {
        Stream& s = streams_[i];
        s.offset = 0;
        // A file that does not exist yet holds only what is new once it appears.
        openStream(s, from[i]);
    }
    watchFiles();
    schedule();
}

void DaemonLog::stop() {
    following_ = false;
    generation_++;
    passTimer_.stop();
    const QStringList watched = watcher_.files() + watcher_.directories();
    if (!watched.isEmpty()) {
        watcher_.removePaths(watched);
    }
    for (Stream& s : streams_) {
        // The offsets stay where they are (before the partial line), for offsets().
        s.offset -= s.pending.size();
        s.offset = std::max<qint64>(s.offset, 0);
        closeStream(s);
    }
}

DaemonLog::Offsets DaemonLog::offsets() const {
    auto delivered = [](const Stream& s) {
        return std::max<qint64>(s.offset - s.pending.size(), 0);
    };
    return {delivered(streams_[0]), delivered(streams_[1])};
}

void DaemonLog::setLimits(const DaemonLogLimits& limits) {
    limits_ = limits;
}

void DaemonLog::schedule() {
    if (following_ && !passTimer_.isActive()) {
        passTimer_.start();
    }
}

void DaemonLog::closeStream(Stream& s) {
    if (s.fd >= 0) {
        ::close(s.fd);
        s.fd = -1;
    }
    s.pending.clear();
    s.skipping = false;
}

bool DaemonLog::openStream(Stream& s, qint64 from) {
    closeStream(s);
    s.fd = openRetrying(s.path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    struct stat st {};
    if (s.fd < 0 || ::fstat(s.fd, &st) < 0) {
        closeStream(s);
        return false;
    }
    s.dev = st.st_dev;
    s.ino = st.st_ino;
    s.offset = from < 0 ? st.st_size : (from > st.st_size ? 0 : from);
    s.retryRotationAt = 0;
    return true;
}

void DaemonLog::watchFiles() {
    if (!watcher_.directories().contains(directory_) && QFileInfo(directory_).isDir()) {
        watcher_.addPath(directory_);
    }
    const QStringList files = watcher_.files();
    for (const Stream& s : streams_) {
        // Qt forgets a watched file that was removed or renamed: watch its successor.
        if (s.fd >= 0 && !files.contains(s.path) && QFileInfo::exists(s.path)) {
            watcher_.addPath(s.path);
        }
    }
}

void DaemonLog::readNow() {
    if (!following_) {
        return;
    }
    const quint64 generation = generation_;
    QPointer<DaemonLog> self(this);
    // Files are opened and watched before they are read, so a write right after the read is
    // notified.
    for (Stream& s : streams_) {
        if (s.fd < 0) {
            openStream(s, 0);
        }
    }
    watchFiles();
    bool more = false;
    for (Stream& s : streams_) {
        more = readStream(s) || more;
        if (!self || generation_ != generation) {
            return; // a slot stopped, restarted or deleted us
        }
    }
    if (more) {
        schedule();
    }
}

// Returns true when there may be more to read at once (the budget ran out, or the file was
// replaced and the new one is to be read).
bool DaemonLog::readStream(Stream& s) {
    if (s.fd < 0) {
        return false;
    }
    const QDateTime now = QDateTime::currentDateTime();
    const quint64 generation = generation_;
    QPointer<DaemonLog> self(this);
    QByteArray buffer(chunkBytes, Qt::Uninitialized);
    qint64 budget = std::max<qint64>(limits_.readBudgetBytes, 1);
    bool atEnd = false;
    while (budget > 0) {
        const qint64 n = preadRetrying(s.fd, buffer.data(), std::min(chunkBytes, budget), s.offset);
        if (n <= 0) {
            atEnd = true; // a read error is treated as the end; the next event retries
            break;
        }
        s.offset += n;
        budget -= n;
        if (!consume(s, buffer.constData(), n, now)) {
            return false;
        }
    }
    // Rotating only once caught up keeps what the copy must deliver small; a writer that
    // outruns the reader makes the file grow past maxBytes until the reader catches up.
    if (atEnd && limits_.maxBytes >= 0 && s.offset > limits_.maxBytes &&
        s.offset >= s.retryRotationAt) {
        const bool rotated = rotate(s);
        if (!self || generation_ != generation) {
            return false;
        }
        if (rotated) {
            return false; // the truncate is notified like any change
        }
        // Copying again on every pass would cost the whole file each time.
        s.retryRotationAt = s.offset + std::max<qint64>(limits_.maxBytes, chunkBytes);
    }
    if (atEnd) {
        return checkReplaced(s);
    }
    return true;
}

// At the end of the open file: notices the file truncated or replaced under us. Returns true
// when the new content is to be read at once.
bool DaemonLog::checkReplaced(Stream& s) {
    struct stat st {};
    if (::stat(local(s.path).c_str(), &st) < 0 || st.st_dev != s.dev || st.st_ino != s.ino) {
        // Removed or replaced (logrotate's create mode): the old file was read to its end; its
        // partial last line can no longer be completed, so it is delivered as it is.
        if (!s.pending.isEmpty() && !s.skipping) {
            const QByteArray line = s.pending;
            s.pending.clear();
            if (!emitLine(s, line, false, QDateTime::currentDateTime())) {
                return false;
            }
        }
        closeStream(s);
        s.offset = 0;
        // Qt's watch follows the old inode under the same path: renew it for the new file.
        if (watcher_.files().contains(s.path)) {
            watcher_.removePath(s.path);
        }
        return openStream(s, 0);
    }
    struct stat open {};
    if (::fstat(s.fd, &open) == 0 && open.st_size < s.offset) {
        // Truncated by someone else: the writer goes on at the new end (O_APPEND), possibly
        // finishing the pending line, so that is kept.
        s.offset = 0;
        return true;
    }
    return false;
}

// Copies the file to .1 (after shifting older copies), truncates it and delivers what lay
// between our offset and the end of the copy. Returns true when it completed and lines may
// follow; false when it was abandoned (logged) or a slot stopped us.
bool DaemonLog::rotate(Stream& s) {
    const int keep = std::max(limits_.keepFiles, 0);
    const std::string path = local(s.path);
    int wfd = openRetrying(s.path, O_WRONLY | O_CLOEXEC);
    struct stat st {};
    if (wfd < 0 || ::fstat(wfd, &st) < 0 || st.st_dev != s.dev || st.st_ino != s.ino) {
        if (wfd < 0) {
            VLOG_WARN("{}: cannot open {} to rotate it ({})", name_.toStdString(), path,
                      error_text(errno));
        }
        if (wfd >= 0) {
            ::close(wfd);
        }
        return false; // replaced meanwhile: checkReplaced() sees it at the end
    }
    const QString temp = rotatedPath(s.path, 1) + QStringLiteral(".tmp");
    int tfd = -1;
    if (keep > 0) {
        tfd = openRetrying(temp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0640);
        if (tfd < 0) {
            VLOG_WARN("{}: cannot create {} ({}); {} is not rotated", name_.toStdString(),
                      local(temp), error_text(errno), path);
            ::close(wfd);
            return false;
        }
    }
    // Copy to the end, however far the writer got meanwhile, so the truncate that follows at
    // once loses only what it appends in between. A writer outrunning the copy (by more than
    // twice the budget past our offset) makes us give up for now rather than hold the thread
    // or truncate what was not copied.
    const qint64 cap = s.offset + 2 * std::max<qint64>(limits_.readBudgetBytes, 1) + chunkBytes;
    QByteArray tail;
    QByteArray buffer(chunkBytes, Qt::Uninitialized);
    qint64 pos = keep > 0 ? 0 : s.offset;
    int error = 0;
    bool capped = false;
    for (;;) {
        const qint64 n = preadRetrying(s.fd, buffer.data(), chunkBytes, pos);
        if (n <= 0) {
            break;
        }
        if (tfd >= 0 && (error = writeAll(tfd, buffer.constData(), n)) != 0) {
            break;
        }
        if (pos + n > s.offset) {
            const qint64 skip = std::max<qint64>(s.offset - pos, 0);
            tail.append(buffer.constData() + skip, n - skip);
        }
        pos += n;
        if (pos >= cap) {
            capped = true;
            break;
        }
    }
    if (tfd >= 0 && ::close(tfd) < 0 && !error) {
        error = errno;
    }
    if (error || capped) {
        if (error) {
            VLOG_WARN("{}: cannot write {} ({}); {} is not rotated", name_.toStdString(),
                      local(temp), error_text(error), path);
        }
        ::unlink(local(temp).c_str());
        ::close(wfd);
        return false;
    }
    const int truncated = ::ftruncate(wfd, 0) < 0 ? errno : 0;
    ::close(wfd);
    if (truncated) {
        VLOG_WARN("{}: cannot truncate {} ({})", name_.toStdString(), path, error_text(truncated));
        ::unlink(local(temp).c_str());
        return false;
    }
    s.offset = 0;
    if (keep > 0) {
        // A copy beyond keepFiles is left from a larger setting: it goes first.
        ::unlink(local(rotatedPath(s.path, keep + 1)).c_str());
        for (int i = keep - 1; i >= 1; i--) {
            ::rename(local(rotatedPath(s.path, i)).c_str(),
                     local(rotatedPath(s.path, i + 1)).c_str());
        }
        if (::rename(local(temp).c_str(), local(rotatedPath(s.path, 1)).c_str()) < 0) {
            VLOG_WARN("{}: cannot rename {} ({})", name_.toStdString(), local(temp),
                      error_text(errno));
        }
    }
    const quint64 generation = generation_;
    QPointer<DaemonLog> self(this);
    if (!consume(s, tail.constData(), tail.size(), QDateTime::currentDateTime())) {
        return false;
    }
    Q_EMIT rotated(s.isStderr);
    return self && generation_ == generation;
}

// Splits `data` into lines, delivering each complete one and keeping the last partial one.
// Returns false when a slot stopped, restarted or deleted us (nothing may be touched then).
bool DaemonLog::consume(Stream& s, const char* data, qint64 size, const QDateTime& time) {
    const qsizetype maxLine = std::max(limits_.maxLineBytes, 1);
    const char* end = data + size;
    while (data < end) {
        const char* newline = static_cast<const char*>(std::memchr(data, '\n', end - data));
        if (s.skipping) {
            if (!newline) {
                return true;
            }
            s.skipping = false;
            data = newline + 1;
            continue;
        }
        const char* stop = newline ? newline : end;
        // Never hold more than one byte past the limit: that is enough to know it is exceeded.
        const qsizetype room = maxLine + 2 - s.pending.size();
        s.pending.append(data, std::min<qsizetype>(stop - data, std::max<qsizetype>(room, 0)));
        data = newline ? newline + 1 : end;
        if (newline && s.pending.endsWith('\r')) {
            s.pending.chop(1);
        }
        const bool tooLong = s.pending.size() > maxLine;
        if (!newline && !tooLong) {
            return true;
        }
        QByteArray line = std::exchange(s.pending, QByteArray());
        if (tooLong) {
            line.truncate(utf8Cut(line, maxLine));
            s.skipping = !newline;
        }
        if (!emitLine(s, line, tooLong, time)) {
            return false;
        }
    }
    return true;
}

bool DaemonLog::emitLine(Stream& s, const QByteArray& bytes, bool truncated,
                         const QDateTime& time) {
    const quint64 generation = generation_;
    QPointer<DaemonLog> self(this);
    Q_EMIT lineRead(s.isStderr, QString::fromUtf8(bytes), truncated, time);
    return self && generation_ == generation;
}

} // namespace vigil::ui
