// Table and reply export: CSV quoting per RFC 4180 (commas, quotes, line breaks), JSON arrays
// of objects keyed by the header, aligned text, the rows copied as tab-separated text, replies
// as text, JSON or CSV (and refused as CSV when they are not tables), and files written
// atomically: a write that fails leaves the old file as it was and says why.
#include "services/table_export.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStandardItemModel>
#include <QTemporaryDir>
#include <QtTest>
#include <csignal>
#include <sys/resource.h>

using namespace vigil::ui;

namespace {

// A model whose second column gives exports a fuller text than it shows.
class FullTextModel : public QStandardItemModel {
public:
    using QStandardItemModel::QStandardItemModel;
    QVariant data(const QModelIndex& index, int role) const override {
        if (role == ExportRole && index.column() == 1) {
            return QStringLiteral("full:") +
                   QStandardItemModel::data(index, Qt::DisplayRole).toString();
        }
        return QStandardItemModel::data(index, role);
    }
};

void fill(QStandardItemModel& model) {
    model.setHorizontalHeaderLabels(
        {QStringLiteral("Name"), QStringLiteral("Value"), QStringLiteral("Note")});
    const QList<QStringList> rows{
        {QStringLiteral("plain"), QStringLiteral("1"), QStringLiteral("ok")},
        {QStringLiteral("comma, here"), QStringLiteral("2"), QStringLiteral("say \"hi\"")},
        {QStringLiteral("multi\nline"), QStringLiteral("3"), QStringLiteral("tab\there")},
        {QStringLiteral("crlf\r\nend"), QString(), QStringLiteral(" padded ")},
    };
    for (const QStringList& r : rows) {
        QList<QStandardItem*> items;
        for (const QString& c : r) {
            items << new QStandardItem(c);
        }
        model.appendRow(items);
    }
}

QByteArray readAll(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray("<unreadable>");
}

} // namespace

class TestTableExport : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void csvQuoting();
    void csvColumnsAndRows();
    void jsonArrayOfObjects();
    void alignedText();
    void exportRoleIsPreferred();
    void copyRowsTabSeparated();
    void formatsByExtensionAndFilter_data();
    void formatsByExtensionAndFilter();
    void replyExports();
    void replyCsvRefusals_data();
    void replyCsvRefusals();
    void writesAndReadsBack();
    void unwritablePathReportsWhy();
    void failedWriteKeepsOldFile();
};

void TestTableExport::csvQuoting() {
    QStandardItemModel model;
    fill(model);
    const QByteArray csv = exportTable(model, ExportFormat::Csv);
    QCOMPARE(csv, QByteArray("Name,Value,Note\r\n"
                             "plain,1,ok\r\n"
                             "\"comma, here\",2,\"say \"\"hi\"\"\"\r\n"
                             "\"multi\nline\",3,tab\there\r\n"
                             "\"crlf\r\nend\",, padded \r\n"));
    TableExportOptions noHeader;
    noHeader.header = false;
    QVERIFY(exportTable(model, ExportFormat::Csv, noHeader).startsWith("plain,1,ok\r\n"));
}

void TestTableExport::csvColumnsAndRows() {
    QStandardItemModel model;
    fill(model);
    TableExportOptions options;
    options.columns = {2, 0};
    options.rows = {0};
    QCOMPARE(exportTable(model, ExportFormat::Csv, options),
             QByteArray("Note,Name\r\nok,plain\r\n"));
}

void TestTableExport::jsonArrayOfObjects() {
    QStandardItemModel model;
    fill(model);
    QJsonParseError error{};
    const QJsonDocument doc =
        QJsonDocument::fromJson(exportTable(model, ExportFormat::Json), &error);
    QCOMPARE(error.error, QJsonParseError::NoError);
    QVERIFY(doc.isArray());
    const QJsonArray rows = doc.array();
    QCOMPARE(rows.size(), 4);
    QCOMPARE(rows[1].toObject().value(QStringLiteral("Name")).toString(),
             QStringLiteral("comma, here"));
    QCOMPARE(rows[1].toObject().value(QStringLiteral("Note")).toString(),
             QStringLiteral("say \"hi\""));
    QCOMPARE(rows[2].toObject().value(QStringLiteral("Name")).toString(),
             QStringLiteral("multi\nline"));
    QCOMPARE(rows[0].toObject().keys(), (QStringList{QStringLiteral("Name"), QStringLiteral("Note"),
                                                     QStringLiteral("Value")}));
    // Empty and repeated headers still give unique keys.
    QStandardItemModel odd;
    odd.setHorizontalHeaderLabels({QStringLiteral("A"), QString(), QStringLiteral("A")});
    odd.appendRow({new QStandardItem(QStringLiteral("1")), new QStandardItem(QStringLiteral("2")),
                   new QStandardItem(QStringLiteral("3"))});
    const QJsonObject o =
        QJsonDocument::fromJson(exportTable(odd, ExportFormat::Json)).array().first().toObject();
    QCOMPARE(o.value(QStringLiteral("A")).toString(), QStringLiteral("1"));
    QCOMPARE(o.value(QStringLiteral("column 2")).toString(), QStringLiteral("2"));
    QCOMPARE(o.value(QStringLiteral("column 3")).toString(), QStringLiteral("3"));
}

void TestTableExport::alignedText() {
    QStandardItemModel model;
    model.setHorizontalHeaderLabels(
        {QStringLiteral("Target"), QStringLiteral("State"), QStringLiteral("Error")});
    model.appendRow({new QStandardItem(QStringLiteral("ovs-vswitchd")),
                     new QStandardItem(QStringLiteral("ACTIVE")), new QStandardItem(QString())});
    model.appendRow({new QStandardItem(QStringLiteral("db")),
                     new QStandardItem(QStringLiteral("BACKOFF")),
                     new QStandardItem(QStringLiteral("two\nlines"))});
    QCOMPARE(QString::fromUtf8(exportTable(model, ExportFormat::Text)),
             QStringLiteral("Target        State    Error\n"
                            "ovs-vswitchd  ACTIVE\n"
                            "db            BACKOFF  two⏎lines\n"));
}

void TestTableExport::exportRoleIsPreferred() {
    FullTextModel model;
    fill(model);
    TableExportOptions options;
    options.columns = {1};
    options.rows = {0};
    QCOMPARE(exportTable(model, ExportFormat::Csv, options), QByteArray("Value\r\nfull:1\r\n"));
}

void TestTableExport::copyRowsTabSeparated() {
    QStandardItemModel model;
    fill(model);
    // Row 2 selected by two cells, row 0 by one: each row once, in order, tabs and breaks flat.
    const QModelIndexList selection{model.index(2, 0), model.index(2, 1), model.index(0, 2)};
    QCOMPARE(copyRows(model, selection), QStringLiteral("plain\t1\tok\nmulti line\t3\ttab here\n"));
    QCOMPARE(copyRows(model, selection, {1}), QStringLiteral("1\n3\n"));
    QVERIFY(copyRows(model, {}).isEmpty());
}

void TestTableExport::formatsByExtensionAndFilter_data() {
    QTest::addColumn<QString>("path");
    QTest::addColumn<int>("format"); // -1: none
    QTest::newRow("csv") << "/x/a.csv" << int(ExportFormat::Csv);
    QTest::newRow("CSV") << "/x/a.CSV" << int(ExportFormat::Csv);
    QTest::newRow("json") << "a.json" << int(ExportFormat::Json);
    QTest::newRow("txt") << "a.txt" << int(ExportFormat::Text);
    QTest::newRow("log") << "a.log" << int(ExportFormat::Text);
    QTest::newRow("none") << "a" << -1;
    QTest::newRow("other") << "a.xlsx" << -1;
}

void TestTableExport::formatsByExtensionAndFilter() {
    QFETCH(QString, path);
    QFETCH(int, format);
    const std::optional<ExportFormat> got = exportFormatForPath(path);
    QCOMPARE(got ? int(*got) : -1, format);
    const QStringList filters = exportFileFilters();
    QCOMPARE(filters.size(), 3);
    QCOMPARE(exportFormatForFilter(filters[0]), std::optional(ExportFormat::Text));
    QCOMPARE(exportFormatForFilter(filters[1]), std::optional(ExportFormat::Json));
    QCOMPARE(exportFormatForFilter(filters[2]), std::optional(ExportFormat::Csv));
    QVERIFY(!exportFormatForFilter(QStringLiteral("All (*)")));
}

void TestTableExport::replyExports() {
    const QString text = QStringLiteral("handlers:1 ports:2\n");
    QCOMPARE(*exportReply({text, std::nullopt}, ExportFormat::Text), text.toUtf8());
    // A text reply as JSON is one string.
    QCOMPARE(
        QJsonDocument::fromJson("[" + *exportReply({text, std::nullopt}, ExportFormat::Json) + "]")
            .array()
            .first()
            .toString(),
        text);
    const QJsonArray table{
        QJsonObject{{QStringLiteral("name"), QStringLiteral("a,b")}, {QStringLiteral("n"), 1}},
        QJsonObject{{QStringLiteral("name"), QStringLiteral("c")},
                    {QStringLiteral("n"), 2.5},
                    {QStringLiteral("up"), true},
                    {QStringLiteral("x"), QJsonValue()}}};
    const QString pretty = QString::fromUtf8(QJsonDocument(table).toJson());
    QCOMPARE(*exportReply({pretty, QJsonValue(table)}, ExportFormat::Text), pretty.toUtf8());
    QCOMPARE(QJsonDocument::fromJson(*exportReply({pretty, QJsonValue(table)}, ExportFormat::Json))
                 .array(),
             table);
    QString error;
    const std::optional<QByteArray> csv =
        exportReply({pretty, QJsonValue(table)}, ExportFormat::Csv, &error);
    QVERIFY2(csv, qPrintable(error));
    QCOMPARE(*csv, QByteArray("n,name,up,x\r\n1,\"a,b\",,\r\n2.5,c,true,\r\n"));
}

void TestTableExport::replyCsvRefusals_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<QJsonValue>("json");
    QTest::addColumn<bool>("isJson");
    QTest::addColumn<QString>("reason");
    QTest::newRow("text") << "a b c" << QJsonValue() << false << "this reply is text";
    QTest::newRow("object") << "{}" << QJsonValue(QJsonObject{}) << true << "not an array";
    QTest::newRow("array of numbers")
        << "[1]" << QJsonValue(QJsonArray{1}) << true << "not objects";
    QTest::newRow("nested") << "[...]"
                            << QJsonValue(
                                   QJsonArray{QJsonObject{{QStringLiteral("deep"),
                                                           QJsonObject{{QStringLiteral("a"), 1}}}}})
                            << true << "\"deep\" holds nested JSON";
}

void TestTableExport::replyCsvRefusals() {
    QFETCH(QString, text);
    QFETCH(QJsonValue, json);
    QFETCH(bool, isJson);
    QFETCH(QString, reason);
    QString error;
    ReplyContent reply{text, isJson ? std::optional(json) : std::nullopt};
    QVERIFY(!exportReply(reply, ExportFormat::Csv, &error));
    QVERIFY2(error.contains(reason), qPrintable(error));
}

void TestTableExport::writesAndReadsBack() {
    QTemporaryDir dir;
    QStandardItemModel model;
    fill(model);
    for (ExportFormat f : {ExportFormat::Text, ExportFormat::Json, ExportFormat::Csv}) {
        const QString path = dir.filePath(QStringLiteral("table.") + exportFormatName(f));
        const QByteArray data = exportTable(model, f);
        QString error;
        QVERIFY2(writeFileAtomically(path, data, &error), qPrintable(error));
        QCOMPARE(readAll(path), data);
    }
    // Overwriting replaces the whole file.
    const QString path = dir.filePath(QStringLiteral("table.csv"));
    QVERIFY(writeFileAtomically(path, "short\r\n"));
    QCOMPARE(readAll(path), QByteArray("short\r\n"));
}

void TestTableExport::unwritablePathReportsWhy() {
    QTemporaryDir dir;
    // A path under a regular file: no directory to write in, whoever runs the test.
    const QString file = dir.filePath(QStringLiteral("plain"));
    QVERIFY(writeFileAtomically(file, "old"));
    QString error;
    const QString path = file + QStringLiteral("/table.csv");
    QVERIFY(!writeFileAtomically(path, "data", &error));
    QVERIFY2(error.startsWith(QStringLiteral("cannot write ") + path + QStringLiteral(": ")),
             qPrintable(error));
    QVERIFY(error.size() > QStringLiteral("cannot write ").size() + path.size() + 2);
    QCOMPARE(readAll(file), QByteArray("old"));
}

void TestTableExport::failedWriteKeepsOldFile() {
    // A write that fails half-way (the file size limit, which binds root too) must leave the
    // old file whole: QSaveFile writes a temporary file and renames it only on success.
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("history.csv"));
    const QByteArray old("time,command\r\n09:00,version\r\n");
    QVERIFY(writeFileAtomically(path, old));
    struct rlimit saved {};
    QCOMPARE(getrlimit(RLIMIT_FSIZE, &saved), 0);
    auto oldHandler = std::signal(SIGXFSZ, SIG_IGN);
    struct rlimit small = saved;
    small.rlim_cur = 4096;
    QCOMPARE(setrlimit(RLIMIT_FSIZE, &small), 0);
    QString error;
    const bool ok = writeFileAtomically(path, QByteArray(1 << 20, 'x'), &error);
    setrlimit(RLIMIT_FSIZE, &saved);
    std::signal(SIGXFSZ, oldHandler);
    QVERIFY(!ok);
    QVERIFY2(error.contains(path), qPrintable(error));
    QCOMPARE(readAll(path), old);
    // No temporary file is left behind either.
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files), QStringList{QStringLiteral("history.csv")});
}

QTEST_MAIN(TestTableExport)
#include "tst_table_export.moc"
