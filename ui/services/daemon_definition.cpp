#include "services/daemon_definition.h"

#include <QJsonArray>
#include <QJsonValue>

namespace vigil::ui {

QString restartPolicyName(RestartPolicy policy) {
    switch (policy) {
    case RestartPolicy::OnFailure:
        return QStringLiteral("on-failure");
    case RestartPolicy::Always:
        return QStringLiteral("always");
    case RestartPolicy::Never:
        return QStringLiteral("never");
    }
    return QStringLiteral("on-failure");
}

std::optional<RestartPolicy> restartPolicyFromName(const QString& name) {
    for (auto policy : {RestartPolicy::OnFailure, RestartPolicy::Always, RestartPolicy::Never}) {
        if (restartPolicyName(policy) == name) {
            return policy;
        }
    }
    return std::nullopt;
}

QJsonObject DaemonDefinition::toJson() const {
    QJsonObject env;
    for (auto it = environment.cbegin(); it != environment.cend(); ++it) {
        env.insert(it.key(), it.value());
    }
    QJsonObject backoff{
        {"minMs", backoffMinMs}, {"maxMs", backoffMaxMs}, {"jitter", backoffJitter}};
    return QJsonObject{
        {"name", name},
        {"program", program},
        {"arguments", QJsonArray::fromStringList(arguments)},
        {"environment", env},
        {"workingDirectory", workingDirectory},
        {"restart", restartPolicyName(restart)},
        {"backoff", backoff},
        {"stableRunMs", stableRunMs},
        {"maxFailures", maxFailures},
        {"failureWindowMs", failureWindowMs},
        {"stopTimeoutMs", stopTimeoutMs},
        {"startGraceMs", startGraceMs},
        {"outputLines", outputLines},
        {"controlSocket", controlSocket},
        {"autostart", autostart},
    };
}

namespace {

// Small typed readers that leave the target untouched when the key is absent and describe the
// first type error they meet.
class Reader {
public:
    explicit Reader(const QJsonObject& json) : json_(json) {}

    void string(const char* key, QString& out) {
        QJsonValue v = json_.value(QLatin1String(key));
        if (v.isUndefined() || v.isNull()) {
            return;
        }
        if (!v.isString()) {
            fail(key, "a string");
            return;
        }
        out = v.toString();
    }

    void integer(const QJsonObject& obj, const char* key, int& out, const char* path = nullptr) {
        QJsonValue v = obj.value(QLatin1String(key));
        if (v.isUndefined() || v.isNull()) {
            return;
        }
        double d = v.toDouble(-1);
        // Range first: converting an out-of-range double (1e300) to an integer is undefined.
        if (!v.isDouble() || !(d >= 0 && d <= 2147483647.0) || d != double(qint64(d))) {
            fail(path ? path : key, "a non-negative integer");
            return;
        }
        out = int(d);
    }

    void integer(const char* key, int& out) { integer(json_, key, out); }

    void boolean(const char* key, bool& out) {
        QJsonValue v = json_.value(QLatin1String(key));
        if (v.isUndefined() || v.isNull()) {
            return;
        }
        if (!v.isBool()) {
            fail(key, "true or false");
            return;
        }
        out = v.toBool();
    }

    void stringList(const char* key, QStringList& out) {
        QJsonValue v = json_.value(QLatin1String(key));
        if (v.isUndefined() || v.isNull()) {
            return;
        }
        if (!v.isArray()) {
            fail(key, "an array of strings");
            return;
        }
        QStringList list;
        for (const QJsonValue& item : v.toArray()) {
            if (!item.isString()) {
                fail(key, "an array of strings");
                return;
            }
            list << item.toString();
        }
        out = list;
    }

    void stringMap(const char* key, QMap<QString, QString>& out) {
        QJsonValue v = json_.value(QLatin1String(key));
        if (v.isUndefined() || v.isNull()) {
            return;
        }
        if (!v.isObject()) {
            fail(key, "an object of strings");
            return;
        }
        QMap<QString, QString> map;
        QJsonObject obj = v.toObject();
        for (auto it = obj.begin(); it != obj.end(); ++it) {
            if (!it.value().isString()) {
                fail(key, "an object of strings");
                return;
            }
            map.insert(it.key(), it.value().toString());
        }
        out = map;
    }

    void fail(const char* key, const char* expected) {
        if (error_.isEmpty()) {
            error_ = QStringLiteral("\"%1\" must be %2")
                         .arg(QLatin1String(key), QLatin1String(expected));
        }
    }

    void failWith(const QString& message) {
        if (error_.isEmpty()) {
            error_ = message;
        }
    }

    const QString& error() const { return error_; }

private:
    const QJsonObject& json_;
    QString error_;
};

} // namespace

std::optional<DaemonDefinition> DaemonDefinition::fromJson(const QJsonObject& json,
                                                           QString* error) {
    DaemonDefinition def;
    Reader r(json);
    r.string("name", def.name);
    r.string("program", def.program);
    r.stringList("arguments", def.arguments);
    r.stringMap("environment", def.environment);
    r.string("workingDirectory", def.workingDirectory);

    QString restart;
    r.string("restart", restart);
    if (!restart.isEmpty()) {
        if (auto policy = restartPolicyFromName(restart)) {
            def.restart = *policy;
        } else {
            r.failWith(QStringLiteral("\"restart\" must be on-failure, always or never, not \"%1\"")
                           .arg(restart));
        }
    }

    QJsonValue backoff = json.value(QLatin1String("backoff"));
    if (backoff.isObject()) {
        QJsonObject b = backoff.toObject();
        r.integer(b, "minMs", def.backoffMinMs, "backoff.minMs");
        r.integer(b, "maxMs", def.backoffMaxMs, "backoff.maxMs");
        QJsonValue jitter = b.value(QLatin1String("jitter"));
        if (!jitter.isUndefined() && !jitter.isNull()) {
            if (!jitter.isDouble() || jitter.toDouble() < 0 || jitter.toDouble() > 1) {
                r.fail("backoff.jitter", "a number from 0 to 1");
            } else {
                def.backoffJitter = jitter.toDouble();
            }
        }
    } else if (!backoff.isUndefined() && !backoff.isNull()) {
        r.fail("backoff", "an object");
    }

    r.integer("stableRunMs", def.stableRunMs);
    r.integer("maxFailures", def.maxFailures);
    r.integer("failureWindowMs", def.failureWindowMs);
    r.integer("stopTimeoutMs", def.stopTimeoutMs);
    r.integer("startGraceMs", def.startGraceMs);
    r.integer("outputLines", def.outputLines);
    r.string("controlSocket", def.controlSocket);
    r.boolean("autostart", def.autostart);

    QString problem = r.error().isEmpty() ? def.validate() : r.error();
    if (!problem.isEmpty()) {
        if (error) {
            *error = problem;
        }
        return std::nullopt;
    }
    return def;
}

QString DaemonDefinition::validate() const {
    if (name.trimmed().isEmpty()) {
        return QStringLiteral("\"name\" must not be empty");
    }
    if (program.trimmed().isEmpty()) {
        return QStringLiteral("\"program\" of \"%1\" must not be empty").arg(name);
    }
    if (backoffMinMs < 0 || backoffMaxMs < 0 || stableRunMs < 0 || failureWindowMs < 0 ||
        stopTimeoutMs < 0 || startGraceMs < 0 || maxFailures < 0) {
        return QStringLiteral("durations and counts of \"%1\" must not be negative").arg(name);
    }
    if (backoffMinMs > backoffMaxMs) {
        return QStringLiteral("backoff.minMs (%1) of \"%2\" exceeds backoff.maxMs (%3)")
            .arg(backoffMinMs)
            .arg(name)
            .arg(backoffMaxMs);
    }
    if (backoffJitter < 0 || backoffJitter > 1) {
        return QStringLiteral("backoff.jitter of \"%1\" must be from 0 to 1").arg(name);
    }
    if (outputLines < 1) {
        return QStringLiteral("outputLines of \"%1\" must be at least 1").arg(name);
    }
    return {};
}

} // namespace vigil::ui
