// run_comparison.h — a previous run's loss curve, read from the CSV that `dendrite-cli train`
// (loss.csv: step,train_loss,validation_loss) or `dendrite-cli sweep` (runs/*.csv: …,test_loss)
// wrote, for the error chart to draw behind the current run ("File ▸ Compare with Run…").
//
//   auto run = RunComparison::read("out/leakage/runs/leakage-0_seed1.csv");
//   if (!run.ok) show(run.error);          // names the file, the line and the column
//   run.average(buckets)                   // training loss: one mean per step bucket
//
// Columns are found by their header names, so later columns may be added to either file. Empty
// cells are "not measured at this step"; a row with step 0 holds measurements before training.
#pragma once

#include <QList>
#include <QPointF>
#include <QString>

namespace dendrite {

struct RunComparison {
  bool ok = false;
  QString error;               // why the file could not be read ("file:line: …")
  QString name;                // the file's base name, for the legend
  QList<QPointF> train;        // (step, training loss), step order, finite values only
  QList<QPointF> validation;   // (step, validation loss)
  QList<QPointF> test;         // (step, test MSE); sweep CSVs with --test only

  static RunComparison read(const QString& path);
  // Parses CSV text; `source` names it in errors.
  static RunComparison parse(const QString& text, const QString& source);

  double last_step() const;
  // The training loss as at most `buckets` points: the mean of each equal run of steps, at the
  // bucket's centre (a comparison is a reference line, so spikes need not survive).
  QList<QPointF> average(int buckets) const;
};

}  // namespace dendrite
