// loss_history.h — every step's training loss, the validation losses and the full-pass ends of a
// run, with a decimated view for the error chart.
//
// Steps are 1-based (the loss of step s is loss(s)). A run of a million steps must still draw in
// a millisecond or two, so besides the losses the history keeps, per block of kBlock steps, the
// smallest and largest finite loss (and where they occur), and prefix sums for the moving average.
// decimate() turns any step range into at most ~2 points per bucket (a pixel column): the min and
// the max of the bucket in the order they occur, so spikes stay visible, plus the moving average
// at the bucket's end. Non-finite losses (a diverged step) are kept in the count but never drawn.
//
//   history.append(first_step, losses);          // from the worker's events, on the GUI thread
//   auto d = history.decimate(1, history.count(), plot_width_px);
//   series->replace(d.envelope);
#pragma once

#include <QList>
#include <QObject>
#include <QPointF>

#include <cstdint>
#include <vector>

namespace dendrite {

class LossHistory : public QObject {
  Q_OBJECT
  Q_PROPERTY(qint64 count READ count NOTIFY changed)
  Q_PROPERTY(int averageWindow READ averageWindow WRITE setAverageWindow NOTIFY averageWindowChanged)

 public:
  static constexpr std::uint64_t kBlock = 256;

  explicit LossHistory(QObject* parent = nullptr);

  qint64 count() const { return static_cast<qint64>(losses_.size()); }
  float loss(std::uint64_t step) const { return losses_[step - 1]; }
  const std::vector<QPointF>& validation() const { return validation_; }       // (step, loss)
  const std::vector<std::uint64_t>& full_pass_ends() const { return pass_ends_; }
  int averageWindow() const { return average_window_; }
  void setAverageWindow(int steps);

  // Mean of the finite losses of the `window` steps ending at `step` (NaN when there are none).
  double moving_average(std::uint64_t step, std::uint64_t window) const;
  // Mean over a window of steps centred on `step`, at most `window` wide: narrowed symmetrically
  // near the first step, cut off at the last. The chart draws this one: a trailing mean lags
  // behind a loss that falls quickly.
  double centered_average(std::uint64_t step, std::uint64_t window) const;

  struct Decimated {
    QList<QPointF> envelope;  // (step, loss): each bucket's min and max, in step order
    QList<QPointF> average;   // (step, centred moving average) at each bucket's centre
    double min = 0, max = 0;  // over the finite losses drawn
    double min_positive = 0;  // smallest loss > 0 drawn (for a log axis); 0 when none
    bool empty = true;
  };
  // The losses of steps [first, last] in at most `buckets` buckets (clamped to the history).
  Decimated decimate(std::uint64_t first, std::uint64_t last, int buckets) const;

  // Appends losses for steps first_step, first_step+1, …; a gap is filled with NaN (not drawn),
  // an overlap with steps already present replaces them from first_step on.
  void append(std::uint64_t first_step, const std::vector<float>& losses);
  void add_validation(std::uint64_t step, double loss);
  void add_full_pass_end(std::uint64_t step);
  // Announces the appends since the last call (one signal per batch of worker events).
  void notify_changed() { emit changed(); }

 public slots:
  void clear();

 signals:
  void changed();
  void cleared();
  void averageWindowChanged();

 private:
  struct Block {
    float min, max;
    std::uint32_t min_at, max_at;  // offsets inside the block
    bool any = false;              // holds a finite loss
  };
  void truncate(std::uint64_t steps);
  void push(float loss);

  std::vector<float> losses_;           // [step - 1]
  std::vector<double> prefix_sum_;      // [i] = Σ finite losses of steps 1..i (size count+1)
  std::vector<std::uint32_t> prefix_n_; // [i] = number of finite losses among steps 1..i
  std::vector<Block> blocks_;           // [step / kBlock]
  std::vector<QPointF> validation_;
  std::vector<std::uint64_t> pass_ends_;
  int average_window_ = 100;
};

}  // namespace dendrite
