// Asks a daemon's control socket whether it answers: one unixctl `version` request over a
// Unix socket, asynchronously, with a timeout.
//
// The wire protocol is OVS's unixctl JSON-RPC 1.0: the request is the single JSON object
// {"id":0,"method":"version","params":[]} and any reply object carrying an "id" (a result or
// an error alike) means the daemon's control loop is serving requests. (It uses QLocalSocket
// rather than the runtime's unixctl client so that it lives on Qt's event loop only.)
#pragma once

#include <QByteArray>
#include <QObject>
#include <QString>
#include <QTimer>

class QLocalSocket;

namespace vigil::ui {

class ControlSocketProbe : public QObject {
    Q_OBJECT
public:
    explicit ControlSocketProbe(QObject* parent = nullptr);
    ~ControlSocketProbe() override;

    // Starts one probe of `path`, cancelling a probe in progress; finished() follows from the
    // event loop (never from inside this call) within about `timeoutMs` milliseconds.
    void probe(const QString& path, int timeoutMs = 1000);
    // Cancels a probe in progress; finished() is not emitted for it.
    void cancel();
    // True while a probe is in progress.
    bool busy() const { return socket_ != nullptr; }

Q_SIGNALS:
    // The probe ended: `answered` is true when a reply came; otherwise `error` says why (e.g.
    // "connection refused", "no reply within 1000 ms").
    void finished(bool answered, const QString& error);

private:
    void onReadyRead();
    void finish(bool answered, const QString& error);

    QLocalSocket* socket_ = nullptr;
    QByteArray received_;
    QTimer timeout_;
    int timeoutMs_ = 0;
};

} // namespace vigil::ui
