// Vigil's own known-hosts file and the keys hosts offered. ssh consults the file through
// OpenSSH's KnownHostsCommand (the vigil-known-hosts program prints it), in addition to the
// user's own known_hosts, which it never overrides; the same program records the key a host
// offered, so an unknown key can be shown with its SHA256 fingerprint and accepted only when the
// user names exactly that fingerprint (host/trust). Nothing here ever accepts a key by itself.
#pragma once

#include <QString>

namespace vigil::ui {

// A host key as ssh offered it.
struct OfferedKey {
    QString knownHostsName; // the name ssh looks keys up by (the HostKeyAlias or host name)
    QString type;           // "ssh-ed25519", "ecdsa-sha2-nistp256", ...
    QString key;            // base64 of the public key blob
    QString fingerprint;    // "SHA256:..." as ssh-keygen -l prints it

    bool isValid() const { return !type.isEmpty() && !key.isEmpty(); }
};

class HostKeyStore {
public:
    // A store whose known-hosts file is `knownHostsPath` and whose offered keys are recorded
    // in `offerDirectory` (one file per host, written by vigil-known-hosts).
    HostKeyStore(QString knownHostsPath, QString offerDirectory);

    // The default known-hosts file: QStandardPaths::AppDataLocation + "/known_hosts".
    static QString defaultKnownHostsPath();

    QString knownHostsPath() const { return knownHostsPath_; }
    // The file vigil-known-hosts records host `host`'s offered key in.
    QString offerPath(const QString& host) const;

    // The key host `host` offered last (an invalid key when none was recorded or the record
    // cannot be read).
    OfferedKey offered(const QString& host) const;
    // Forgets the recorded offer (before a new connection attempt, so a stale offer is never
    // shown for a new one).
    void clearOffer(const QString& host) const;

    // Appends the key host `host` offered to the known-hosts file when its fingerprint is
    // exactly `fingerprint` (the "SHA256:" prefix may be omitted). Returns false and sets
    // `*error` when no key was offered, the fingerprints differ or the file cannot be written
    // (then it is left as it was).
    bool trust(const QString& host, const QString& fingerprint, QString* error) const;

    // Returns the SHA256 fingerprint of a base64 public key blob as ssh prints it
    // ("SHA256:" + unpadded base64 of the digest), or an empty string for invalid base64.
    static QString fingerprintOf(const QString& base64Key);

private:
    QString knownHostsPath_;
    QString offerDirectory_;
};

} // namespace vigil::ui
