// parameter_edit_command.h — one undoable edit of a weight or a bias (QUndoCommand).
//
// redo() sets the new value, undo() the value the parameter had when it was edited; both go
// through the watch list model to the training session's command queue, so they apply between
// mini-batches like any edit. A slider drag is one command: edits pushed with the same non-zero
// merge group and the same parameter merge into the first one (its "before" value stays).
//
//   model->undoStack()->push(new ParameterEditCommand(model, ref, before, after, group));
#pragma once

#include <QUndoCommand>

#include "core/network_module.h"

namespace dendrite {

class WatchListModel;

class ParameterEditCommand : public QUndoCommand {
 public:
  ParameterEditCommand(WatchListModel* model, ParameterRef ref, float before, float after,
                       int merge_group, const QString& text);

  void redo() override;
  void undo() override;
  int id() const override { return merge_group_ != 0 ? 1 : -1; }
  bool mergeWith(const QUndoCommand* other) override;

  ParameterRef ref() const { return ref_; }
  float before() const { return before_; }
  float after() const { return after_; }

 private:
  WatchListModel* model_;
  ParameterRef ref_;
  float before_;
  float after_;
  int merge_group_;
};

}  // namespace dendrite
