// watch_list_view.h — the watch-list editor beside the network view: a card per item
// (watch_item_editor.h) in a scrolling column, and a bar with Undo, Redo, Lock and Remove for the
// selected items. Clicking a card selects it in the shared selection model (Ctrl: toggle,
// Shift: range), so the network view outlines the same items; Delete removes the selection.
#pragma once

#include <QWidget>

#include <vector>

class QLabel;
class QScrollArea;
class QToolButton;
class QVBoxLayout;

namespace dendrite {

class WatchItemEditor;
class WatchListModel;

class WatchListView : public QWidget {
  Q_OBJECT

 public:
  explicit WatchListView(WatchListModel* model, QWidget* parent = nullptr);

  WatchListModel* model() const { return model_; }
  int editorCount() const { return static_cast<int>(editors_.size()); }
  WatchItemEditor* editor(int row) const { return editors_[static_cast<std::size_t>(row)]; }
  QToolButton* undoButton() const { return undo_; }
  QToolButton* redoButton() const { return redo_; }

 public slots:
  void lockSelected();
  void unlockSelected();
  void removeSelected();

 protected:
  void keyPressEvent(QKeyEvent* event) override;

 private:
  void rebuild();
  void refresh_rows(int first, int last);
  void update_selection();
  void on_card_clicked(int row, Qt::KeyboardModifiers modifiers);

  WatchListModel* model_;
  QLabel* count_;
  QLabel* empty_;
  QToolButton* undo_;
  QToolButton* redo_;
  QToolButton* lock_;
  QToolButton* unlock_;
  QToolButton* remove_;
  QScrollArea* scroll_;
  QVBoxLayout* column_;
  std::vector<WatchItemEditor*> editors_;
  int anchor_row_ = -1;  // for Shift-click ranges
};

}  // namespace dendrite
