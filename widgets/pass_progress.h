// pass_progress.h — status-bar progress of the current full pass: a bar ("pass 4 · 37 %") and the
// estimated time to the end of the pass at the current samples/s.
#pragma once

#include <QWidget>

class QLabel;
class QProgressBar;

namespace dendrite {

class TrainingSession;

class PassProgress : public QWidget {
  Q_OBJECT

 public:
  explicit PassProgress(TrainingSession* session, QWidget* parent = nullptr);

  QProgressBar* bar() const { return bar_; }
  QString etaText() const;

 private:
  void refresh();

  TrainingSession* session_;
  QProgressBar* bar_;
  QLabel* eta_;
};

// "0:42", "1:02:03", or "–" for an unknown duration.
QString format_eta(double seconds);

}  // namespace dendrite
