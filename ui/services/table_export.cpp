#include "services/table_export.h"

#include <QAbstractItemModel>
#include <QCoreApplication>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QSet>
#include <algorithm>

// At global scope so that lupdate files the texts under the same context ("TableExport") as
// the one Q_DECLARE_TR_FUNCTIONS looks them up in at run time.
struct TableExport {
    Q_DECLARE_TR_FUNCTIONS(TableExport)
};

namespace vigil::ui {

namespace {

QList<int> allOr(const QList<int>& chosen, int count) {
    if (!chosen.isEmpty()) {
        return chosen;
    }
    QList<int> all;
    all.reserve(count);
    for (int i = 0; i < count; i++) {
        all << i;
    }
    return all;
}

QString cellText(const QAbstractItemModel& model, int row, int column) {
    const QModelIndex index = model.index(row, column);
    const QVariant full = index.data(ExportRole);
    if (full.isValid()) {
        return full.toString();
    }
    const QVariant display = index.data(Qt::DisplayRole);
    // Lists and other structured display values (a painted timeline) have no text.
    return display.canConvert<QString>() ? display.toString() : QString();
}

QString headerText(const QAbstractItemModel& model, int column) {
    return model.headerData(column, Qt::Horizontal, Qt::DisplayRole).toString();
}

QString csvField(const QString& text) {
    if (!text.contains(QLatin1Char(',')) && !text.contains(QLatin1Char('"')) &&
        !text.contains(QLatin1Char('\r')) && !text.contains(QLatin1Char('\n'))) {
        return text;
    }
    QString quoted = text;
    quoted.replace(QLatin1Char('"'), QLatin1String("\"\""));
    return QLatin1Char('"') + quoted + QLatin1Char('"');
}

QByteArray csvRecords(const QList<QStringList>& records) {
    QString out;
    for (const QStringList& record : records) {
        QStringList fields;
        fields.reserve(record.size());
        for (const QString& f : record) {
            fields << csvField(f);
        }
        out += fields.join(QLatin1Char(',')) + QLatin1String("\r\n");
    }
    return out.toUtf8();
}

QString oneLine(QString text) {
    text.replace(QLatin1String("\r\n"), QStringLiteral("⏎"));
    text.replace(QLatin1Char('\n'), QStringLiteral("⏎"));
    text.replace(QLatin1Char('\r'), QStringLiteral("⏎"));
    return text;
}

// The JSON keys for the header texts: unique and never empty.
QStringList jsonKeys(const QStringList& headers) {
    QStringList keys;
    QSet<QString> used;
    for (int i = 0; i < headers.size(); i++) {
        QString key = headers[i].trimmed();
        if (key.isEmpty() || used.contains(key)) {
            key = QStringLiteral("column %1").arg(i + 1);
        }
        used.insert(key);
        keys << key;
    }
    return keys;
}

QString scalarText(const QJsonValue& v) {
    switch (v.type()) {
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        return QString();
    case QJsonValue::Bool:
        return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QJsonValue::Double: {
        const double d = v.toDouble();
        return d == double(qint64(d)) ? QString::number(qint64(d)) : QString::number(d, 'g', 17);
    }
    case QJsonValue::String:
        return v.toString();
    default:
        return QString();
    }
}

} // namespace

QString exportFormatName(ExportFormat format) {
    switch (format) {
    case ExportFormat::Text:
        return QStringLiteral("text");
    case ExportFormat::Json:
        return QStringLiteral("json");
    case ExportFormat::Csv:
        return QStringLiteral("csv");
    }
    return QString();
}

std::optional<ExportFormat> exportFormatForPath(const QString& path) {
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == QLatin1String("txt") || suffix == QLatin1String("text") ||
        suffix == QLatin1String("log")) {
        return ExportFormat::Text;
    }
    if (suffix == QLatin1String("json")) {
        return ExportFormat::Json;
    }
    if (suffix == QLatin1String("csv")) {
        return ExportFormat::Csv;
    }
    return std::nullopt;
}

QStringList exportFileFilters() {
    return {TableExport::tr("Text (*.txt)"), TableExport::tr("JSON (*.json)"),
            TableExport::tr("CSV (*.csv)")};
}

std::optional<ExportFormat> exportFormatForFilter(const QString& filter) {
    const QStringList filters = exportFileFilters();
    const ExportFormat formats[] = {ExportFormat::Text, ExportFormat::Json, ExportFormat::Csv};
    for (int i = 0; i < filters.size(); i++) {
        if (filters[i] == filter) {
            return formats[i];
        }
    }
    return std::nullopt;
}

QByteArray exportTable(const QAbstractItemModel& model, ExportFormat format,
                       const TableExportOptions& options) {
    const QList<int> columns = allOr(options.columns, model.columnCount());
    const QList<int> rows = allOr(options.rows, model.rowCount());
    QStringList headers;
    for (int c : columns) {
        headers << headerText(model, c);
    }
    QList<QStringList> cells;
    cells.reserve(rows.size());
    for (int r : rows) {
        QStringList record;
        for (int c : columns) {
            record << cellText(model, r, c);
        }
        cells << record;
    }

    switch (format) {
    case ExportFormat::Csv: {
        QList<QStringList> records;
        if (options.header) {
            records << headers;
        }
        records += cells;
        return csvRecords(records);
    }
    case ExportFormat::Json: {
        const QStringList keys = jsonKeys(headers);
        QJsonArray array;
        for (const QStringList& record : cells) {
            QJsonObject o;
            for (int i = 0; i < keys.size(); i++) {
                o.insert(keys[i], record[i]);
            }
            array.append(o);
        }
        return QJsonDocument(array).toJson(QJsonDocument::Indented);
    }
    case ExportFormat::Text: {
        QList<QStringList> records;
        if (options.header) {
            records << headers;
        }
        for (const QStringList& record : cells) {
            QStringList flat;
            for (const QString& f : record) {
                flat << oneLine(f);
            }
            records << flat;
        }
        QList<qsizetype> widths(columns.size(), 0);
        for (const QStringList& record : records) {
            for (int i = 0; i < record.size(); i++) {
                widths[i] = std::max(widths[i], record[i].size());
            }
        }
        QString out;
        for (const QStringList& record : records) {
            QString line;
            for (int i = 0; i < record.size(); i++) {
                line += i + 1 < record.size() ? record[i].leftJustified(widths[i] + 2) : record[i];
            }
            // No padding at the end of a line.
            while (line.endsWith(QLatin1Char(' '))) {
                line.chop(1);
            }
            out += line + QLatin1Char('\n');
        }
        return out.toUtf8();
    }
    }
    return QByteArray();
}

QString copyRows(const QAbstractItemModel& model, const QModelIndexList& selection,
                 const QList<int>& columns) {
    QList<int> rows;
    for (const QModelIndex& index : selection) {
        if (index.isValid() && !index.parent().isValid() && !rows.contains(index.row())) {
            rows << index.row();
        }
    }
    std::sort(rows.begin(), rows.end());
    const QList<int> cols = allOr(columns, model.columnCount());
    QStringList lines;
    for (int r : rows) {
        QStringList fields;
        for (int c : cols) {
            QString text = cellText(model, r, c);
            text.replace(QLatin1Char('\t'), QLatin1Char(' '));
            text.replace(QLatin1String("\r\n"), QLatin1String(" "));
            text.replace(QLatin1Char('\n'), QLatin1Char(' '));
            text.replace(QLatin1Char('\r'), QLatin1Char(' '));
            fields << text;
        }
        lines << fields.join(QLatin1Char('\t'));
    }
    return lines.isEmpty() ? QString() : lines.join(QLatin1Char('\n')) + QLatin1Char('\n');
}

std::optional<QByteArray> exportReply(const ReplyContent& reply, ExportFormat format,
                                      QString* error) {
    auto fail = [error](const QString& why) -> std::optional<QByteArray> {
        if (error) {
            *error = why;
        }
        return std::nullopt;
    };
    switch (format) {
    case ExportFormat::Text:
        return reply.text.toUtf8(); // a JSON reply's text is its pretty form already
    case ExportFormat::Json: {
        const QJsonValue value = reply.json ? *reply.json : QJsonValue(reply.text);
        if (value.isObject()) {
            return QJsonDocument(value.toObject()).toJson(QJsonDocument::Indented);
        }
        if (value.isArray()) {
            return QJsonDocument(value.toArray()).toJson(QJsonDocument::Indented);
        }
        // A scalar (a text reply as a string): JSON text of its own, as RFC 8259 allows.
        QByteArray wrapped = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
        return wrapped.mid(1, wrapped.size() - 2) + '\n';
    }
    case ExportFormat::Csv: {
        if (!reply.json || !reply.json->isArray()) {
            return fail(
                TableExport::tr(
                    "Only a JSON reply that is an array of flat objects can be written as "
                    "CSV; this reply is %1. Export it as text or JSON instead.")
                    .arg(reply.json ? TableExport::tr("not an array") : TableExport::tr("text")));
        }
        const QJsonArray array = reply.json->toArray();
        QStringList keys;
        for (const QJsonValue& item : array) {
            if (!item.isObject()) {
                return fail(TableExport::tr(
                    "This JSON array holds values that are not objects, so it has no "
                    "columns for CSV. Export it as JSON instead."));
            }
            const QJsonObject o = item.toObject();
            for (auto it = o.constBegin(); it != o.constEnd(); ++it) {
                if (it.value().isObject() || it.value().isArray()) {
                    return fail(TableExport::tr(
                                    "The member \"%1\" holds nested JSON, which CSV cannot show. "
                                    "Export the reply as JSON instead.")
                                    .arg(it.key()));
                }
                if (!keys.contains(it.key())) {
                    keys << it.key();
                }
            }
        }
        QList<QStringList> records{keys};
        for (const QJsonValue& item : array) {
            const QJsonObject o = item.toObject();
            QStringList record;
            for (const QString& k : keys) {
                record << scalarText(o.value(k));
            }
            records << record;
        }
        return csvRecords(records);
    }
    }
    return fail(TableExport::tr("unknown export format"));
}

bool writeFileAtomically(const QString& path, const QByteArray& data, QString* error) {
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        if (error) {
            *error = TableExport::tr("cannot write %1: %2").arg(path, file.errorString());
        }
        return false;
    }
    if (file.write(data) != data.size()) {
        if (error) {
            *error = TableExport::tr("cannot write %1: %2").arg(path, file.errorString());
        }
        file.cancelWriting();
        return false;
    }
    if (!file.commit()) {
        if (error) {
            *error = TableExport::tr("cannot write %1: %2").arg(path, file.errorString());
        }
        return false;
    }
    return true;
}

} // namespace vigil::ui
