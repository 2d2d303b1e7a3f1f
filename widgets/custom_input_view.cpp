#include "widgets/custom_input_view.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QStandardPaths>
#include <QStyle>
#include <QVBoxLayout>

#include "app/models/custom_input.h"
#include "app/models/embedding_editor.h"
#include "app/models/network_summary.h"
#include "app/models/snapshot_module.h"
#include "widgets/image_panel.h"

namespace dendrite {

CustomInputView::CustomInputView(CustomInput* custom, EmbeddingEditor* editor, SnapshotModule* module, QWidget* parent)
    : QWidget(parent), custom_(custom), editor_(editor), module_(module) {
  auto* open = new QPushButton(style()->standardIcon(QStyle::SP_DialogOpenButton), tr("Open Image…"));
  open->setObjectName("openImageButton");
  open->setToolTip(tr("Run any image file through the autoencoder (no training); you can also drop one on the window"));
  export_ = new QPushButton(tr("Export"));
  export_->setObjectName("exportCustomButton");
  export_->setToolTip(tr("Save the converted input and its reconstruction as PNG in the output folder"));
  to_editor_ = new QPushButton(tr("Edit Its Embedding"));
  to_editor_->setObjectName("toEditorButton");
  to_editor_->setToolTip(tr("Put this image’s embedding on the sliders of the embedding editor"));
  fit_ = new QComboBox;
  fit_->setObjectName("fitMode");
  fit_->addItem(tr("Stretch"), static_cast<int>(FitMode::kStretch));
  fit_->addItem(tr("Centre crop"), static_cast<int>(FitMode::kCrop));
  fit_->addItem(tr("Pad"), static_cast<int>(FitMode::kPad));
  fit_->setToolTip(tr("How an image of another aspect ratio is brought to the network’s input size"));
  invert_ = new QCheckBox(tr("Invert"));
  invert_->setObjectName("invert");
  invert_->setToolTip(tr("Dark on light becomes light on dark, like Fashion-MNIST"));

  conversion_ = new QLabel;
  conversion_->setObjectName("conversionLabel");
  conversion_->setWordWrap(true);
  conversion_->setTextInteractionFlags(Qt::TextSelectableByMouse);

  // Short captions: the two panels share a narrow dock side by side.
  input_ = new ImagePanel(tr("Input"));
  output_ = new ImagePanel(tr("Output"));
  for (ImagePanel* panel : {input_, output_}) panel->setMinimumHeight(190);
  status_ = new QLabel;
  status_->setObjectName("outputStatus");
  status_->setWordWrap(true);
  status_->setForegroundRole(QPalette::PlaceholderText);
  auto* panels = new QHBoxLayout;
  panels->setSpacing(8);
  panels->addWidget(input_, 1);
  panels->addWidget(output_, 1);

  auto* buttons = new QGridLayout;
  buttons->addWidget(open, 0, 0);
  buttons->addWidget(export_, 0, 1);
  buttons->addWidget(fit_, 1, 0);
  buttons->addWidget(invert_, 1, 1);
  buttons->addWidget(to_editor_, 2, 0, 1, 2);

  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(8, 8, 8, 8);
  layout->addLayout(buttons);
  layout->addWidget(conversion_);
  layout->addLayout(panels);
  layout->addWidget(status_);
  layout->addStretch(1);  // a tall dock keeps the panels near their texts

  connect(open, &QPushButton::clicked, this, &CustomInputView::chooseFile);
  connect(export_, &QPushButton::clicked, custom_, [this] { custom_->exportImages(); });
  connect(fit_, &QComboBox::currentIndexChanged, this,
          [this] { custom_->setFitMode(static_cast<FitMode>(fit_->currentData().toInt())); });
  connect(invert_, &QCheckBox::toggled, custom_, &CustomInput::setInverted);
  connect(to_editor_, &QPushButton::clicked, this, [this] {
    if (editor_->setValues(custom_->embedding()).isEmpty()) emit embeddingSentToEditor();
  });
  connect(custom_, &CustomInput::imageChanged, this, &CustomInputView::refresh_input);
  connect(custom_, &CustomInput::outputChanged, this, &CustomInputView::refresh_output);
  refresh_input();
  refresh_output();
}

void CustomInputView::showEvent(QShowEvent* event) {
  QWidget::showEvent(event);
  module_->setUser(this, true);
}

void CustomInputView::hideEvent(QHideEvent* event) {
  QWidget::hideEvent(event);
  module_->setUser(this, false);
}

void CustomInputView::chooseFile() {
  const QString start = custom_->path().isEmpty()
                            ? QStandardPaths::writableLocation(QStandardPaths::PicturesLocation)
                            : QFileInfo(custom_->path()).absolutePath();
  const QString file = QFileDialog::getOpenFileName(
      this, tr("Open Image"), start,
      tr("Images (*.png *.jpg *.jpeg *.bmp *.gif *.pgm *.ppm *.pnm *.tga *.psd *.hdr *.pic);;All files (*)"));
  if (!file.isEmpty()) custom_->open(file);
}

void CustomInputView::refresh_input() {
  input_->setImage(custom_->inputImage());
  conversion_->setText(custom_->hasImage() ? tr("%1: %2").arg(custom_->fileName(), custom_->conversionText())
                                           : custom_->conversionText());
  export_->setEnabled(custom_->hasImage());
}

void CustomInputView::refresh_output() {
  output_->setImage(custom_->outputImage());
  status_->setText(custom_->outputImage().isNull()
                       ? QString()
                       : tr("The output is the network’s reconstruction with the parameters of step %L1; "
                            "nothing was trained on this image.")
                             .arg(custom_->outputSteps()));
  export_->setEnabled(!custom_->outputImage().isNull());
  to_editor_->setEnabled(!custom_->embedding().empty() &&
                         custom_->embedding().size() == static_cast<std::size_t>(editor_->dimensions()));
}

}  // namespace dendrite
