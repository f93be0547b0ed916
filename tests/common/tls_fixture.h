// A throw-away PKI for TLS tests, made with the openssl command line: CAs, certificates signed
// by them (valid or already expired) and chain files.
#pragma once

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>

namespace vigil::test {

class tls_fixture {
public:
    tls_fixture() = default;

    // Where the files live.
    QString dir() const { return dir_.path(); }
    QString key(const QString& name) const { return dir_.filePath(name + ".key"); }
    QString cert(const QString& name) const { return dir_.filePath(name + ".pem"); }

    // Creates a self-signed CA `name` (files name.key, name.pem); returns false on failure and
    // leaves the reason in error().
    bool make_ca(const QString& name, const QString& cn) {
        return run({"req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                    "-nodes", "-keyout", key(name), "-out", cert(name), "-days", "3650", "-subj",
                    "/CN=" + cn});
    }

    // Creates a key and a certificate `name` with common name `cn`, signed by CA `ca` and valid
    // for `days` days (-1 gives a certificate that has already expired). With `chain` true,
    // name-chain.pem holds the certificate followed by the CA's.
    bool issue(const QString& name, const QString& cn, const QString& ca, int days = 3650,
               bool chain = false) {
        QString csr = dir_.filePath(name + ".csr");
        if (!run({"req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                  "-keyout", key(name), "-out", csr, "-subj", "/CN=" + cn})) {
            return false;
        }
        if (!run({"x509", "-req", "-in", csr, "-CA", cert(ca), "-CAkey", key(ca), "-CAcreateserial",
                  "-out", cert(name), "-days", QString::number(days)})) {
            return false;
        }
        if (chain) {
            QFile out(dir_.filePath(name + "-chain.pem"));
            QFile a(cert(name)), b(cert(ca));
            if (!out.open(QIODevice::WriteOnly) || !a.open(QIODevice::ReadOnly) ||
                !b.open(QIODevice::ReadOnly)) {
                error_ = "cannot write chain file";
                return false;
            }
            out.write(a.readAll());
            out.write(b.readAll());
        }
        return true;
    }

    QString chain(const QString& name) const { return dir_.filePath(name + "-chain.pem"); }
    const QString& error() const { return error_; }

private:
    bool run(const QStringList& args) {
        QProcess p;
        p.setProcessChannelMode(QProcess::MergedChannels);
        p.start("openssl", args);
        if (!p.waitForFinished(60000) || p.exitStatus() != QProcess::NormalExit ||
            p.exitCode() != 0) {
            error_ = "openssl " + args.join(' ') + ": " + QString::fromLocal8Bit(p.readAll());
            return false;
        }
        return true;
    }

    QTemporaryDir dir_;
    QString error_;
};

} // namespace vigil::test
