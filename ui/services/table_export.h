// Writes tables and replies out: a QAbstractItemModel (its display texts under a header row)
// as CSV (RFC 4180), as a JSON array of objects keyed by the header, or as aligned text; a
// command's reply as text, pretty JSON or CSV. Files are written through QSaveFile, so a
// failed write leaves the old file as it was. No widgets: the views add the dialogs.
#pragma once

#include <QJsonValue>
#include <QList>
#include <QModelIndexList>
#include <QString>
#include <QStringList>
#include <optional>

class QAbstractItemModel;

namespace vigil::ui {

// The formats, with their one string table (exportFormatName()).
enum class ExportFormat { Text, Json, Csv };
// "text", "json" or "csv".
QString exportFormatName(ExportFormat format);
// The format a file name's extension asks for (.txt/.text/.log, .json, .csv, case-insensitive);
// std::nullopt for any other.
std::optional<ExportFormat> exportFormatForPath(const QString& path);
// The file dialog filters, one per format, in the order Text, JSON, CSV.
QStringList exportFileFilters();
// The format a filter of exportFileFilters() stands for; std::nullopt for another string.
std::optional<ExportFormat> exportFormatForFilter(const QString& filter);

// A model may give a cell a fuller text for exports than it shows (a whole reply where the
// table shows its first line, a date with the time): data() under this role, when valid, is
// used instead of the display text.
constexpr int ExportRole = 0x7e57; // above Qt::UserRole, clear of the models' own roles

struct TableExportOptions {
    QList<int> columns; // which columns, in order; empty: all
    QList<int> rows;    // which rows, in order; empty: all
    bool header = true; // CSV and text: a header row first
};

// Returns `model`'s top-level rows in `format`: CSV with CRLF line ends and fields quoted when
// they hold a comma, quote, CR or LF (quotes doubled); JSON as an indented array of objects
// keyed by the header texts (an empty or repeated header gets "column N"); text as columns
// padded to their widest cell, two spaces apart (a cell's line breaks shown as "⏎").
QByteArray exportTable(const QAbstractItemModel& model, ExportFormat format,
                       const TableExportOptions& options = {});
// Returns the rows of `selection` (any column selects its row), in row order, as
// tab-separated text with no header: what a spreadsheet pastes as cells. Tabs and line breaks
// inside cells become spaces.
QString copyRows(const QAbstractItemModel& model, const QModelIndexList& selection,
                 const QList<int>& columns = {});

// A reply to write: its text, and its JSON value when it is a JSON reply.
struct ReplyContent {
    QString text;
    std::optional<QJsonValue> json;
};
// Returns `reply` in `format`: text as it is; JSON pretty-printed (a text reply as one JSON
// string); CSV for a JSON array of flat objects (columns in first-seen key order). Returns
// std::nullopt with `*error` set when the reply cannot be that format (text or nested JSON as
// CSV).
std::optional<QByteArray> exportReply(const ReplyContent& reply, ExportFormat format,
                                      QString* error = nullptr);

// Writes `data` to `path` atomically (QSaveFile: a temporary file renamed over the old one).
// Returns false with a readable `*error` ("cannot write /x/y.csv: Permission denied"), the old
// file untouched.
bool writeFileAtomically(const QString& path, const QByteArray& data, QString* error = nullptr);

} // namespace vigil::ui
