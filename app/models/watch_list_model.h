// watch_list_model.h — the watch list: neurons and connections the user clicked, each with its
// live value and a way to change it (the notes: "when neuron or connection is clicked, it is added
// to a list; each list item will have a group of sliders/text-inputs for modifying value").
//
// An item is a neuron (its bias is the editable value; its activation for the current sample is
// shown beside it) or a connection (its weight). Values arrive with every snapshot of the
// training session (TrainingSession::setWatch), so they follow training at the display rate;
// each item keeps a short history of its value while training runs. Edits go through a
// QUndoStack (setValue() pushes a ParameterEditCommand) and reach the worker's command queue, so
// they apply between mini-batches and show in the next forward pass. A locked item keeps its
// value through training (the trainer restores it after every update). The selection model is
// shared by every view of the list (the editor and the network view), so multiple selection works
// across both. The list empties when another network is installed (ids would mean other
// neurons).
//
//   WatchListModel list(session, state);
//   int row = list.addNeuron(id);          // or addConnection(id); existing items are reused
//   list.setValue(row, 0.5);               // undoable: list.undoStack()->undo()
//   list.setLocked(row, true);
#pragma once

#include <QAbstractListModel>
#include <QItemSelectionModel>
#include <QUndoStack>

#include <cmath>
#include <limits>
#include <memory>
#include <vector>

#include "app/models/network_structure.h"
#include "core/network_module.h"

namespace dendrite {

class NetworkState;
class TrainingSession;

class WatchListModel : public QAbstractListModel {
  Q_OBJECT
  Q_PROPERTY(int count READ count NOTIFY countChanged)

 public:
  enum Kind { Neuron, Connection };
  Q_ENUM(Kind)
  enum Role {
    KindRole = Qt::UserRole + 1,
    IdRole,          // neuron id or connection id (canonical)
    TitleRole,       // "layer 1 · x 3, y 5, c 0" or "layer 0 (3, 5, c 0) → layer 1 (2, 1, c 0)"
    DetailRole,      // "dense 16×16×1 · bias" …
    ValueRole,       // the bias or weight (NaN until known); setData() edits it (undoable)
    ActivationRole,  // a neuron's value for the current sample (NaN for connections / unknown)
    LockedRole,      // bool; setData() locks or unlocks
    EditableRole,    // false for input neurons, which have no bias
    HistoryRole,     // QList<float>: the value at recent snapshots while training, oldest first
    SliderMinimumRole,
    SliderMaximumRole,
  };

  static constexpr int kHistoryLength = 240;
  static constexpr int kMaxItems = 512;

  struct Item {
    Kind kind = Neuron;
    std::size_t id = 0;
    float value = std::numeric_limits<float>::quiet_NaN();       // bias or weight
    float activation = std::numeric_limits<float>::quiet_NaN();  // neurons only
    bool locked = false;
    bool editable = true;
    std::vector<float> history;  // [point] value while training, oldest first
    std::uint64_t history_step = ~std::uint64_t{0};  // step of the last history point
    float slider_range = 1.0f;   // the slider spans [-range, range]
  };

  WatchListModel(TrainingSession* session, NetworkState* state, QObject* parent = nullptr);

  int rowCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role) const override;
  bool setData(const QModelIndex& index, const QVariant& value, int role) override;
  Qt::ItemFlags flags(const QModelIndex& index) const override;
  QHash<int, QByteArray> roleNames() const override;
  bool removeRows(int row, int count, const QModelIndex& parent = {}) override;

  int count() const { return static_cast<int>(items_.size()); }
  const Item& item(int row) const { return items_[static_cast<std::size_t>(row)]; }
  // The parameter an item edits (a neuron's bias, a connection's weight).
  static ParameterRef parameterOf(const Item& item);

  // Adds an item (or finds the existing one) and returns its row; -1 when the id is not in the
  // network or the list is full.
  Q_INVOKABLE int addNeuron(qint64 neuron);
  Q_INVOKABLE int addConnection(qint64 connection);
  Q_INVOKABLE int rowOf(int kind, qint64 id) const;
  // Removes these rows (any order); locked items are unlocked first.
  Q_INVOKABLE void removeItems(QList<int> rows);
  Q_INVOKABLE void removeSelected();
  Q_INVOKABLE void clear();

  // Undoable edit. Edits with the same non-zero merge group (one slider drag) are one undo step;
  // newMergeGroup() hands out a fresh group. Returns false for a non-finite value or an item
  // that cannot be edited.
  Q_INVOKABLE bool setValue(int row, double value, int merge_group = 0);
  Q_INVOKABLE int newMergeGroup() { return ++merge_groups_; }
  Q_INVOKABLE void setLocked(int row, bool locked);
  // Sets a parameter now (what undo and redo call): sends it to the session, shows it at once.
  void applyParameter(ParameterRef ref, float value);

  QUndoStack* undoStack() { return &undo_; }
  QItemSelectionModel* selection() { return &selection_; }
  // Rows selected in the shared selection model, ascending.
  QList<int> selectedRows() const;

  // "layer 1 · x 3, y 5, c 0" — also used by the network view's hover read-out.
  QString describeNeuron(std::size_t neuron) const;
  QString describeConnection(std::size_t connection) const;

 signals:
  void countChanged();

 private:
  void on_structure_changed();
  void on_snapshot();
  void send_watch();
  int add(Kind kind, std::size_t id);
  void append_history(Item& item, std::uint64_t step);
  void emit_row_changed(int row);

  TrainingSession* session_;
  NetworkState* state_;
  std::shared_ptr<const NetworkStructure> structure_;  // the network the items belong to
  std::vector<Item> items_;
  QUndoStack undo_;
  QItemSelectionModel selection_;
  int merge_groups_ = 0;
};

}  // namespace dendrite
