#include "services/process_launcher.h"

#include <QCoreApplication>
#include <QEvent>
#include <QProcess>
#include <QThread>
#include <sys/prctl.h>

#include <csignal>

namespace vigil::ui {

ProcessLauncher::ProcessLauncher(QObject* parent)
    : QObject(parent), thread_(new QThread), worker_(new QObject) {
    thread_->setObjectName(QStringLiteral("process launcher"));
    worker_->moveToThread(thread_);
    thread_->start();
}

ProcessLauncher::~ProcessLauncher() {
    thread_->quit();
    thread_->wait();
    delete worker_;
    delete thread_;
    // Processes started but not handed over yet: their receivers are gone, so these kill them.
    QCoreApplication::sendPostedEvents(this, QEvent::MetaCall);
}

void ProcessLauncher::launch(QObject* context, const QStringList& argv, Started started) {
    QThread* home = thread();
    QPointer<QObject> receiver(context);
    QPointer<ProcessLauncher> self(this);
    QMetaObject::invokeMethod(worker_, [home, argv, receiver, self, started = std::move(started)] {
        auto* process = new QProcess;
        // ssh must not outlive the console (Cockpit does the same): the kernel sends it TERM
        // when the console dies, however it dies.
        process->setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGTERM); });
        process->setProgram(argv.value(0));
        process->setArguments(argv.mid(1));
        process->start(QIODevice::ReadOnly);
        // Before this thread's loop turns again, so that every notification of the process
        // (output, errors, its end) is handled where the receiver lives.
        process->moveToThread(home);
        if (!self) {
            process->kill();
            process->deleteLater();
            return;
        }
        QMetaObject::invokeMethod(self, [process, receiver, started] {
            if (!receiver) {
                process->kill();
                process->waitForFinished(1000);
                delete process;
                return;
            }
            started(process);
        });
    });
}

} // namespace vigil::ui
