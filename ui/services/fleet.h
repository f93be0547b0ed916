// The fleet: every host the user added (RemoteHost each), the private runtime directory their
// ssh masters and forwarded sockets live in, the host key store, and the bound on connection
// attempts in flight (so a workspace of hundreds of hosts does not start hundreds of ssh at
// once). It publishes each host's sockets to the target registry as Remote targets named
// "HOST/NAME", so every command path reaches them unchanged.
#pragma once

#include "services/host_key_store.h"
#include "services/host_types.h"
#include "services/remote_host.h"

#include "vigil/process_launcher.h"

#include <QList>
#include <QObject>
#include <QString>
#include <memory>
#include <optional>
#include <vector>

namespace vigil::ui {

class TargetRegistry;

class Fleet : public QObject {
    Q_OBJECT
public:
    // Connection attempts (ssh masters authenticating) allowed at once.
    static constexpr int maxConnectsInFlight = 8;

    // A fleet that publishes its targets to `targets`. Its runtime directory is made with the
    // first host (0700, under $XDG_RUNTIME_DIR or /tmp) and removed with the fleet.
    explicit Fleet(TargetRegistry* targets, QObject* parent = nullptr);
    ~Fleet() override;

    // Adds a host and starts connecting to it. Returns false and sets `*error` for an invalid
    // or duplicate name or an invalid destination.
    bool addHost(const HostDefinition& definition, QString* error = nullptr);
    // Disconnects and forgets the host (and its targets); false when there is none.
    bool removeHost(const QString& name);
    // Accepts the key host `name` offered when its fingerprint is `fingerprint`, and connects
    // again. Returns false and sets `*error` otherwise (see HostKeyStore::trust()).
    bool trust(const QString& name, const QString& fingerprint, QString* error = nullptr);

    QList<HostInfo> hosts() const;
    std::optional<HostInfo> host(const QString& name) const;
    QList<HostDefinition> definitions() const;
    // The connection masters as session records.
    QList<vigil::session_stats> sessions() const;

    // How ssh is run; applies to connections started afterwards.
    void setSshSettings(const SshSettings& settings);
    SshSettings sshSettings() const { return environment_.ssh; }
    // The directory holding the control paths and forwarded sockets (empty until the first
    // host is added, and if it could not be made: then adding a host fails and says why).
    QString runtimeDirectory() const { return environment_.runtimeDirectory; }
    // Removes the runtime directory now, for a fatal-signal hook, where destructors do not
    // run. The masters whose sockets it held die with the console (their parent-death signal).
    void removeRuntimeDirectoryNow();
    const HostKeyStore& keys() const { return keys_; }

Q_SIGNALS:
    // A host was added or removed, or its state, error, key or target count changed.
    void hostsChanged();

private:
    void publish(RemoteHost* host);
    void admit();
    RemoteHost* find(const QString& name) const;

    TargetRegistry* targets_;
    // Made with the first host: its thread starts every ssh, so the GUI thread never waits
    // for an exec (tens to hundreds of milliseconds on a loaded machine).
    std::unique_ptr<vigil::process_launcher> launcher_;
    HostKeyStore keys_;
    FleetEnvironment environment_;
    std::vector<std::unique_ptr<RemoteHost>> hosts_;
    int inFlight_ = 0;
    int nextIndex_ = 1;
};

} // namespace vigil::ui
