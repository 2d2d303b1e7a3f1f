// watch_item_editor.h — one watch-list item as a card: what it is (layer, x, y, channel; or
// source → target), its live value and (for neurons) activation, a slider and a text field to
// change the value, a lock, a remove button, and a sparkline of the value while training.
//
// It reads and writes through the WatchListModel only: a slider drag is one undo step
// (WatchListModel::newMergeGroup()), Enter in the text field is one. Values arriving from
// training never overwrite a text field being typed in, nor move a slider being dragged.
#pragma once

#include <QFrame>
#include <QPersistentModelIndex>

class QLabel;
class QLineEdit;
class QSlider;
class QToolButton;

namespace dendrite {

class Sparkline;
class WatchListModel;

class WatchItemEditor : public QFrame {
  Q_OBJECT

 public:
  static constexpr int kSliderSteps = 2000;

  WatchItemEditor(WatchListModel* model, int initial_row, QWidget* parent = nullptr);

  int row() const { return index_.row(); }
  void refresh();
  void setSelected(bool selected);
  bool selected() const { return selected_; }

  QSlider* slider() const { return slider_; }
  QLineEdit* valueEdit() const { return value_; }
  QToolButton* lockButton() const { return lock_; }
  QToolButton* removeButton() const { return remove_; }
  Sparkline* sparkline() const { return history_; }
  QLabel* activationLabel() const { return activation_; }

 signals:
  // The card was clicked (not on a control): select it, with these modifiers.
  void clicked(int row, Qt::KeyboardModifiers modifiers);

 protected:
  void mousePressEvent(QMouseEvent* event) override;
  void paintEvent(QPaintEvent* event) override;

 private:
  double slider_value(int position) const;
  int slider_position(double value) const;
  void commit_text();

  WatchListModel* model_;
  QPersistentModelIndex index_;
  QLabel* title_;
  QLabel* detail_;
  QLineEdit* value_;
  QSlider* slider_;
  QLabel* activation_;
  QToolButton* lock_;
  QToolButton* remove_;
  Sparkline* history_;
  double minimum_ = -1, maximum_ = 1;
  int drag_group_ = 0;
  bool selected_ = false;
};

}  // namespace dendrite
