#include "app/models/run_comparison.h"

#include <QFile>
#include <QFileInfo>
#include <QStringList>

#include <algorithm>
#include <cmath>

namespace dendrite {

RunComparison RunComparison::read(const QString& path) {
  QFile file(path);
  if (!file.open(QIODevice::ReadOnly)) {
    RunComparison r;
    r.error = QStringLiteral("%1: %2").arg(path, file.errorString());
    return r;
  }
  RunComparison r = parse(QString::fromUtf8(file.readAll()), path);
  r.name = QFileInfo(path).completeBaseName();
  return r;
}

RunComparison RunComparison::parse(const QString& text, const QString& source) {
  RunComparison r;
  const QStringList lines = text.split('\n');
  auto fail = [&](int line, const QString& why) {
    r.error = QStringLiteral("%1:%2: %3").arg(source).arg(line).arg(why);
    r.train.clear();
    r.validation.clear();
    r.test.clear();
    return r;
  };
  if (lines.isEmpty() || lines.first().trimmed().isEmpty()) return fail(1, QStringLiteral("empty file, expected a header such as step,train_loss,validation_loss"));
  const QStringList header = lines.first().trimmed().split(',');
  const int step_col = header.indexOf(QStringLiteral("step"));
  const int train_col = header.indexOf(QStringLiteral("train_loss"));
  const int validation_col = header.indexOf(QStringLiteral("validation_loss"));
  const int test_col = header.indexOf(QStringLiteral("test_loss"));
  if (step_col < 0 || train_col < 0)
    return fail(1, QStringLiteral("header '%1' has no 'step' and 'train_loss' columns (is this a loss CSV of "
                                  "dendrite-cli train or sweep?)").arg(lines.first().trimmed()));
  double previous = -1;
  for (int i = 1; i < lines.size(); ++i) {
    const QString line = lines[i].trimmed();
    if (line.isEmpty()) continue;
    const QStringList cells = line.split(',');
    if (cells.size() != header.size())
      return fail(i + 1, QStringLiteral("%1 cells, the header has %2").arg(cells.size()).arg(header.size()));
    bool ok = false;
    const double step = cells[step_col].toDouble(&ok);
    if (!ok || step < 0 || step != std::floor(step))
      return fail(i + 1, QStringLiteral("column 'step': '%1' is not a step number").arg(cells[step_col]));
    if (step <= previous) return fail(i + 1, QStringLiteral("column 'step': %1 does not follow %2").arg(step).arg(previous));
    previous = step;
    auto take = [&](int col, QList<QPointF>& into) -> bool {
      if (col < 0 || cells[col].isEmpty()) return true;
      bool number = false;
      const double v = cells[col].toDouble(&number);
      // "nan"/"inf" (a diverged step) parse as numbers: kept out of the curve, like the chart does.
      if (!number) return false;
      if (std::isfinite(v)) into.append(QPointF(step, v));
      return true;
    };
    for (const auto& [col, list] : {std::pair<int, QList<QPointF>*>{train_col, &r.train},
                                    {validation_col, &r.validation}, {test_col, &r.test}})
      if (!take(col, *list))
        return fail(i + 1, QStringLiteral("column '%1': '%2' is not a number").arg(header[col], cells[col]));
  }
  if (r.train.isEmpty() && r.validation.isEmpty() && r.test.isEmpty())
    return fail(lines.size(), QStringLiteral("no losses in the file"));
  r.ok = true;
  return r;
}

double RunComparison::last_step() const {
  double last = 0;
  for (const QList<QPointF>* list : {&train, &validation, &test})
    if (!list->isEmpty()) last = std::max(last, list->back().x());
  return last;
}

QList<QPointF> RunComparison::average(int buckets) const {
  QList<QPointF> out;
  if (train.isEmpty() || buckets < 1) return out;
  const qsizetype per = std::max<qsizetype>(1, (train.size() + buckets - 1) / buckets);
  for (qsizetype start = 0; start < train.size(); start += per) {
    const qsizetype end = std::min(train.size(), start + per);
    double sum = 0;
    for (qsizetype i = start; i < end; ++i) sum += train[i].y();
    out.append(QPointF((train[start].x() + train[end - 1].x()) / 2, sum / static_cast<double>(end - start)));
  }
  return out;
}

}  // namespace dendrite
