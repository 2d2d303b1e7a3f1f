#include "widgets/error_chart.h"

#include <QCheckBox>
#include <QChart>
#include <QChartView>
#include <QHBoxLayout>
#include <QLabel>
#include <QLegendMarker>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QScatterSeries>
#include <QTimer>
#include <QValueAxis>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

#include "app/models/loss_history.h"

namespace dendrite {
namespace {

const QColor kRawColor(0x9e, 0xc5, 0xfe);
const QColor kAverageColor(0x1f, 0x5f, 0xbf);
const QColor kValidationColor(0xe8, 0x71, 0x0a);
const QColor kPassColor(0x80, 0x80, 0x80);
const QColor kComparisonColor(0x8c, 0x8c, 0x8c);
const QColor kComparisonHeldOutColor(0x2b, 0x2b, 0x2b);

// Draws the full-pass markers over the plot: vertical dashed lines at the steps where every
// stride-th pass ended (ErrorChart::update_pass_stride sets it).
class PassMarkedChartView : public QChartView {
 public:
  PassMarkedChartView(QChart* chart, LossHistory* history, QLineSeries* reference)
      : QChartView(chart), history_(history), reference_(reference) {}

  void setStride(int stride) {
    stride_ = static_cast<std::size_t>(std::max(1, stride));
    viewport()->update();
  }

 protected:
  void drawForeground(QPainter* painter, const QRectF& rect) override {
    QChartView::drawForeground(painter, rect);
    const auto& ends = history_->full_pass_ends();
    if (ends.empty() || history_->count() == 0) return;
    const QRectF plot = chart()->plotArea();
    const QPointF left = chart()->mapToValue(plot.topLeft(), reference_);
    const QPointF right = chart()->mapToValue(plot.topRight(), reference_);
    painter->save();
    painter->setClipRect(plot);
    QPen pen(kPassColor, 1, Qt::DashLine);
    pen.setCosmetic(true);
    painter->setPen(pen);
    for (std::size_t pass = stride_; pass <= ends.size(); pass += stride_) {
      const double x = static_cast<double>(ends[pass - 1]);
      if (x < left.x() || x > right.x()) continue;
      const double px = chart()->mapToPosition(QPointF(x, left.y()), reference_).x();
      painter->drawLine(QPointF(px, plot.top()), QPointF(px, plot.bottom()));
    }
    painter->restore();
  }

 private:
  LossHistory* history_;
  QLineSeries* reference_;
  std::size_t stride_ = 1;
};

}  // namespace

ErrorChart::ErrorChart(LossHistory* history, QWidget* parent)
    : QWidget(parent), history_(history), chart_(new QChart) {
  chart_->setAnimationOptions(QChart::NoAnimation);
  chart_->setMargins(QMargins(4, 4, 8, 4));
  chart_->setBackgroundRoundness(0);
  chart_->legend()->setAlignment(Qt::AlignTop);

  raw_ = new QLineSeries;
  raw_->setName(tr("training loss (each step)"));
  raw_->setPen(QPen(kRawColor, 1));
  average_ = new QLineSeries;
  average_->setPen(QPen(kAverageColor, 2.2));
  validation_ = new QLineSeries;
  validation_->setName(tr("validation loss"));
  validation_->setPen(QPen(kValidationColor, 2));
  validation_points_ = new QScatterSeries;
  validation_points_->setMarkerSize(7);
  validation_points_->setColor(kValidationColor);
  validation_points_->setBorderColor(kValidationColor);
  pass_legend_ = new QLineSeries;
  pass_legend_->setName(tr("end of a full pass"));
  pass_legend_->setPen(QPen(kPassColor, 1, Qt::DashLine));
  // Added first, so the current run draws on top of the comparison.
  comparison_train_ = new QLineSeries;
  comparison_train_->setPen(QPen(kComparisonColor, 1.8));
  comparison_held_out_ = new QLineSeries;
  comparison_held_out_->setPen(QPen(kComparisonHeldOutColor, 2, Qt::DashLine));
  chart_->addSeries(comparison_train_);
  chart_->addSeries(comparison_held_out_);
  for (QAbstractSeries* s : {static_cast<QAbstractSeries*>(raw_), static_cast<QAbstractSeries*>(average_),
                             static_cast<QAbstractSeries*>(validation_), static_cast<QAbstractSeries*>(validation_points_),
                             static_cast<QAbstractSeries*>(pass_legend_)})
    chart_->addSeries(s);
  chart_->legend()->markers(validation_points_).first()->setVisible(false);
  for (QLineSeries* s : {comparison_train_, comparison_held_out_}) chart_->legend()->markers(s).first()->setVisible(false);

  auto* x = new QValueAxis;
  x->setTitleText(tr("step (mini-batch)"));
  x->setLabelFormat("%d");
  x->setRange(0, 10);
  chart_->addAxis(x, Qt::AlignBottom);
  for (QAbstractSeries* s : chart_->series()) s->attachAxis(x);
  x_axis_ = x;
  install_y_axis();

  view_ = new PassMarkedChartView(chart_, history_, raw_);
  view_->setRenderHint(QPainter::Antialiasing, true);
  view_->setMinimumSize(320, 200);

  log_toggle_ = new QCheckBox(tr("&Logarithmic scale"));
  log_toggle_->setChecked(log_scale_);
  connect(log_toggle_, &QCheckBox::toggled, this, &ErrorChart::setLogScale);
  summary_ = new QLabel;
  summary_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  auto* bar = new QHBoxLayout;
  bar->setContentsMargins(8, 4, 8, 0);
  bar->addWidget(summary_, 1);
  bar->addWidget(log_toggle_);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->setSpacing(0);
  layout->addLayout(bar);
  layout->addWidget(view_, 1);

  timer_ = new QTimer(this);
  timer_->setSingleShot(true);
  timer_->setInterval(33);
  connect(timer_, &QTimer::timeout, this, &ErrorChart::redraw);
  connect(history_, &LossHistory::changed, this, &ErrorChart::schedule);
  connect(history_, &LossHistory::averageWindowChanged, this, &ErrorChart::schedule);
  connect(chart_, &QChart::plotAreaChanged, this, &ErrorChart::update_pass_stride);
  redraw();
}

void ErrorChart::schedule() {
  if (!timer_->isActive()) timer_->start();
}

void ErrorChart::install_y_axis() {
  if (y_axis_ != nullptr) {
    for (QAbstractSeries* s : chart_->series()) s->detachAxis(y_axis_);
    chart_->removeAxis(y_axis_);
    delete y_axis_;
  }
  if (log_scale_) {
    auto* y = new QLogValueAxis;
    y->setBase(10);
    y->setLabelFormat("%g");
    y->setMinorTickCount(8);
    y_axis_ = y;
  } else {
    auto* y = new QValueAxis;
    y->setLabelFormat("%.3g");
    y_axis_ = y;
  }
  y_axis_->setTitleText(tr("loss (mean squared error)"));
  chart_->addAxis(y_axis_, Qt::AlignLeft);
  for (QAbstractSeries* s : chart_->series()) s->attachAxis(y_axis_);
}

void ErrorChart::setLogScale(bool on) {
  if (on == log_scale_) return;
  log_scale_ = on;
  log_toggle_->setChecked(on);
  install_y_axis();
  redraw();
  emit logScaleChanged(on);
}

int pass_marker_stride(double pixels_per_pass, double min_gap_pixels) {
  // 1, 2, 5, 10, 20, 50, …: a marker at every 10th pass reads as such; a gap-driven pick would
  // mark passes at uneven counts.
  for (int magnitude = 1; magnitude <= 100'000'000; magnitude *= 10)
    for (int k : {magnitude, 2 * magnitude, 5 * magnitude})
      if (k * pixels_per_pass >= min_gap_pixels) return k;
  return 1'000'000'000;
}

void ErrorChart::update_pass_stride() {
  const auto& ends = history_->full_pass_ends();
  int stride = 1;
  if (!ends.empty()) {
    const auto* x = static_cast<const QValueAxis*>(x_axis_);
    const double steps_per_pass = static_cast<double>(ends.back()) / static_cast<double>(ends.size());
    const double pixels_per_step = std::max(1.0, chart_->plotArea().width()) / std::max(1.0, x->max() - x->min());
    stride = pass_marker_stride(steps_per_pass * pixels_per_step, kPassMarkerGap);
  }
  if (stride == pass_stride_) return;
  pass_stride_ = stride;
  static_cast<PassMarkedChartView*>(view_)->setStride(stride);  // the view made in the constructor
  pass_legend_->setName(stride == 1 ? tr("end of a full pass") : tr("end of a full pass (1 in %L1 shown)").arg(stride));
}

int ErrorChart::pointsDrawn() const { return static_cast<int>(raw_->count()); }
int ErrorChart::averagePointsDrawn() const { return static_cast<int>(average_->count()); }
int ErrorChart::validationPointsDrawn() const { return static_cast<int>(validation_->count()); }
int ErrorChart::comparisonPointsDrawn() const {
  return static_cast<int>(comparison_train_->count() + comparison_held_out_->count());
}

void ErrorChart::setComparison(const RunComparison& run) {
  if (!run.ok) return;
  comparison_ = run;
  const bool has_test = !run.test.isEmpty();
  // Short legend entries (the legend truncates): the file's name is in the summary line.
  comparison_train_->setName(tr("earlier run: training loss"));
  comparison_held_out_->setName(has_test ? tr("earlier run: test MSE") : tr("earlier run: validation loss"));
  chart_->legend()->markers(comparison_train_).first()->setVisible(!run.train.isEmpty());
  chart_->legend()->markers(comparison_held_out_).first()->setVisible(has_test || !run.validation.isEmpty());
  redraw();
}

void ErrorChart::clearComparison() {
  comparison_ = RunComparison{};
  for (QLineSeries* s : {comparison_train_, comparison_held_out_}) {
    s->clear();
    chart_->legend()->markers(s).first()->setVisible(false);
  }
  redraw();
}

void ErrorChart::redraw() {
  ++redraws_;
  const int buckets = std::max(50, static_cast<int>(chart_->plotArea().width()));
  const std::uint64_t last = static_cast<std::uint64_t>(std::max<qint64>(1, history_->count()));
  LossHistory::Decimated d = history_->decimate(1, last, buckets);
  QList<QPointF> validation;
  for (const QPointF& p : history_->validation()) validation.append(p);
  // The comparison's points join the y range (and its last step the x range).
  // A reference line, not a spike detector: ~4 px per bucket keeps it calm behind the current run.
  QList<QPointF> comparison_train = comparison_.average(std::max(25, buckets / 4));
  QList<QPointF> comparison_held_out = comparison_.test.isEmpty() ? comparison_.validation : comparison_.test;
  for (const QList<QPointF>* list : {&comparison_train, &comparison_held_out})
    for (const QPointF& p : *list) {
      if (d.empty) d.min = d.max = p.y();
      d.empty = false;
      d.min = std::min(d.min, p.y());
      d.max = std::max(d.max, p.y());
      if (p.y() > 0 && (d.min_positive <= 0 || p.y() < d.min_positive)) d.min_positive = p.y();
    }
  if (log_scale_) {
    // A log axis cannot show 0: clamp to the smallest positive loss.
    const double floor = d.min_positive > 0 ? d.min_positive : 1e-12;
    for (QList<QPointF>* list : {&d.envelope, &d.average, &validation, &comparison_train, &comparison_held_out})
      for (QPointF& p : *list) p.setY(std::max(p.y(), floor));
  }
  comparison_train_->replace(comparison_train);
  comparison_held_out_->replace(comparison_held_out);
  raw_->replace(d.envelope);
  average_->replace(d.average);
  validation_->replace(validation);
  validation_points_->replace(validation);
  average_->setName(tr("moving average (%1 steps)").arg(history_->averageWindow()));

  // The x axis ends at the newest step (no empty stretch), with ticks at round step numbers.
  auto* x = static_cast<QValueAxis*>(x_axis_);
  const double span = std::max({10.0, static_cast<double>(history_->count()), comparison_.last_step()});
  const double raw_tick = span / 6.0;
  const double magnitude = std::pow(10.0, std::floor(std::log10(raw_tick)));
  const double tick = raw_tick / magnitude < 2 ? 2 * magnitude : raw_tick / magnitude < 5 ? 5 * magnitude : 10 * magnitude;
  x->setTickType(QValueAxis::TicksDynamic);
  x->setTickAnchor(0);
  x->setTickInterval(tick);
  x->setRange(0, span);
  update_pass_stride();
  if (d.empty) {
    if (log_scale_) static_cast<QLogValueAxis*>(y_axis_)->setRange(1e-3, 1);
    else static_cast<QValueAxis*>(y_axis_)->setRange(0, 1);
    summary_->setText(tr("No steps yet — press Start."));
    return;
  }
  if (log_scale_) {
    const double lo = std::pow(10.0, std::floor(std::log10(d.min_positive > 0 ? d.min_positive : 1e-12)));
    const double hi = std::pow(10.0, std::ceil(std::log10(std::max(d.max, lo * 10))));
    static_cast<QLogValueAxis*>(y_axis_)->setRange(lo * 0.999, hi * 1.001);  // keep the end labels
  } else {
    static_cast<QValueAxis*>(y_axis_)->setRange(std::min(0.0, d.min), d.max * 1.05 + 1e-12);
  }
  const qint64 steps = history_->count();
  const double recent = history_->moving_average(static_cast<std::uint64_t>(steps),
                                                 static_cast<std::uint64_t>(history_->averageWindow()));
  QString text = tr("%L1 steps · last %2 steps: %3").arg(steps).arg(std::min<qint64>(steps, history_->averageWindow()))
                     .arg(std::isfinite(recent) ? QString::number(recent, 'g', 4) : QStringLiteral("–"));
  if (!history_->validation().empty())
    text += tr(" · validation: %1").arg(QString::number(history_->validation().back().y(), 'g', 4));
  if (comparison_.ok) text += tr(" · compared with %1").arg(comparison_.name);
  summary_->setText(text);
}

}  // namespace dendrite
