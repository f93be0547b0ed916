// The console the window's tests build their MainWindow over: a private run directory and
// configuration home (so the window's QSettings start empty and belong to the test), a
// workspace written from the test's JSON, and a shutdown that waits until every daemon it
// started has stopped, so one test's children never outlive it into the next.
#pragma once

#include "private_settings.h"
#include "services/console.h"
#include "test_util.h"

#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <memory>

namespace vigil::test {

// A workspace of idle daemons named `names` (vigil-test-child, no control socket, not started).
inline QString idle_daemons_workspace(const QStringList& names) {
    QStringList daemons;
    for (const QString& name : names) {
        daemons << QStringLiteral(R"({"name": "%1", "program": "%2", "arguments": ["--after=-1"],
            "controlSocket": "none"})")
                       .arg(name, bin(QStringLiteral("vigil-test-child")));
    }
    return QStringLiteral(R"({"version": 1, "daemons": [%1], "targets": [], "sessions": []})")
        .arg(daemons.join(QStringLiteral(", ")));
}

class WindowTestConsole {
public:
    // Makes the private directories, writes `workspace_json` and loads it; false with `error`
    // set when any of that fails.
    bool start(const QString& workspace_json, QString* error) {
        dir_ = std::make_unique<QTemporaryDir>();
        if (!dir_->isValid()) {
            *error = QStringLiteral("cannot make a temporary directory");
            return false;
        }
        qputenv("OVS_RUNDIR", dir_->path().toLocal8Bit());
        use_private_settings(dir_->filePath(QStringLiteral("config")));
        const QString workspace = dir_->filePath(QStringLiteral("workspace.json"));
        QFile f(workspace);
        if (!f.open(QIODevice::WriteOnly) || f.write(workspace_json.toUtf8()) < 0) {
            *error = f.errorString();
            return false;
        }
        f.close();
        console_ = std::make_unique<vigil::ui::Console>();
        return console_->load(workspace, error);
    }

    // Shuts the console down (waiting for its daemons) and removes the directories; true when
    // the shutdown finished in time.
    bool stop() {
        bool finished = true;
        if (console_) {
            QSignalSpy done(console_.get(), &vigil::ui::Console::shutdownFinished);
            console_->shutdown();
            finished = done.size() == 1 || done.wait(10000);
            console_.reset();
        }
        dir_.reset();
        return finished;
    }

    vigil::ui::Console* get() const { return console_.get(); }
    // A path inside the test's private directory.
    QString path(const QString& name) const { return dir_->filePath(name); }

private:
    std::unique_ptr<QTemporaryDir> dir_;
    std::unique_ptr<vigil::ui::Console> console_;
};

} // namespace vigil::test
