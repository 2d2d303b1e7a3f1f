// sparkline.h — a small line chart of recent values (a watch-list item's value while training),
// with its last value marked and the range printed at the left edge.
#pragma once

#include <QList>
#include <QWidget>

namespace dendrite {

class Sparkline : public QWidget {
  Q_OBJECT

 public:
  explicit Sparkline(QWidget* parent = nullptr);

  void setValues(QList<float> values);
  const QList<float>& values() const { return values_; }
  QSize sizeHint() const override { return {160, 34}; }

 protected:
  void paintEvent(QPaintEvent* event) override;

 private:
  QList<float> values_;
};

}  // namespace dendrite
