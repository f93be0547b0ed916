#include "views/add_host_dialog.h"

#include "services/console.h"
#include "services/fleet.h"
#include "services/host_types.h"
#include "services/openssh_aliases.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace vigil::ui {

namespace {

QLabel* problemLabel(const QString& objectName) {
    auto* label = new QLabel;
    label->setObjectName(objectName);
    label->setWordWrap(true);
    label->setStyleSheet(QStringLiteral("color: #d2453f;"));
    label->hide();
    return label;
}

void showProblem(QLabel* label, const QString& text) {
    label->setText(text);
    label->setVisible(!text.isEmpty());
}

// The host part of a destination ("admin@compute-1" gives "compute-1"), as a name suggestion.
QString suggestedName(const QString& destination) {
    return destination.section(QLatin1Char('@'), -1).trimmed();
}

} // namespace

AddHostDialog::AddHostDialog(Console* console, QWidget* parent)
    : QDialog(parent), console_(console) {
    setObjectName(QStringLiteral("addHostDialog"));
    setWindowTitle(tr("Add Host"));

    name_ = new QLineEdit;
    name_->setObjectName(QStringLiteral("hostName"));
    name_->setPlaceholderText(tr("compute-1"));
    destination_ = new QComboBox;
    destination_->setObjectName(QStringLiteral("hostDestination"));
    destination_->setEditable(true);
    destination_->setInsertPolicy(QComboBox::NoInsert);
    destination_->lineEdit()->setPlaceholderText(tr("an alias of ~/.ssh/config, or user@host"));
    runDirectories_ = new QPlainTextEdit;
    runDirectories_->setObjectName(QStringLiteral("hostRunDirectories"));
    runDirectories_->setPlaceholderText(defaultRemoteRunDirectories().join(QLatin1Char('\n')));
    runDirectories_->setToolTip(tr("One directory per line; empty scans the defaults"));
    runDirectories_->setFixedHeight(runDirectories_->fontMetrics().height() * 4 + 12);
    nameProblem_ = problemLabel(QStringLiteral("hostNameProblem"));
    destinationProblem_ = problemLabel(QStringLiteral("hostDestinationProblem"));
    addError_ = problemLabel(QStringLiteral("addHostError"));

    auto* form = new QFormLayout;
    form->addRow(tr("&Name:"), name_);
    form->addRow(QString(), nameProblem_);
    form->addRow(tr("&Destination:"), destination_);
    form->addRow(QString(), destinationProblem_);
    form->addRow(tr("&Run directories:"), runDirectories_);
    auto* hint = new QLabel(tr("Vigil runs the system ssh with your agent and configuration; an "
                               "unknown host key is shown for you to confirm first."));
    hint->setWordWrap(true);
    hint->setEnabled(false);

    buttons_ = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    buttons_->button(QDialogButtonBox::Ok)->setText(tr("Add Host"));
    connect(buttons_, &QDialogButtonBox::accepted, this, &AddHostDialog::accept);
    connect(buttons_, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(hint);
    layout->addWidget(addError_);
    layout->addWidget(buttons_);

    connect(name_, &QLineEdit::textEdited, this,
            [this] { nameEdited_ = !name_->text().isEmpty(); });
    connect(name_, &QLineEdit::textChanged, this, &AddHostDialog::validate);
    connect(destination_, &QComboBox::currentTextChanged, this, [this](const QString& text) {
        if (!nameEdited_) {
            name_->setText(suggestedName(text));
        }
        validate();
    });
    setAliases(openSshHostAliases());
    validate();
    resize(sizeHint().expandedTo(QSize(460, 0)));
}

void AddHostDialog::setAliases(const QStringList& aliases) {
    const QString text = destination_->currentText();
    destination_->clear();
    destination_->addItems(aliases);
    destination_->setEditText(text);
}

QStringList AddHostDialog::aliases() const {
    QStringList out;
    for (int i = 0; i < destination_->count(); i++) {
        out << destination_->itemText(i);
    }
    return out;
}

void AddHostDialog::setHostName(const QString& name) {
    nameEdited_ = !name.isEmpty();
    name_->setText(name);
}

QString AddHostDialog::hostName() const {
    return name_->text().trimmed();
}

void AddHostDialog::setDestination(const QString& destination) {
    destination_->setEditText(destination);
}

QString AddHostDialog::destination() const {
    return destination_->currentText().trimmed();
}

void AddHostDialog::setRunDirectories(const QStringList& directories) {
    runDirectories_->setPlainText(directories.join(QLatin1Char('\n')));
}

QStringList AddHostDialog::runDirectories() const {
    QStringList out;
    for (const QString& line : runDirectories_->toPlainText().split(QLatin1Char('\n'))) {
        if (!line.trimmed().isEmpty()) {
            out << line.trimmed();
        }
    }
    return out;
}

QString AddHostDialog::nameProblem() const {
    const QString name = hostName();
    if (name.isEmpty()) {
        return tr("A host needs a name.");
    }
    QString problem = hostNameProblem(name);
    if (problem.isEmpty() && console_->fleet()->host(name)) {
        problem = tr("The fleet already has a host named %1.").arg(name);
    }
    return problem;
}

QString AddHostDialog::destinationProblem() const {
    return hostDestinationProblem(destination());
}

QString AddHostDialog::addError() const {
    return addError_->text();
}

QPushButton* AddHostDialog::okButton() const {
    return buttons_->button(QDialogButtonBox::Ok);
}

void AddHostDialog::validate() {
    // An empty field is not an error yet while the user has not typed into it.
    const QString nameText = hostName().isEmpty() ? QString() : nameProblem();
    const QString destinationText = destination().isEmpty() ? QString() : destinationProblem();
    showProblem(nameProblem_, nameText);
    showProblem(destinationProblem_, destinationText);
    showProblem(addError_, QString());
    okButton()->setEnabled(nameProblem().isEmpty() && destinationProblem().isEmpty());
}

void AddHostDialog::accept() {
    if (!nameProblem().isEmpty() || !destinationProblem().isEmpty()) {
        validate();
        return;
    }
    HostDefinition definition;
    definition.name = hostName();
    definition.destination = destination();
    definition.runDirectories = runDirectories();
    QString error;
    if (!console_->fleet()->addHost(definition, &error)) {
        showProblem(addError_, tr("Could not add %1: %2").arg(definition.name, error));
        return;
    }
    if (!console_->save(&error)) {
        // The host is in the fleet; only the workspace could not record it. Say so and close.
        Q_EMIT console_->errorOccurred(
            tr("Host %1 added, but the workspace was not saved: %2").arg(definition.name, error));
    }
    QDialog::accept();
}

} // namespace vigil::ui
