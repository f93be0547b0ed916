#include "services/control_socket_probe.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QLocalSocket>

namespace vigil::ui {

namespace {

// Replies larger than this are not a `version` answer; stop buffering.
constexpr qsizetype maxReplyBytes = 64 * 1024;

} // namespace

ControlSocketProbe::ControlSocketProbe(QObject* parent) : QObject(parent) {
    timeout_.setSingleShot(true);
    connect(&timeout_, &QTimer::timeout, this,
            [this] { finish(false, QStringLiteral("no reply within %1 ms").arg(timeoutMs_)); });
}

ControlSocketProbe::~ControlSocketProbe() {
    cancel();
}

void ControlSocketProbe::probe(const QString& path, int timeoutMs) {
    cancel();
    received_.clear();
    timeoutMs_ = timeoutMs;
    socket_ = new QLocalSocket(this);
    connect(socket_, &QLocalSocket::connected, socket_,
            [this] { socket_->write(R"({"id":0,"method":"version","params":[]})"); });
    connect(socket_, &QLocalSocket::readyRead, this, &ControlSocketProbe::onReadyRead);
    connect(socket_, &QLocalSocket::errorOccurred, this, [this](QLocalSocket::LocalSocketError) {
        // Errors can be reported from inside connectToServer(); finished() must come later.
        QString why = socket_->errorString();
        QTimer::singleShot(0, this, [this, why, socket = socket_] {
            if (socket_ == socket) {
                finish(false, why);
            }
        });
    });
    timeout_.start(timeoutMs);
    socket_->connectToServer(path);
}

void ControlSocketProbe::cancel() {
    timeout_.stop();
    if (socket_) {
        QLocalSocket* socket = socket_;
        socket_ = nullptr;
        socket->disconnect(this);
        socket->abort();
        socket->deleteLater();
    }
}

void ControlSocketProbe::onReadyRead() {
    received_ += socket_->readAll();
    QJsonParseError error;
    QJsonDocument doc = QJsonDocument::fromJson(received_, &error);
    if (error.error == QJsonParseError::NoError && doc.isObject() &&
        doc.object().contains(QLatin1String("id"))) {
        finish(true, QString());
    } else if (received_.size() > maxReplyBytes) {
        finish(false, QStringLiteral("reply too large"));
    }
}

void ControlSocketProbe::finish(bool answered, const QString& error) {
    cancel();
    Q_EMIT finished(answered, error);
}

} // namespace vigil::ui
