#include "widgets/watch_list_view.h"

#include <QAction>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QScrollArea>
#include <QStyle>
#include <QToolButton>
#include <QUndoStack>
#include <QVBoxLayout>

#include "app/models/watch_list_model.h"
#include "widgets/watch_item_editor.h"

namespace dendrite {

WatchListView::WatchListView(WatchListModel* model, QWidget* parent) : QWidget(parent), model_(model) {
  setObjectName("watchList");
  setFocusPolicy(Qt::StrongFocus);
  QUndoStack* undo = model_->undoStack();
  auto tool = [this](const QString& name, const QString& text, const QString& tip) {
    auto* b = new QToolButton;
    b->setObjectName(name);
    b->setText(text);
    b->setToolTip(tip);
    b->setAutoRaise(true);
    return b;
  };
  undo_ = tool("watchUndo", tr("Undo"), tr("Undo the last edit (Ctrl+Z)"));
  undo_->setIcon(style()->standardIcon(QStyle::SP_ArrowBack));
  undo_->setToolButtonStyle(Qt::ToolButtonIconOnly);
  connect(undo_, &QToolButton::clicked, undo, &QUndoStack::undo);
  connect(undo, &QUndoStack::canUndoChanged, undo_, &QToolButton::setEnabled);
  connect(undo, &QUndoStack::undoTextChanged, undo_, [this](const QString& t) { undo_->setToolTip(tr("Undo: %1 (Ctrl+Z)").arg(t)); });
  redo_ = tool("watchRedo", tr("Redo"), tr("Redo (Ctrl+Shift+Z)"));
  redo_->setIcon(style()->standardIcon(QStyle::SP_ArrowForward));
  redo_->setToolButtonStyle(Qt::ToolButtonIconOnly);
  connect(redo_, &QToolButton::clicked, undo, &QUndoStack::redo);
  connect(undo, &QUndoStack::canRedoChanged, redo_, &QToolButton::setEnabled);
  undo_->setEnabled(undo->canUndo());
  redo_->setEnabled(undo->canRedo());
  lock_ = tool("watchLockSelected", tr("Lock"), tr("Keep training from changing the selected values"));
  connect(lock_, &QToolButton::clicked, this, &WatchListView::lockSelected);
  unlock_ = tool("watchUnlockSelected", tr("Unlock"), tr("Let training change the selected values again"));
  connect(unlock_, &QToolButton::clicked, this, &WatchListView::unlockSelected);
  remove_ = tool("watchRemoveSelected", tr("Remove"), tr("Remove the selected items (Delete)"));
  connect(remove_, &QToolButton::clicked, this, &WatchListView::removeSelected);
  count_ = new QLabel;

  auto* bar = new QHBoxLayout;
  bar->setContentsMargins(6, 2, 6, 2);
  bar->addWidget(count_, 1);
  for (QToolButton* b : {undo_, redo_, lock_, unlock_, remove_}) bar->addWidget(b);

  empty_ = new QLabel(tr("Click a neuron or a connection in the network view to watch it here and edit "
                         "its value. Ctrl+click adds to the selection."));
  empty_->setWordWrap(true);
  empty_->setAlignment(Qt::AlignTop | Qt::AlignLeft);
  empty_->setForegroundRole(QPalette::PlaceholderText);
  empty_->setMargin(10);

  auto* content = new QWidget;
  column_ = new QVBoxLayout(content);
  column_->setContentsMargins(6, 4, 6, 6);
  column_->setSpacing(6);
  column_->addWidget(empty_);
  column_->addStretch(1);
  scroll_ = new QScrollArea;
  scroll_->setWidget(content);
  scroll_->setWidgetResizable(true);
  scroll_->setFrameShape(QFrame::NoFrame);
  scroll_->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);

  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->setSpacing(0);
  layout->addLayout(bar);
  layout->addWidget(scroll_, 1);

  connect(model_, &QAbstractItemModel::rowsInserted, this, &WatchListView::rebuild);
  connect(model_, &QAbstractItemModel::rowsRemoved, this, &WatchListView::rebuild);
  connect(model_, &QAbstractItemModel::modelReset, this, &WatchListView::rebuild);
  connect(model_, &QAbstractItemModel::dataChanged, this,
          [this](const QModelIndex& a, const QModelIndex& b) { refresh_rows(a.row(), b.row()); });
  connect(model_->selection(), &QItemSelectionModel::selectionChanged, this, &WatchListView::update_selection);
  rebuild();
}

void WatchListView::rebuild() {
  // Cards are few (≤ WatchListModel::kMaxItems); rebuilding them all keeps rows and cards in step.
  for (WatchItemEditor* e : editors_) {
    column_->removeWidget(e);
    e->hide();
    e->deleteLater();  // may be inside its own remove button's signal
  }
  editors_.clear();
  for (int r = 0; r < model_->count(); ++r) {
    auto* e = new WatchItemEditor(model_, r);
    connect(e, &WatchItemEditor::clicked, this, &WatchListView::on_card_clicked);
    column_->insertWidget(r, e);
    editors_.push_back(e);
  }
  empty_->setVisible(model_->count() == 0);
  count_->setText(tr("%n item(s)", nullptr, model_->count()));
  update_selection();
  // The newest item is where the eye goes after a click in the network view.
  if (!editors_.empty()) scroll_->ensureWidgetVisible(editors_.back());
}

void WatchListView::refresh_rows(int first, int last) {
  for (int r = std::max(0, first); r <= last && r < editorCount(); ++r) editors_[static_cast<std::size_t>(r)]->refresh();
}

void WatchListView::update_selection() {
  const QList<int> rows = model_->selectedRows();
  for (int r = 0; r < editorCount(); ++r) editors_[static_cast<std::size_t>(r)]->setSelected(rows.contains(r));
  const bool any = !rows.isEmpty();
  lock_->setEnabled(any);
  unlock_->setEnabled(any);
  remove_->setEnabled(any);
  if (!rows.isEmpty()) scroll_->ensureWidgetVisible(editors_[static_cast<std::size_t>(rows.back())]);
}

void WatchListView::on_card_clicked(int row, Qt::KeyboardModifiers modifiers) {
  QItemSelectionModel* selection = model_->selection();
  const QModelIndex index = model_->index(row);
  if (modifiers & Qt::ShiftModifier && anchor_row_ >= 0 && anchor_row_ < model_->count()) {
    selection->select(QItemSelection(model_->index(std::min(anchor_row_, row)), model_->index(std::max(anchor_row_, row))),
                      modifiers & Qt::ControlModifier ? QItemSelectionModel::Select : QItemSelectionModel::ClearAndSelect);
  } else {
    selection->select(index, modifiers & Qt::ControlModifier ? QItemSelectionModel::Toggle : QItemSelectionModel::ClearAndSelect);
    anchor_row_ = row;
  }
  selection->setCurrentIndex(index, QItemSelectionModel::NoUpdate);
  setFocus();
}

void WatchListView::lockSelected() {
  for (int r : model_->selectedRows()) model_->setLocked(r, true);
}

void WatchListView::unlockSelected() {
  for (int r : model_->selectedRows()) model_->setLocked(r, false);
}

void WatchListView::removeSelected() { model_->removeSelected(); }

void WatchListView::keyPressEvent(QKeyEvent* event) {
  if (event->key() == Qt::Key_Delete || event->key() == Qt::Key_Backspace) {
    removeSelected();
    event->accept();
    return;
  }
  if (event->matches(QKeySequence::SelectAll)) {
    model_->selection()->select(QItemSelection(model_->index(0), model_->index(model_->count() - 1)),
                                QItemSelectionModel::ClearAndSelect);
    event->accept();
    return;
  }
  QWidget::keyPressEvent(event);
}

}  // namespace dendrite
