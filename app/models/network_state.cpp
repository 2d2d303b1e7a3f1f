#include "app/models/network_state.h"

#include <QtConcurrent/QtConcurrentRun>

#include "app/models/network_summary.h"
#include "app/models/training_session.h"

namespace dendrite {

NetworkState::NetworkState(TrainingSession* session, NetworkSummary* summary, QObject* parent)
    : QObject(parent), session_(session), summary_(summary) {
  if (summary_) connect(summary_, &NetworkSummary::changed, this, &NetworkState::rebuild_structure);
  if (session_) {
    connect(session_, &TrainingSession::updated, this, &NetworkState::on_snapshot);
    connect(session_, &TrainingSession::parametersReady, this, &NetworkState::on_parameters);
  }
  since_copy_.start();
  if (summary_ && summary_->valid()) rebuild_structure();
}

NetworkState::~NetworkState() {
  if (build_) build_->waitForFinished();
}

void NetworkState::setActive(bool active) {
  if (active == active_) return;
  active_ = active;
  if (session_) session_->setNeuronValuesWanted(active);
  if (active) {
    stale_ = true;
    maybe_request_parameters();
  }
}

void NetworkState::markParametersStale() {
  stale_ = true;
  maybe_request_parameters();
}

void NetworkState::rebuild_structure() {
  // The summary says "changed" for a new path too; only a new spec needs a new structure.
  if (summary_->valid() && structure_ && structure_->spec() == summary_->spec()) return;
  values_.clear();
  parameters_.reset();
  stale_ = true;
  if (!summary_->valid()) {
    apply_build({nullptr, {}});
    return;
  }
  if (build_) {
    build_->disconnect(this);
    build_->deleteLater();  // its result is superseded
  }
  build_ = new QFutureWatcher<Built>(this);
  QFutureWatcher<Built>* watcher = build_;
  connect(watcher, &QFutureWatcher<Built>::finished, this, [this, watcher] {
    if (watcher != build_) return;
    build_ = nullptr;
    watcher->deleteLater();
    apply_build(watcher->result());
  });
  const NetworkSpec spec = summary_->spec();
  watcher->setFuture(QtConcurrent::run([spec] {
    auto made = NetworkStructure::build(spec);
    if (!made) return Built{nullptr, QString::fromStdString(made.message())};
    return Built{std::move(*made), {}};
  }));
}

void NetworkState::waitForStructure() {
  if (!build_) return;
  QFutureWatcher<Built>* watcher = build_;
  watcher->waitForFinished();
  build_ = nullptr;
  watcher->disconnect(this);
  watcher->deleteLater();
  apply_build(watcher->result());
}

void NetworkState::apply_build(const Built& built) {
  structure_ = built.structure;
  problem_ = built.problem;
  emit structureChanged();
  // Values and parameters that came while the structure was being built fit it now.
  on_snapshot();
}

void NetworkState::on_snapshot() {
  if (!session_) return;
  const WorkerSnapshot& s = session_->snapshot();
  if (structure_ && s.neuron_values.size() == structure_->neuron_count() && !s.neuron_values.empty()) {
    values_ = s.neuron_values;
    emit valuesChanged();
  }
  if (s.generation != parameter_generation_ ||
      (parameters_ && s.steps != parameters_->steps))
    stale_ = true;
  maybe_request_parameters();
}

void NetworkState::maybe_request_parameters() {
  if (!session_ || !active_ || !structure_ || request_tag_ != 0 || !stale_) return;
  if (session_->running() && since_copy_.elapsed() < parameter_interval_ms_) return;
  stale_ = false;
  request_tag_ = session_->requestParameters();
}

void NetworkState::on_parameters(std::uint64_t tag, std::shared_ptr<const ParameterCopy> copy) {
  if (tag != request_tag_) return;
  request_tag_ = 0;
  since_copy_.restart();
  // A copy of the network that was being replaced when it was asked for does not fit.
  if (structure_ && copy && copy->spec == structure_->spec() &&
      copy->parameters.weights.size() == structure_->connection_count() &&
      copy->parameters.biases.size() == structure_->neuron_count()) {
    parameters_ = std::move(copy);
    parameter_generation_ = parameters_->generation;
    emit parametersChanged();
    maybe_request_parameters();  // something changed while this copy was on its way
  } else {
    // Asked again at the next snapshot (the worker publishes one after installing a network);
    // asking at once could spin while the worker still holds the old network.
    stale_ = true;
  }
}

void NetworkState::setStructureForTesting(std::shared_ptr<const NetworkStructure> structure) {
  apply_build({std::move(structure), {}});
}

void NetworkState::setValuesForTesting(std::vector<float> values) {
  values_ = std::move(values);
  emit valuesChanged();
}

void NetworkState::setParametersForTesting(std::vector<float> weights, std::vector<float> biases) {
  auto copy = std::make_shared<ParameterCopy>();
  if (structure_) copy->spec = structure_->spec();
  copy->parameters.weights = std::move(weights);
  copy->parameters.biases = std::move(biases);
  parameters_ = std::move(copy);
  emit parametersChanged();
}

const std::vector<float>& NetworkState::weights() const {
  static const std::vector<float> none;
  return parameters_ ? parameters_->parameters.weights : none;
}

const std::vector<float>& NetworkState::biases() const {
  static const std::vector<float> none;
  return parameters_ ? parameters_->parameters.biases : none;
}

}  // namespace dendrite
