// main_window_network.cpp — the main window's network view and watch list (issue 7), kept apart
// from main_window.cpp so that the parts other views add there stay small: the two docks, the
// models behind them, and the Edit menu with Undo/Redo of parameter edits.
#include <QAction>
#include <QDockWidget>
#include <QMenu>
#include <QMenuBar>
#include <QStatusBar>
#include <QUndoStack>

#include "app/models/network_state.h"
#include "app/models/watch_list_model.h"
#include "app/models/workbench.h"
#include "widgets/main_window.h"
#include "widgets/network_view.h"
#include "widgets/watch_list_view.h"

namespace dendrite {

void MainWindow::create_network_docks() {
  network_state_ = new NetworkState(workbench_->session(), workbench_->network(), this);
  watch_list_ = new WatchListModel(workbench_->session(), network_state_, this);

  network_view_ = new NetworkView(network_state_, watch_list_);
  network_view_->setExportDirectory(workbench_->settings()->outputDirectory());
  connect(network_view_, &NetworkView::exported, this,
          [this](const QString& path) { statusBar()->showMessage(tr("Exported the network to %1.").arg(path), 8000); });
  auto* network = new QDockWidget(tr("Network"));
  network->setObjectName("networkDock");
  network->setWidget(network_view_);
  watch_view_ = new WatchListView(watch_list_);
  auto* watch = new QDockWidget(tr("Watch List"));
  watch->setObjectName("watchListDock");
  watch->setWidget(watch_view_);

  // The left and right docks keep the full height; the network view takes the lower part of
  // the middle column, under the error chart, and the watch list sits under the images.
  setCorner(Qt::BottomLeftCorner, Qt::LeftDockWidgetArea);
  setCorner(Qt::BottomRightCorner, Qt::RightDockWidgetArea);
  addDockWidget(Qt::BottomDockWidgetArea, network);
  addDockWidget(Qt::RightDockWidgetArea, watch);
  resizeDocks({network}, {480}, Qt::Vertical);
  if (auto* images = findChild<QDockWidget*>("imagesDock")) resizeDocks({images, watch}, {330, 470}, Qt::Vertical);
}

void MainWindow::create_edit_menu(QMenu* file) {
  QMenu* edit = menuBar()->addMenu(tr("&Edit"));
  QUndoStack* undo = watch_list_->undoStack();
  QAction* undo_action = undo->createUndoAction(this, tr("&Undo"));
  undo_action->setObjectName("undo");
  undo_action->setShortcuts({QKeySequence::Undo});
  QAction* redo_action = undo->createRedoAction(this, tr("&Redo"));
  redo_action->setObjectName("redo");
  // Ctrl+Shift+Z everywhere, and the platform's own redo key where it differs.
  QList<QKeySequence> redo_keys{QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z)};
  for (const QKeySequence& k : QKeySequence::keyBindings(QKeySequence::Redo))
    if (!redo_keys.contains(k)) redo_keys << k;
  redo_action->setShortcuts(redo_keys);
  edit->addActions({undo_action, redo_action});
  edit->addSeparator();
  QAction* remove = new QAction(tr("Remove Selected from Watch List"), this);
  remove->setObjectName("removeWatched");
  connect(remove, &QAction::triggered, watch_list_, &WatchListModel::removeSelected);
  edit->addAction(remove);

  // File ▸ Export Network Image…, after the other exports.
  QAction* export_network = new QAction(tr("Export &Network Image…"), this);
  export_network->setObjectName("exportNetwork");
  export_network->setStatusTip(tr("Save the network view as PNG or SVG"));
  connect(export_network, &QAction::triggered, network_view_, &NetworkView::exportImage);
  const QList<QAction*> file_actions = file->actions();
  const qsizetype after = file_actions.indexOf(action("exportAll"));
  file->insertAction(after >= 0 ? file_actions.value(after + 1) : nullptr, export_network);
}

}  // namespace dendrite
