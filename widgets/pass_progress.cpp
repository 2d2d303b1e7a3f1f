#include "widgets/pass_progress.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>

#include <cmath>

#include "app/models/training_session.h"

namespace dendrite {

QString format_eta(double seconds) {
  if (!(seconds >= 0) || seconds > 1e7) return QStringLiteral("–");
  const qint64 s = static_cast<qint64>(std::llround(seconds));
  if (s >= 3600)
    return QStringLiteral("%1:%2:%3").arg(s / 3600).arg((s / 60) % 60, 2, 10, QLatin1Char('0')).arg(s % 60, 2, 10, QLatin1Char('0'));
  return QStringLiteral("%1:%2").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
}

PassProgress::PassProgress(TrainingSession* session, QWidget* parent) : QWidget(parent), session_(session) {
  bar_ = new QProgressBar;
  bar_->setRange(0, 1000);
  bar_->setFixedWidth(190);
  bar_->setTextVisible(true);
  eta_ = new QLabel;
  eta_->setMinimumWidth(90);
  setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Fixed);
  auto* layout = new QHBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(bar_);
  layout->addWidget(eta_);
  connect(session_, &TrainingSession::progressChanged, this, &PassProgress::refresh);
  connect(session_, &TrainingSession::timingsChanged, this, &PassProgress::refresh);
  connect(session_, &TrainingSession::runningChanged, this, &PassProgress::refresh);
  connect(session_, &TrainingSession::statusChanged, this, &PassProgress::refresh);
  refresh();
}

QString PassProgress::etaText() const { return eta_->text(); }

void PassProgress::refresh() {
  const double fraction = session_->passProgress();
  bar_->setValue(static_cast<int>(std::lround(fraction * 1000)));
  bar_->setFormat(tr("pass %1 · %2 %").arg(session_->fullPasses() + 1).arg(static_cast<int>(fraction * 100)));
  bar_->setEnabled(session_->ready());
  eta_->setText(session_->running() ? tr("ETA %1").arg(format_eta(session_->etaSeconds())) : QString());
  eta_->setToolTip(tr("Time left in this full pass at the current speed"));
}

}  // namespace dendrite
