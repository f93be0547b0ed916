#include "services/host_key_store.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>
#include <QStandardPaths>

namespace vigil::ui {

namespace {

// Offer records and known-hosts lines are small; anything larger is not ours.
constexpr qint64 maxOfferBytes = 64 * 1024;
constexpr qint64 maxKnownHostsBytes = 4 * 1024 * 1024;

QString normalizedFingerprint(QString fingerprint) {
    fingerprint = fingerprint.trimmed();
    if (!fingerprint.startsWith(QLatin1String("SHA256:"))) {
        fingerprint.prepend(QLatin1String("SHA256:"));
    }
    return fingerprint;
}

} // namespace

HostKeyStore::HostKeyStore(QString knownHostsPath, QString offerDirectory)
    : knownHostsPath_(std::move(knownHostsPath)), offerDirectory_(std::move(offerDirectory)) {}

QString HostKeyStore::defaultKnownHostsPath() {
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) +
           QStringLiteral("/known_hosts");
}

QString HostKeyStore::offerPath(const QString& host) const {
    return offerDirectory_ + QLatin1Char('/') + host + QStringLiteral(".offer");
}

OfferedKey HostKeyStore::offered(const QString& host) const {
    QFile file(offerPath(host));
    if (!file.open(QIODevice::ReadOnly) || file.size() > maxOfferBytes) {
        return {};
    }
    // One line: NAME TYPE KEY FINGERPRINT, as vigil-known-hosts writes it.
    const QStringList words =
        QString::fromUtf8(file.readAll()).simplified().split(QLatin1Char(' '));
    if (words.size() < 3) {
        return {};
    }
    OfferedKey key{words[0], words[1], words[2], {}};
    const QString computed = fingerprintOf(key.key);
    if (computed.isEmpty()) {
        return {};
    }
    // The fingerprint is computed here rather than trusted from the record, so what the user
    // accepts is always the key that trust() writes.
    key.fingerprint = computed;
    return key;
}

void HostKeyStore::clearOffer(const QString& host) const {
    QFile::remove(offerPath(host));
}

bool HostKeyStore::trust(const QString& host, const QString& fingerprint, QString* error) const {
    auto fail = [error](const QString& why) {
        if (error) {
            *error = why;
        }
        return false;
    };
    const OfferedKey key = offered(host);
    if (!key.isValid()) {
        return fail(QStringLiteral("%1 has not offered a host key yet (connect first)").arg(host));
    }
    if (normalizedFingerprint(fingerprint) != key.fingerprint) {
        return fail(QStringLiteral("%1 offered the key %2, not %3")
                        .arg(host, key.fingerprint, normalizedFingerprint(fingerprint)));
    }
    QByteArray content;
    QFile existing(knownHostsPath_);
    if (existing.exists()) {
        if (!existing.open(QIODevice::ReadOnly) || existing.size() > maxKnownHostsBytes) {
            return fail(QStringLiteral("%1: cannot read (%2)")
                            .arg(knownHostsPath_, existing.errorString()));
        }
        content = existing.readAll();
        existing.close();
    }
    const QByteArray line =
        QStringLiteral("%1 %2 %3\n").arg(key.knownHostsName, key.type, key.key).toUtf8();
    if (content.contains(line)) {
        return true;
    }
    if (!content.isEmpty() && !content.endsWith('\n')) {
        content.append('\n');
    }
    content.append(line);
    QDir().mkpath(QFileInfo(knownHostsPath_).absolutePath());
    QSaveFile file(knownHostsPath_);
    if (!file.open(QIODevice::WriteOnly) || file.write(content) != content.size() ||
        !file.commit()) {
        return fail(
            QStringLiteral("%1: cannot write (%2)").arg(knownHostsPath_, file.errorString()));
    }
    return true;
}

QString HostKeyStore::fingerprintOf(const QString& base64Key) {
    const auto decoded = QByteArray::fromBase64Encoding(
        base64Key.toLatin1(), QByteArray::Base64Encoding | QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded || decoded.decoded.isEmpty()) {
        return {};
    }
    const QByteArray digest = QCryptographicHash::hash(*decoded, QCryptographicHash::Sha256);
    return QStringLiteral("SHA256:") +
           QString::fromLatin1(
               digest.toBase64(QByteArray::Base64Encoding | QByteArray::OmitTrailingEquals));
}

} // namespace vigil::ui
