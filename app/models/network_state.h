// network_state.h — what the network view draws, kept current on the GUI thread: the installed
// network's structure (NetworkStructure, built on a background thread when the network changes),
// the current sample's value of every neuron, and a recent copy of every weight and bias.
//
// Neuron values come with the session's snapshots (at most ~30 a second) while the state is
// active. Weights cannot ride on every snapshot (W3 has two million of them), so they are
// requested with TrainingSession::requestParameters(): while training at most every
// parameterInterval() ms, one request in flight at a time; while idle whenever the run moved on
// (steps, reset, new network) or after markParametersStale() (an edit).
//
//   NetworkState state(session, summary);
//   state.setActive(true);                  // the view is shown: ask for values and weights
//   connect(&state, &NetworkState::valuesChanged, view, …);   state.values()[neuron]
//   connect(&state, &NetworkState::parametersChanged, view, …); state.weights()[connection]
#pragma once

#include <QElapsedTimer>
#include <QFutureWatcher>
#include <QObject>

#include <memory>
#include <vector>

#include "app/models/network_structure.h"
#include "core/training_worker.h"

namespace dendrite {

class NetworkSummary;
class TrainingSession;

class NetworkState : public QObject {
  Q_OBJECT

 public:
  NetworkState(TrainingSession* session, NetworkSummary* summary, QObject* parent = nullptr);
  ~NetworkState() override;

  // Null until the first network's structure is built (or when it cannot be drawn).
  std::shared_ptr<const NetworkStructure> structure() const { return structure_; }
  // Why there is no structure ("" when there is one or no network).
  QString problem() const { return problem_; }

  // [neuron] of the current sample; empty until a snapshot brought them.
  const std::vector<float>& values() const { return values_; }
  // [connection] / [neuron]; empty until the first copy arrived.
  const std::vector<float>& weights() const;
  const std::vector<float>& biases() const;
  // The copy they come from (shared, so background work can keep reading it); null before one.
  std::shared_ptr<const ParameterCopy> parameters() const { return parameters_; }
  // Steps done when the parameter copy was taken.
  qint64 parameterSteps() const { return parameters_ ? static_cast<qint64>(parameters_->steps) : -1; }

  bool active() const { return active_; }
  void setActive(bool active);
  int parameterInterval() const { return parameter_interval_ms_; }
  void setParameterInterval(int milliseconds) { parameter_interval_ms_ = milliseconds; }
  // The parameters changed outside training (an edit): fetch a fresh copy.
  void markParametersStale();

  // Blocks until a structure build in progress is done (tests, exit).
  void waitForStructure();

  // For tests and the benchmark: use this structure and these values directly.
  void setStructureForTesting(std::shared_ptr<const NetworkStructure> structure);
  void setValuesForTesting(std::vector<float> values);
  void setParametersForTesting(std::vector<float> weights, std::vector<float> biases);

 signals:
  void structureChanged();
  void valuesChanged();
  void parametersChanged();

 private:
  void rebuild_structure();
  void on_snapshot();
  void on_parameters(std::uint64_t tag, std::shared_ptr<const ParameterCopy> copy);
  void maybe_request_parameters();

  TrainingSession* session_;
  NetworkSummary* summary_;
  std::shared_ptr<const NetworkStructure> structure_;
  QString problem_;
  struct Built {
    std::shared_ptr<const NetworkStructure> structure;
    QString problem;
  };
  void apply_build(const Built& built);
  QFutureWatcher<Built>* build_ = nullptr;  // the build in flight, or null
  std::vector<float> values_;   // [neuron]
  std::shared_ptr<const ParameterCopy> parameters_;  // weights [connection], biases [neuron]
  std::uint64_t parameter_generation_ = 0;
  bool active_ = false;
  bool stale_ = true;
  std::uint64_t request_tag_ = 0;  // the request in flight (0: none)
  QElapsedTimer since_copy_;
  int parameter_interval_ms_ = 250;
};

}  // namespace dendrite
