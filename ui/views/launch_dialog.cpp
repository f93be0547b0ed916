#include "views/launch_dialog.h"

#include "services/daemon_paths.h"
#include "services/supervisor.h"
#include "views/state_style.h"

#include <QCheckBox>
#include <QComboBox>
#include <QCoreApplication>
#include <QDialogButtonBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QProcess>
#include <QPushButton>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTableWidget>
#include <QToolButton>
#include <QVBoxLayout>

namespace vigil::ui {

namespace {

// Quotes an argument so that QProcess::splitCommand() gives it back unchanged.
QString quoteArgument(const QString& arg) {
    if (!arg.isEmpty() && !arg.contains(QRegularExpression(QStringLiteral("[\\s\"']")))) {
        return arg;
    }
    QString quoted = arg;
    quoted.replace(QLatin1Char('"'), QStringLiteral("\"\"\""));
    return QLatin1Char('"') + quoted + QLatin1Char('"');
}

QDoubleSpinBox* secondsBox(double max) {
    auto* box = new QDoubleSpinBox;
    box->setDecimals(1);
    box->setRange(0, max);
    box->setSuffix(QStringLiteral(" s"));
    box->setSingleStep(0.5);
    return box;
}

} // namespace

LaunchDialog::LaunchDialog(Supervisor* supervisor, QWidget* parent)
    : QDialog(parent), supervisor_(supervisor) {
    setObjectName(QStringLiteral("launchDialog"));
    setWindowTitle(tr("Launch Daemon"));
    setWindowIcon(resourceIcon(QStringLiteral("add")));

    name_ = new QLineEdit;
    name_->setObjectName(QStringLiteral("nameEdit"));
    name_->setPlaceholderText(tr("unique name, e.g. ovsdb-nb"));

    program_ = new QComboBox;
    program_->setObjectName(QStringLiteral("programEdit"));
    program_->setEditable(true);
    program_->addItems(programSuggestions());
    program_->setCurrentText(QString());
    program_->lineEdit()->setPlaceholderText(tr("path, or a name found beside Vigil or in PATH"));
    program_->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    auto* browseProgram = new QToolButton;
    browseProgram->setIcon(resourceIcon(QStringLiteral("folder")));
    browseProgram->setToolTip(tr("Choose a program"));
    connect(browseProgram, &QToolButton::clicked, this, &LaunchDialog::browseProgram);
    auto* programRow = new QHBoxLayout;
    programRow->addWidget(program_, 1);
    programRow->addWidget(browseProgram);

    arguments_ = new QLineEdit;
    arguments_->setObjectName(QStringLiteral("argumentsEdit"));
    arguments_->setPlaceholderText(tr("--remote=punix:db.sock --unixctl=db.ctl"));
    arguments_->setToolTip(tr("Split like a shell command line; quote arguments with spaces"));

    workingDirectory_ = new QLineEdit;
    workingDirectory_->setObjectName(QStringLiteral("workingDirectoryEdit"));
    workingDirectory_->setPlaceholderText(tr("the console's working directory"));
    auto* browseDir = new QToolButton;
    browseDir->setIcon(resourceIcon(QStringLiteral("folder")));
    browseDir->setToolTip(tr("Choose a directory"));
    connect(browseDir, &QToolButton::clicked, this, &LaunchDialog::browseDirectory);
    auto* dirRow = new QHBoxLayout;
    dirRow->addWidget(workingDirectory_, 1);
    dirRow->addWidget(browseDir);

    environment_ = new QTableWidget(0, 2);
    environment_->setObjectName(QStringLiteral("environmentTable"));
    environment_->setHorizontalHeaderLabels({tr("Variable"), tr("Value")});
    environment_->horizontalHeader()->setStretchLastSection(true);
    environment_->horizontalHeader()->resizeSection(0, 160);
    environment_->verticalHeader()->hide();
    environment_->setMinimumHeight(90);
    auto* addEnv = new QToolButton;
    addEnv->setIcon(resourceIcon(QStringLiteral("add")));
    addEnv->setToolTip(tr("Add a variable"));
    connect(addEnv, &QToolButton::clicked, this, [this] {
        addEnvironmentRow();
        environment_->editItem(environment_->item(environment_->rowCount() - 1, 0));
    });
    auto* removeEnv = new QToolButton;
    removeEnv->setIcon(resourceIcon(QStringLiteral("remove")));
    removeEnv->setToolTip(tr("Remove the selected variable"));
    connect(removeEnv, &QToolButton::clicked, this, [this] {
        int row = environment_->currentRow();
        if (row >= 0) {
            environment_->removeRow(row);
        }
    });
    auto* envButtons = new QVBoxLayout;
    envButtons->addWidget(addEnv);
    envButtons->addWidget(removeEnv);
    envButtons->addStretch();
    auto* envRow = new QHBoxLayout;
    envRow->addWidget(environment_, 1);
    envRow->addLayout(envButtons);

    controlSocket_ = new QLineEdit;
    controlSocket_->setObjectName(QStringLiteral("controlSocketEdit"));
    controlSocket_->setPlaceholderText(
        tr("from --unixctl, else <rundir>/<program>.<pid>.ctl; \"none\" for no socket"));

    auto* program = new QFormLayout;
    program->addRow(tr("&Name:"), name_);
    program->addRow(tr("&Program:"), programRow);
    program->addRow(tr("&Arguments:"), arguments_);
    program->addRow(tr("&Working directory:"), dirRow);
    program->addRow(tr("&Environment:"), envRow);
    program->addRow(tr("&Control socket:"), controlSocket_);

    restart_ = new QComboBox;
    restart_->setObjectName(QStringLiteral("restartPolicy"));
    restart_->addItem(tr("On failure (non-zero exit or signal)"),
                      restartPolicyName(RestartPolicy::OnFailure));
    restart_->addItem(tr("Always"), restartPolicyName(RestartPolicy::Always));
    restart_->addItem(tr("Never"), restartPolicyName(RestartPolicy::Never));
    backoffMin_ = secondsBox(3600);
    backoffMax_ = secondsBox(86400);
    auto* backoffRow = new QHBoxLayout;
    backoffRow->addWidget(backoffMin_);
    backoffRow->addWidget(new QLabel(tr("doubling up to")));
    backoffRow->addWidget(backoffMax_);
    backoffRow->addStretch();
    maxFailures_ = new QSpinBox;
    maxFailures_->setRange(0, 1000);
    maxFailures_->setSpecialValueText(tr("never give up"));
    failureWindow_ = new QSpinBox;
    failureWindow_->setRange(1, 86400);
    failureWindow_->setSuffix(QStringLiteral(" s"));
    auto* giveUpRow = new QHBoxLayout;
    giveUpRow->addWidget(maxFailures_);
    giveUpRow->addWidget(new QLabel(tr("failures within")));
    giveUpRow->addWidget(failureWindow_);
    giveUpRow->addStretch();
    stopTimeout_ = secondsBox(3600);

    auto* policyBox = new QGroupBox(tr("Supervision"));
    auto* policy = new QFormLayout(policyBox);
    policy->addRow(tr("&Restart:"), restart_);
    policy->addRow(tr("&Backoff:"), backoffRow);
    policy->addRow(tr("&Give up after:"), giveUpRow);
    policy->addRow(tr("&Stop timeout (TERM → KILL):"), stopTimeout_);

    startNow_ = new QCheckBox(tr("Start &now"));
    startNow_->setObjectName(QStringLiteral("startNow"));
    startNow_->setChecked(true);

    error_ = new QLabel;
    error_->setObjectName(QStringLiteral("errorLabel"));
    error_->setWordWrap(true);
    error_->setTextFormat(Qt::PlainText);
    QPalette pal = error_->palette();
    pal.setColor(QPalette::WindowText, stateColor(QStringLiteral("failed")));
    error_->setPalette(pal);
    error_->hide();

    buttons_ = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    buttons_->button(QDialogButtonBox::Ok)->setText(tr("&Launch"));
    buttons_->button(QDialogButtonBox::Ok)->setIcon(resourceIcon(QStringLiteral("start")));
    connect(buttons_, &QDialogButtonBox::accepted, this, &LaunchDialog::accept);
    connect(buttons_, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(program);
    layout->addWidget(policyBox);
    layout->addWidget(startNow_);
    layout->addWidget(error_);
    layout->addWidget(buttons_);

    setDefinition(DaemonDefinition{});
    resize(620, 560);
}

QStringList LaunchDialog::programSuggestions() const {
    // Programs a user of this console is likely to launch: the ones built beside it, then the
    // OVS daemons when they are installed.
    QStringList out;
    const QString beside = QCoreApplication::applicationDirPath();
    for (const char* name : {"vigil-testd", "ovsdb-server", "ovs-vswitchd", "ovn-northd"}) {
        QString n = QString::fromLatin1(name);
        if (QFileInfo(beside + QLatin1Char('/') + n).isExecutable() ||
            !QStandardPaths::findExecutable(n).isEmpty() ||
            !QStandardPaths::findExecutable(n, {QStringLiteral("/usr/sbin")}).isEmpty()) {
            out.append(n);
        }
    }
    return out;
}

void LaunchDialog::addEnvironmentRow(const QString& key, const QString& value) {
    int row = environment_->rowCount();
    environment_->insertRow(row);
    environment_->setItem(row, 0, new QTableWidgetItem(key));
    environment_->setItem(row, 1, new QTableWidgetItem(value));
}

void LaunchDialog::browseProgram() {
    QString start = program_->currentText().contains(QLatin1Char('/'))
                        ? QFileInfo(program_->currentText()).absolutePath()
                        : QCoreApplication::applicationDirPath();
    QString path = QFileDialog::getOpenFileName(this, tr("Choose a program"), start);
    if (!path.isEmpty()) {
        program_->setCurrentText(path);
        if (name_->text().isEmpty() && !editing_) {
            name_->setText(QFileInfo(path).fileName());
        }
    }
}

void LaunchDialog::browseDirectory() {
    QString dir = QFileDialog::getExistingDirectory(this, tr("Choose the working directory"),
                                                    workingDirectory_->text());
    if (!dir.isEmpty()) {
        workingDirectory_->setText(dir);
    }
}

void LaunchDialog::editDefinition(const DaemonDefinition& definition) {
    editing_ = true;
    setWindowTitle(tr("Edit %1").arg(definition.name));
    setDefinition(definition);
    name_->setReadOnly(true);
    startNow_->setText(tr("Restart &now to apply"));
    startNow_->setChecked(false);
    buttons_->button(QDialogButtonBox::Ok)->setText(tr("&Save"));
    buttons_->button(QDialogButtonBox::Ok)->setIcon(QIcon());
}

void LaunchDialog::setDefinition(const DaemonDefinition& d) {
    base_ = d;
    name_->setText(d.name);
    program_->setCurrentText(d.program);
    QStringList quoted;
    for (const QString& arg : d.arguments) {
        quoted.append(quoteArgument(arg));
    }
    arguments_->setText(quoted.join(QLatin1Char(' ')));
    workingDirectory_->setText(d.workingDirectory);
    environment_->setRowCount(0);
    for (auto it = d.environment.cbegin(); it != d.environment.cend(); ++it) {
        addEnvironmentRow(it.key(), it.value());
    }
    restart_->setCurrentIndex(restart_->findData(restartPolicyName(d.restart)));
    backoffMin_->setValue(d.backoffMinMs / 1000.0);
    backoffMax_->setValue(d.backoffMaxMs / 1000.0);
    maxFailures_->setValue(d.maxFailures);
    failureWindow_->setValue(qMax(1, d.failureWindowMs / 1000));
    stopTimeout_->setValue(d.stopTimeoutMs / 1000.0);
    controlSocket_->setText(d.controlSocket);
}

DaemonDefinition LaunchDialog::definition() const {
    DaemonDefinition d = base_;
    d.name = name_->text().trimmed();
    d.program = program_->currentText().trimmed();
    d.arguments = QProcess::splitCommand(arguments_->text());
    d.workingDirectory = workingDirectory_->text().trimmed();
    d.environment.clear();
    for (int row = 0; row < environment_->rowCount(); ++row) {
        auto* key = environment_->item(row, 0);
        auto* value = environment_->item(row, 1);
        if (key && !key->text().trimmed().isEmpty()) {
            d.environment.insert(key->text().trimmed(), value ? value->text() : QString());
        }
    }
    d.restart = restartPolicyFromName(restart_->currentData().toString())
                    .value_or(RestartPolicy::OnFailure);
    d.backoffMinMs = int(backoffMin_->value() * 1000);
    d.backoffMaxMs = int(backoffMax_->value() * 1000);
    d.maxFailures = maxFailures_->value();
    d.failureWindowMs = failureWindow_->value() * 1000;
    d.stopTimeoutMs = int(stopTimeout_->value() * 1000);
    d.controlSocket = controlSocket_->text().trimmed();
    d.autostart = editing_ ? base_.autostart : startNow_->isChecked();
    return d;
}

QString LaunchDialog::errorText() const {
    return error_->isVisible() ? error_->text() : QString();
}

void LaunchDialog::showError(const QString& text) {
    error_->setText(text);
    error_->setVisible(!text.isEmpty());
}

void LaunchDialog::accept() {
    DaemonDefinition d = definition();
    QString problem = d.validate();
    if (problem.isEmpty()) {
        // Say now that the program does not exist, rather than after a failed start.
        QString why;
        if (resolveDaemonProgram(d.program, QCoreApplication::applicationDirPath(), QString(),
                                 d.workingDirectory, &why)
                .isEmpty()) {
            problem = why.isEmpty() ? tr("%1: no such program").arg(d.program) : why;
        }
    }
    if (problem.isEmpty()) {
        if (editing_) {
            if (!supervisor_->update(d, &problem)) {
                problem = problem.isEmpty() ? tr("the supervisor refused it") : problem;
            } else if (startNow_->isChecked()) {
                supervisor_->restart(d.name);
            }
        } else if (!supervisor_->add(d, &problem)) {
            problem = problem.isEmpty() ? tr("the supervisor refused it") : problem;
        } else if (startNow_->isChecked()) {
            supervisor_->start(d.name);
        }
    }
    if (!problem.isEmpty()) {
        showError(problem);
        return;
    }
    showError(QString());
    Q_EMIT daemonSaved(d.name);
    QDialog::accept();
}

} // namespace vigil::ui
