// main_window_embedding.cpp — the MainWindow's embedding editor, interpolation strip and custom
// input: their docks, the Embedding menu and File ▸ Open Custom Image (kept apart from
// main_window.cpp so the two grow independently).
#include <QAction>
#include <QDockWidget>
#include <QMenu>
#include <QMenuBar>
#include <QTimer>

#include "app/models/workbench.h"
#include "widgets/custom_input_view.h"
#include "widgets/embedding_editor_view.h"
#include "widgets/interpolation_view.h"
#include "widgets/main_window.h"

namespace dendrite {

void MainWindow::add_embedding_docks() {
  EmbeddingEditor* editor = workbench_->embedding();
  SnapshotModule* module = workbench_->snapshotModule();
  embedding_view_ = new EmbeddingEditorView(editor, module, workbench_->dataset());
  interpolation_view_ = new InterpolationView(editor, module, workbench_->dataset());
  custom_view_ = new CustomInputView(workbench_->customInput(), editor, module);

  auto make_dock = [this](const QString& title, const char* name, QWidget* view) {
    auto* dock = new QDockWidget(title);
    dock->setObjectName(QLatin1String(name));
    dock->setWidget(view);
    return dock;
  };
  QDockWidget* embedding = make_dock(tr("Embedding"), "embeddingDock", embedding_view_);
  QDockWidget* interpolation = make_dock(tr("Interpolation"), "interpolationDock", interpolation_view_);
  QDockWidget* custom = make_dock(tr("Custom Input"), "customInputDock", custom_view_);
  // The bottom area stays between the side docks, which keep the full height they were made for.
  setCorner(Qt::BottomLeftCorner, Qt::LeftDockWidgetArea);
  setCorner(Qt::BottomRightCorner, Qt::RightDockWidgetArea);
  // Beside the network view (issue 7) as tabs: side by side, each would get half the width.
  if (auto* network = findChild<QDockWidget*>(QStringLiteral("networkDock"))) tabifyDockWidget(network, embedding);
  else addDockWidget(Qt::BottomDockWidgetArea, embedding);
  tabifyDockWidget(embedding, interpolation);
  embedding->raise();
  auto* images = findChild<QDockWidget*>(QStringLiteral("imagesDock"));
  if (images) {
    tabifyDockWidget(images, custom);
    images->raise();
  } else {
    addDockWidget(Qt::RightDockWidgetArea, custom);
  }
  // Room for a large decoded image and a dozen rows, and for the custom input beside its output,
  // once the window has its size (a saved layout wins).
  if (workbench_->settings()->uiValue("window-state").toByteArray().isEmpty())
    QTimer::singleShot(0, this, [this, embedding, custom] {
      resizeDocks({embedding}, {340}, Qt::Vertical);
      resizeDocks({custom}, {340}, Qt::Horizontal);
    });
  connect(custom_view_, &CustomInputView::embeddingSentToEditor, this, [embedding] {
    embedding->show();
    embedding->raise();
  });
}

void MainWindow::add_embedding_menu() {
  EmbeddingEditor* editor = workbench_->embedding();
  CustomInput* custom = workbench_->customInput();
  QMenu* menu = menuBar()->addMenu(tr("E&mbedding"));
  QAction* encode = make_action("encodeCurrent", tr("&Encode Current Image"), {},
                                tr("Set the embedding editor's values to the embedding of the sample shown"));
  connect(encode, &QAction::triggered, editor, &EmbeddingEditor::encodeCurrentImage);
  QAction* randomize = make_action("randomizeEmbedding", tr("&Randomize"), {},
                                   tr("Draw every embedding value from its range over the dataset"));
  connect(randomize, &QAction::triggered, editor, &EmbeddingEditor::randomize);
  QAction* reset = make_action("resetEmbedding", tr("Re&set Values"), {}, tr("Back to the last encoded image"));
  connect(reset, &QAction::triggered, editor, &EmbeddingEditor::reset);
  QAction* measure = make_action("measureRanges", tr("&Measure Ranges Again"), {},
                                 tr("Encode every image of the dataset to find each value's range"));
  connect(measure, &QAction::triggered, editor, &EmbeddingEditor::measureRange);
  QAction* export_decoded = make_action("exportDecoded", tr("Export &Decoded Image"), {},
                                        tr("Save the decoded image as PNG in the output folder"));
  connect(export_decoded, &QAction::triggered, editor, [editor] { editor->exportDecoded(); });
  QAction* export_strip = make_action("exportStrip", tr("Export &Interpolation Strip"), {},
                                      tr("Save the interpolation's decoded steps as one PNG in the output folder"));
  connect(export_strip, &QAction::triggered, editor, [editor] { editor->exportStrip(); });
  QAction* open_custom = make_action("openCustomImage", tr("Open &Custom Image…"), QKeySequence(tr("Ctrl+I")),
                                     tr("Run any image file through the autoencoder without training"));
  connect(open_custom, &QAction::triggered, this, &MainWindow::openCustomImage);
  QAction* export_custom = make_action("exportCustom", tr("Export Custom Input and &Output"), {},
                                       tr("Save the custom input and its reconstruction as PNG in the output folder"));
  connect(export_custom, &QAction::triggered, custom, [custom] { custom->exportImages(); });
  menu->addActions({encode, randomize, reset, measure});
  menu->addSeparator();
  menu->addActions({export_decoded, export_strip});
  menu->addSeparator();
  menu->addActions({open_custom, export_custom});

  // Also in the File menu, beside the other exports, where people look for "open".
  if (QAction* anchor = action(QStringLiteral("exportShown")))
    for (QAction* top : menuBar()->actions())
      if (QMenu* m = top->menu(); m && m->actions().contains(anchor)) m->insertAction(anchor, open_custom);

  auto update = [=, this] {
    const bool ready = editor->ready();
    const bool data = workbench_->dataset()->loaded();
    encode->setEnabled(ready && data);
    randomize->setEnabled(ready);
    reset->setEnabled(ready);
    measure->setEnabled(ready && data);
    export_decoded->setEnabled(ready);
    export_strip->setEnabled(!editor->strip().empty());
    export_custom->setEnabled(!custom->outputImage().isNull());
  };
  connect(editor, &EmbeddingEditor::readyChanged, this, update);
  connect(editor, &EmbeddingEditor::stripChanged, this, update);
  connect(custom, &CustomInput::outputChanged, this, update);
  connect(workbench_->dataset(), &DatasetModel::changed, this, update);
  update();
}

void MainWindow::openCustomImage() {
  if (auto* dock = findChild<QDockWidget*>(QStringLiteral("customInputDock"))) {
    dock->show();
    dock->raise();
  }
  custom_view_->chooseFile();
}

void MainWindow::useCustomImage(const QString& path) {
  if (auto* dock = findChild<QDockWidget*>(QStringLiteral("customInputDock"))) {
    dock->show();
    dock->raise();
  }
  workbench_->customInput()->open(path);
}

}  // namespace dendrite
