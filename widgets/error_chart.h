// error_chart.h — the error graph (Qt Charts): every step's training loss, its moving average,
// the validation loss, and a dashed marker at the end of each full pass (of every 2nd, 5th, 10th,
// … where passes are dense: passMarkerStride()); linear or log scale.
// setComparison() draws a previous run's curves (app/models/run_comparison.h) behind them, grey,
// on the same axes, until clearComparison().
//
// It draws from a LossHistory, decimated to about two points per pixel column, so a run of a
// million steps redraws as fast as one of a thousand. Redraws are coalesced to the display rate:
// however often the history changes, the chart rebuilds its series at most ~30 times a second.
#pragma once

#include <QWidget>

class QCheckBox;
class QLabel;
class QTimer;
class QChart;
class QChartView;
class QLineSeries;
class QScatterSeries;
class QAbstractAxis;

#include "app/models/run_comparison.h"

namespace dendrite {

class LossHistory;

// The full-pass markers' stride: the smallest of 1, 2, 5, 10, 20, 50, … passes that puts markers
// at least `min_gap_pixels` apart when a pass spans `pixels_per_pass`.
int pass_marker_stride(double pixels_per_pass, double min_gap_pixels);

class ErrorChart : public QWidget {
  Q_OBJECT

 public:
  explicit ErrorChart(LossHistory* history, QWidget* parent = nullptr);

  bool logScale() const { return log_scale_; }
  // For tests and the stall probe: points in the training-loss series and redraws so far.
  int pointsDrawn() const;
  int averagePointsDrawn() const;
  int validationPointsDrawn() const;
  int comparisonPointsDrawn() const;
  bool hasComparison() const { return comparison_.ok; }
  qint64 redrawCount() const { return redraws_; }
  QChartView* chartView() const { return view_; }
  // Every passMarkerStride()-th full pass is marked (1: every pass), so the markers stay at least
  // kPassMarkerGap pixels apart; the legend says when not every pass is shown.
  int passMarkerStride() const { return pass_stride_; }
  static constexpr double kPassMarkerGap = 20.0;

 public slots:
  void setLogScale(bool on);
  // Draws `run` (ok() runs only) behind the current run; replaces an earlier comparison.
  void setComparison(const RunComparison& run);
  void clearComparison();
  // Rebuilds the series now (normally called by the coalescing timer).
  void redraw();

 signals:
  void logScaleChanged(bool on);

 private:
  void schedule();
  void install_y_axis();
  void update_pass_stride();

  LossHistory* history_;
  QChart* chart_;
  QChartView* view_;
  QLineSeries* raw_;
  QLineSeries* average_;
  QLineSeries* validation_;
  QScatterSeries* validation_points_;
  QLineSeries* pass_legend_;
  QLineSeries* comparison_train_;       // the previous run's training loss (bucket means)
  QLineSeries* comparison_held_out_;    // its test MSE, or its validation loss without one
  RunComparison comparison_;  // empty: only shows the pass marker in the legend
  QAbstractAxis* x_axis_ = nullptr;
  QAbstractAxis* y_axis_ = nullptr;
  QCheckBox* log_toggle_;
  QLabel* summary_;
  QTimer* timer_;
  bool log_scale_ = true;
  int pass_stride_ = 1;
  qint64 redraws_ = 0;
};

}  // namespace dendrite
