#include "app/models/watch_list_model.h"

#include <QHash>

#include <algorithm>
#include <unordered_map>

#include "app/models/network_state.h"
#include "app/models/network_summary.h"
#include "app/models/parameter_edit_command.h"
#include "app/models/training_session.h"

namespace dendrite {
namespace {

// 1, 2 or 5 times a power of ten, at least `x`: slider ends that read well.
float nice_ceiling(float x) {
  if (!(x > 0.0f) || !std::isfinite(x)) return 1.0f;
  const float decade = std::pow(10.0f, std::floor(std::log10(x)));
  for (float step : {1.0f, 2.0f, 5.0f, 10.0f})
    if (step * decade >= x * 0.9999f) return step * decade;
  return 10.0f * decade;
}

float range_for(float value) { return nice_ceiling(std::max(1.0f, 2.0f * std::abs(value))); }

}  // namespace

WatchListModel::WatchListModel(TrainingSession* session, NetworkState* state, QObject* parent)
    : QAbstractListModel(parent), session_(session), state_(state), selection_(this) {
  undo_.setUndoLimit(1000);
  if (state_) {
    connect(state_, &NetworkState::structureChanged, this, &WatchListModel::on_structure_changed);
    structure_ = state_->structure();
  }
  if (session_) connect(session_, &TrainingSession::updated, this, &WatchListModel::on_snapshot);
  connect(this, &QAbstractItemModel::rowsInserted, this, &WatchListModel::countChanged);
  connect(this, &QAbstractItemModel::rowsRemoved, this, &WatchListModel::countChanged);
  connect(this, &QAbstractItemModel::modelReset, this, &WatchListModel::countChanged);
}

int WatchListModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : count();
}

ParameterRef WatchListModel::parameterOf(const Item& item) {
  return {item.kind == Neuron ? ParameterRef::Kind::kBias : ParameterRef::Kind::kWeight, item.id};
}

QString WatchListModel::describeNeuron(std::size_t neuron) const {
  if (!structure_ || neuron >= structure_->neuron_count()) return tr("neuron %1").arg(neuron);
  const NeuronPlace p = structure_->place(neuron);
  const LayerInfo& layer = structure_->topology().layers[static_cast<std::size_t>(p.layer)];
  return tr("%1 · x %2, y %3, c %4").arg(layer_title(layer.label, static_cast<std::size_t>(p.layer))).arg(p.x).arg(p.y).arg(p.c);
}

QString WatchListModel::describeConnection(std::size_t connection) const {
  if (!structure_ || connection >= structure_->connection_count()) return tr("connection %1").arg(connection);
  return tr("%1 → %2").arg(describeNeuron(structure_->source(connection)),
                           describeNeuron(structure_->target(connection)));
}

QVariant WatchListModel::data(const QModelIndex& index, int role) const {
  if (!index.isValid() || index.row() < 0 || index.row() >= count()) return {};
  const Item& it = item(index.row());
  switch (role) {
    case Qt::DisplayRole:
    case TitleRole:
      return it.kind == Neuron ? describeNeuron(it.id) : describeConnection(it.id);
    case DetailRole: {
      if (!structure_) return {};
      if (it.kind == Connection) return tr("weight of connection %L1").arg(static_cast<qlonglong>(it.id));
      const NeuronPlace p = structure_->place(it.id);
      const LayerInfo& layer = structure_->topology().layers[static_cast<std::size_t>(p.layer)];
      const QString what = QStringLiteral("%1 %2").arg(QString::fromLatin1(layer_kind_name(layer.kind)), shape_text(layer.shape));
      return it.editable ? tr("%1 · bias of neuron %L2").arg(what).arg(static_cast<qlonglong>(it.id))
                         : tr("%1 · input neuron %L2 (no bias)").arg(what).arg(static_cast<qlonglong>(it.id));
    }
    case KindRole: return static_cast<int>(it.kind);
    case IdRole: return static_cast<qlonglong>(it.id);
    case ValueRole: return static_cast<double>(it.value);
    case ActivationRole: return static_cast<double>(it.activation);
    case LockedRole: return it.locked;
    case EditableRole: return it.editable;
    case HistoryRole: return QVariant::fromValue(QList<float>(it.history.begin(), it.history.end()));
    case SliderMinimumRole: return -static_cast<double>(it.slider_range);
    case SliderMaximumRole: return static_cast<double>(it.slider_range);
    default: return {};
  }
}

bool WatchListModel::setData(const QModelIndex& index, const QVariant& value, int role) {
  if (!index.isValid() || index.row() >= count()) return false;
  if (role == ValueRole || role == Qt::EditRole) {
    bool ok = false;
    const double v = value.toDouble(&ok);
    return ok && setValue(index.row(), v);
  }
  if (role == LockedRole) {
    setLocked(index.row(), value.toBool());
    return true;
  }
  return false;
}

Qt::ItemFlags WatchListModel::flags(const QModelIndex& index) const {
  Qt::ItemFlags f = QAbstractListModel::flags(index);
  if (index.isValid() && item(index.row()).editable) f |= Qt::ItemIsEditable;
  return f;
}

QHash<int, QByteArray> WatchListModel::roleNames() const {
  return {{Qt::DisplayRole, "display"},     {KindRole, "kind"},
          {IdRole, "itemId"},               {TitleRole, "title"},
          {DetailRole, "detail"},           {ValueRole, "value"},
          {ActivationRole, "activation"},   {LockedRole, "locked"},
          {EditableRole, "editable"},       {HistoryRole, "history"},
          {SliderMinimumRole, "sliderMinimum"}, {SliderMaximumRole, "sliderMaximum"}};
}

int WatchListModel::rowOf(int kind, qint64 id) const {
  for (int r = 0; r < count(); ++r)
    if (static_cast<int>(items_[static_cast<std::size_t>(r)].kind) == kind &&
        static_cast<qint64>(items_[static_cast<std::size_t>(r)].id) == id)
      return r;
  return -1;
}

int WatchListModel::addNeuron(qint64 neuron) {
  if (!structure_ || neuron < 0 || static_cast<std::size_t>(neuron) >= structure_->neuron_count()) return -1;
  return add(Neuron, static_cast<std::size_t>(neuron));
}

int WatchListModel::addConnection(qint64 connection) {
  if (!structure_ || connection < 0 || static_cast<std::size_t>(connection) >= structure_->connection_count())
    return -1;
  return add(Connection, static_cast<std::size_t>(connection));
}

int WatchListModel::add(Kind kind, std::size_t id) {
  if (const int existing = rowOf(kind, static_cast<qint64>(id)); existing >= 0) return existing;
  if (count() >= kMaxItems) return -1;
  Item it;
  it.kind = kind;
  it.id = id;
  const Topology& t = structure_->topology();
  if (kind == Neuron) {
    it.editable = t.layer_of_neuron(id) != t.input_layer;
    if (state_ && state_->values().size() == structure_->neuron_count()) it.activation = state_->values()[id];
    if (state_ && state_->biases().size() == structure_->neuron_count()) it.value = state_->biases()[id];
  } else if (state_ && state_->weights().size() == structure_->connection_count()) {
    it.value = state_->weights()[id];
  }
  if (!it.editable) it.value = it.activation;  // an input neuron shows (and charts) its pixel
  it.slider_range = range_for(std::isfinite(it.value) ? it.value : 0.0f);
  const int row = count();
  beginInsertRows({}, row, row);
  items_.push_back(std::move(it));
  endInsertRows();
  send_watch();
  return row;
}

void WatchListModel::removeItems(QList<int> rows) {
  std::sort(rows.begin(), rows.end());
  rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
  for (auto r = rows.rbegin(); r != rows.rend(); ++r)
    if (*r >= 0 && *r < count()) removeRows(*r, 1);
}

void WatchListModel::removeSelected() { removeItems(selectedRows()); }

bool WatchListModel::removeRows(int row, int n, const QModelIndex& parent) {
  if (parent.isValid() || row < 0 || n <= 0 || row + n > count()) return false;
  for (int r = row; r < row + n; ++r) {
    const Item& it = items_[static_cast<std::size_t>(r)];
    // A lock nobody can see any more would pin a value for good.
    if (it.locked && session_) session_->unlock(parameterOf(it));
  }
  beginRemoveRows({}, row, row + n - 1);
  items_.erase(items_.begin() + row, items_.begin() + row + n);
  endRemoveRows();
  send_watch();
  return true;
}

void WatchListModel::clear() {
  if (items_.empty()) return;
  for (const Item& it : items_)
    if (it.locked && session_) session_->unlock(parameterOf(it));
  beginResetModel();
  items_.clear();
  endResetModel();
  send_watch();
}

QList<int> WatchListModel::selectedRows() const {
  QList<int> rows;
  for (const QModelIndex& i : selection_.selectedIndexes()) rows << i.row();
  std::sort(rows.begin(), rows.end());
  return rows;
}

bool WatchListModel::setValue(int row, double value, int merge_group) {
  if (row < 0 || row >= count() || !std::isfinite(value)) return false;
  const Item& it = items_[static_cast<std::size_t>(row)];
  if (!it.editable) return false;
  const auto after = static_cast<float>(value);
  float before = it.value;
  if (!std::isfinite(before) && state_) {
    const auto& known = it.kind == Neuron ? state_->biases() : state_->weights();
    if (it.id < known.size()) before = known[it.id];
  }
  if (!std::isfinite(before)) before = after;  // unknown: undo leaves it as edited
  const QString text = it.kind == Neuron ? tr("Set bias of %1 to %2").arg(describeNeuron(it.id)).arg(after)
                                         : tr("Set weight of %1 to %2").arg(describeConnection(it.id)).arg(after);
  undo_.push(new ParameterEditCommand(this, parameterOf(it), before, after, merge_group, text));
  return true;
}

void WatchListModel::applyParameter(ParameterRef ref, float value) {
  if (session_) session_->setParameter(ref, value);
  for (int r = 0; r < count(); ++r) {
    Item& it = items_[static_cast<std::size_t>(r)];
    if (!it.editable || !(parameterOf(it) == ref)) continue;
    it.value = value;
    if (std::abs(value) > it.slider_range) it.slider_range = range_for(value);
    emit_row_changed(r);
  }
  if (state_) state_->markParametersStale();
}

void WatchListModel::setLocked(int row, bool locked) {
  if (row < 0 || row >= count()) return;
  Item& it = items_[static_cast<std::size_t>(row)];
  if (!it.editable || it.locked == locked) return;
  it.locked = locked;
  if (session_) locked ? session_->lock(parameterOf(it)) : session_->unlock(parameterOf(it));
  emit_row_changed(row);
}

void WatchListModel::emit_row_changed(int row) {
  const QModelIndex i = index(row);
  emit dataChanged(i, i);
}

void WatchListModel::send_watch() {
  if (!session_) return;
  std::vector<ParameterRef> parameters;
  std::vector<std::size_t> neurons;
  for (const Item& it : items_) {
    if (it.editable) parameters.push_back(parameterOf(it));
    if (it.kind == Neuron) neurons.push_back(it.id);
  }
  session_->setWatch(std::move(parameters), std::move(neurons));
}

void WatchListModel::append_history(Item& item, std::uint64_t step) {
  if (!std::isfinite(item.value)) return;
  if (item.history_step == step && !item.history.empty()) {
    item.history.back() = item.value;  // an edit while stopped: the point moves, time does not
    return;
  }
  item.history_step = step;
  item.history.push_back(item.value);
  if (item.history.size() > static_cast<std::size_t>(kHistoryLength))
    item.history.erase(item.history.begin(), item.history.end() - kHistoryLength);
}

void WatchListModel::on_snapshot() {
  if (items_.empty() || !session_) return;
  const WorkerSnapshot& s = session_->snapshot();
  std::unordered_map<std::size_t, float> weights, biases, activations;
  for (std::size_t i = 0; i < s.watched_parameter_refs.size() && i < s.watched_parameters.size(); ++i) {
    const ParameterRef& ref = s.watched_parameter_refs[i];
    (ref.kind == ParameterRef::Kind::kWeight ? weights : biases)[ref.index] = s.watched_parameters[i];
  }
  for (std::size_t i = 0; i < s.watched_neuron_ids.size() && i < s.watched_neurons.size(); ++i)
    activations[s.watched_neuron_ids[i]] = s.watched_neurons[i];
  if (weights.empty() && biases.empty() && activations.empty()) return;
  for (int r = 0; r < count(); ++r) {
    Item& it = items_[static_cast<std::size_t>(r)];
    const float old_value = it.value, old_activation = it.activation;
    const std::size_t old_points = it.history.size();
    const std::uint64_t old_step = it.history_step;
    if (it.kind == Neuron) {
      if (auto a = activations.find(it.id); a != activations.end()) it.activation = a->second;
      if (!it.editable) it.value = it.activation;
      else if (auto b = biases.find(it.id); b != biases.end()) it.value = b->second;
    } else if (auto w = weights.find(it.id); w != weights.end()) {
      it.value = w->second;
    }
    append_history(it, s.steps);
    auto same = [](float a, float b) { return a == b || (std::isnan(a) && std::isnan(b)); };
    if (!same(old_value, it.value) || !same(old_activation, it.activation) ||
        old_points != it.history.size() || old_step != it.history_step)
      emit_row_changed(r);
  }
}

void WatchListModel::on_structure_changed() {
  const auto structure = state_->structure();
  if (structure && structure_ && structure->spec() == structure_->spec()) {
    structure_ = structure;
    return;
  }
  // Another network: its ids name other neurons, and the worker dropped the old locks.
  for (Item& it : items_) it.locked = false;
  beginResetModel();
  items_.clear();
  structure_ = structure;
  endResetModel();
  undo_.clear();
  send_watch();
}

}  // namespace dendrite
