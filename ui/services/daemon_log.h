// One supervised daemon's log files, followed like `tail -F` and kept bounded by rotation.
//
// A daemon's stdout and stderr are appended (O_APPEND) to <dir>/<name>.stdout.log and
// <dir>/<name>.stderr.log by the daemon itself (vigil::process_options::stdout_file), so they
// outlive the supervisor: a supervisor killed with -9 and restarted resumes reading at the byte
// offsets it saved, and nothing the daemon wrote in between is lost or delivered twice.
//
// Rotation is logrotate's copytruncate. The writer is another process that keeps its file
// descriptor and cannot be asked to reopen, so renaming the file away would leave it writing
// into the renamed file forever. Instead, once the reader has caught up with a file holding
// more than maxBytes, its content is copied to <file>.1 (a temporary file renamed into place, so a
// reader never sees a half-written .1; older copies shift to .2 ... .K first) and the file is
// truncated to 0 with ftruncate(); O_APPEND makes the writer's next write land at the new end.
// Lines the writer appends between the last read of the copy and the truncate (a window of
// microseconds) are lost: that is the price of not touching the writer. Anything between our read
// position and the end of the copy is delivered from the copy. The bound holds while the reader
// keeps up: a writer that outruns it (or the copy, by more than two read budgets) makes the file
// grow past maxBytes until the reader catches up, rather than losing what was not read.
//
// A file truncated or replaced by someone else (its size drops below our offset, or its inode
// changes) is read from its start; the old file is read to its end first. A file that does not
// exist yet is followed once it appears (the directory is watched too).
#pragma once

#include <QDateTime>
#include <QFileSystemWatcher>
#include <QObject>
#include <QString>
#include <QTimer>
#include <array>
#include <sys/types.h>

namespace vigil::ui {

// The bounds of one daemon's logs.
struct DaemonLogLimits {
    qint64 maxBytes = 1 << 20;          // a file is rotated once more than this was read from it
    int keepFiles = 3;                  // rotated copies kept (.1 ... .keepFiles); 0 keeps none
    int maxLineBytes = 4096;            // longer lines are cut and marked truncated
    qint64 readBudgetBytes = 256 << 10; // read per file per event-loop pass, so a flood cannot
                                        // stall the thread (the rest is read in later passes)
};

class DaemonLog : public QObject {
    Q_OBJECT
public:
    // Byte offsets into the two live files up to which lines have been delivered.
    struct Offsets {
        qint64 stdoutOffset = 0;
        qint64 stderrOffset = 0;
    };

    // Describes the logs of daemon `name` in `directory`; nothing is touched until prepare() or
    // follow().
    DaemonLog(const QString& directory, const QString& name, const DaemonLogLimits& limits,
              QObject* parent = nullptr);
    ~DaemonLog() override;

    // <directory>/<name>.stdout.log and <directory>/<name>.stderr.log: what a daemon's
    // process_options::stdout_file and stderr_file should name.
    QString stdoutPath() const;
    QString stderrPath() const;
    // The path of the n-th rotated copy of a live file (n >= 1): "<path>.<n>".
    static QString rotatedPath(const QString& path, int n);

    // Creates the directory (mode 0700, its parents as needed) if it does not exist. Returns
    // true when it exists as a directory we can write into; false with *error (a sentence)
    // when it cannot be created or is not a writable directory.
    bool prepare(QString* error = nullptr);

    // Starts following both files from byte offsets that offsets() returned earlier (-1 = from
    // the current end, 0 = from the start); lines already in the files past the offsets are
    // delivered from the next event-loop pass on. An offset beyond a file's size (the file was
    // truncated meanwhile) or into a file that does not exist yet reads from its start. The
    // directory should exist (prepare()); otherwise files appearing later are seen only on
    // the next readNow(). Following again restarts from the given offsets.
    void follow(qint64 stdoutOffset, qint64 stderrOffset);

    // Stops following and closes the files; a partial last line not yet completed is dropped
    // (offsets() still points before it, so a later follow() delivers it whole).
    void stop();

    // True between follow() and stop().
    bool following() const { return following_; }

    // Where reading would resume: for each file, the offset just past the last line delivered
    // (a partial line in progress is not counted, so following from here delivers it whole).
    // After a rotation that left a partial line pending, the offset is 0 and the line's start
    // is only in the rotated copy.
    Offsets offsets() const;

    // Replaces the limits; they apply from the next read.
    void setLimits(const DaemonLogLimits& limits);
    const DaemonLogLimits& limits() const { return limits_; }

    // Reads what is new in both files now, up to the per-pass budget each, rotating a file
    // that grew past maxBytes; schedules another pass when a budget ran out. Does nothing when
    // not following. lineRead() slots may call stop() or deleteLater(), not delete this object.
    void readNow();

Q_SIGNALS:
    // One complete line, without its newline (and without a CR before it). A line longer than
    // maxLineBytes is cut there (at a UTF-8 character boundary) and delivered with `truncated`
    // set; the rest of it is skipped. `time` is when it was read: the files carry no times.
    void lineRead(bool isStderr, const QString& text, bool truncated, const QDateTime& time);
    // A file was rotated (copied to .1 and truncated).
    void rotated(bool isStderr);

private:
    struct Stream {
        QString path;
        bool isStderr = false;
        int fd = -1;
        dev_t dev = 0;
        ino_t ino = 0;
        qint64 offset = 0;          // read position in the open file
        QByteArray pending;         // the bytes of the line in progress
        bool skipping = false;      // inside the rest of a line that was cut
        qint64 retryRotationAt = 0; // after a failed rotation, the offset to try again at
    };

    void schedule();
    void closeStream(Stream& s);
    bool openStream(Stream& s, qint64 from);
    bool readStream(Stream& s);
    bool checkReplaced(Stream& s);
    bool rotate(Stream& s);
    bool consume(Stream& s, const char* data, qint64 size, const QDateTime& time);
    bool emitLine(Stream& s, const QByteArray& bytes, bool truncated, const QDateTime& time);
    void watchFiles();

    QString directory_;
    QString name_;
    DaemonLogLimits limits_;
    std::array<Stream, 2> streams_;
    QFileSystemWatcher watcher_;
    QTimer passTimer_;
    bool following_ = false;
    quint64 generation_ = 0; // bumped by follow() and stop(), to notice them from slots
};

} // namespace vigil::ui
