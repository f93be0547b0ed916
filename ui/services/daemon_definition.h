// What the console knows about a daemon it supervises: how to start it, when to restart it and
// how to stop it, with the JSON form used by the workspace file and the console's own control
// commands.
#pragma once

#include <QJsonObject>
#include <QMap>
#include <QString>
#include <QStringList>
#include <optional>

namespace vigil::ui {

// When the supervisor restarts a daemon that exited without being asked to.
enum class RestartPolicy {
    OnFailure, // after a non-zero exit status or death by any signal
    Always,    // after any exit, a clean exit included
    Never,     // never
};

// Returns "on-failure", "always" or "never".
QString restartPolicyName(RestartPolicy policy);
// Parses a name returned by restartPolicyName(); returns std::nullopt for anything else.
std::optional<RestartPolicy> restartPolicyFromName(const QString& name);

struct DaemonDefinition {
    QString name;    // unique key within a supervisor and a workspace
    QString program; // a path, or a bare name looked up next to the console, then in PATH
    QStringList arguments;
    QMap<QString, QString> environment; // added to (or overriding) the console's environment
    QString workingDirectory;           // empty: the console's

    RestartPolicy restart = RestartPolicy::OnFailure;
    int backoffMinMs = 1000;    // first restart delay; doubles with each further restart
    int backoffMaxMs = 30000;   // cap on the restart delay
    double backoffJitter = 0.1; // each delay is scaled by a random factor in [1-j, 1+j]
    int stableRunMs = 10000;    // up this long: the restart delay falls back to backoffMinMs
    int maxFailures = 5;        // this many failures within failureWindowMs: give up (0: never)
    int failureWindowMs = 60000;
    int stopTimeoutMs = 5000; // after TERM, wait this long before KILL
    int startGraceMs = 500;   // without a control socket: up this long counts as ready
    int outputLines = 1000;   // captured stdout/stderr lines kept (oldest dropped first)
    // Empty: derived from a --unixctl=PATH argument, else OVS's <rundir>/<program>.<pid>.ctl;
    // "none": no control socket; anything else: that path (relative to the run directory).
    QString controlSocket;
    bool autostart = true; // started when the workspace is applied (saved as the desired state)

    // Returns the JSON object form (every field, so a saved workspace documents itself).
    QJsonObject toJson() const;

    // Parses `json` into a definition; absent fields keep their defaults. Returns std::nullopt
    // and sets `*error` (when given) to a sentence naming the bad field when a field has the
    // wrong type or value, or when name or program is missing.
    static std::optional<DaemonDefinition> fromJson(const QJsonObject& json,
                                                    QString* error = nullptr);

    // Returns an empty string when the definition is usable, else the first problem found
    // (empty name or program, negative durations, backoffMinMs > backoffMaxMs, ...).
    QString validate() const;

    friend bool operator==(const DaemonDefinition&, const DaemonDefinition&) = default;
};

} // namespace vigil::ui
