#include "views/about_dialog.h"

#include "views/state_style.h"
#include "vigil/version.h"

#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QVBoxLayout>
#include <QtGlobal>
#include <openssl/crypto.h>

namespace vigil::ui {

AboutDialog::AboutDialog(QWidget* parent) : QDialog(parent) {
    setWindowTitle(tr("About Vigil"));
    setObjectName(QStringLiteral("aboutDialog"));

    auto* icon = new QLabel;
    icon->setPixmap(resourceIcon(QStringLiteral("vigil")).pixmap(64, 64));
    icon->setAlignment(Qt::AlignTop);

    auto* title =
        new QLabel(QStringLiteral("<h2>Vigil %1</h2>").arg(QString::fromUtf8(vigil::version)));
    auto* blurb = new QLabel(
        tr("A console for OVS-style daemons: it launches and supervises them, browses and runs "
           "the control commands each one registers, and shows every JSON-RPC session's "
           "connection state live. Wire-compatible with Open vSwitch's unixctl and JSON-RPC."));
    blurb->setWordWrap(true);
    auto* versions = new QLabel(versionText().toHtmlEscaped().replace('\n', "<br>"));
    versions->setObjectName(QStringLiteral("versions"));
    versions->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto* text = new QVBoxLayout;
    text->addWidget(title);
    text->addWidget(blurb);
    text->addSpacing(8);
    text->addWidget(versions);
    text->addStretch();

    auto* top = new QHBoxLayout;
    top->addWidget(icon);
    top->addSpacing(12);
    top->addLayout(text, 1);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(buttons);
    resize(480, 260);
}

QString AboutDialog::versionText() {
    return QStringLiteral("Vigil %1\nQt %2 (built with %3)\n%4")
        .arg(QString::fromUtf8(vigil::version), QString::fromUtf8(qVersion()),
             QStringLiteral(QT_VERSION_STR), QString::fromUtf8(OpenSSL_version(OPENSSL_VERSION)));
}

} // namespace vigil::ui
