// A filter for record tables: a row passes when any of the chosen columns contains the typed
// text, case-insensitively (an empty text passes every row).
#pragma once

#include <QList>
#include <QSortFilterProxyModel>
#include <QString>

namespace vigil::ui {

class TextFilterProxy : public QSortFilterProxyModel {
    Q_OBJECT
public:
    // Matches against the source model's `columns`.
    explicit TextFilterProxy(QList<int> columns, QObject* parent = nullptr);

    void setText(const QString& text);
    QString text() const { return text_; }

protected:
    bool filterAcceptsRow(int row, const QModelIndex& parent) const override;

private:
    QList<int> columns_;
    QString text_;
};

} // namespace vigil::ui
