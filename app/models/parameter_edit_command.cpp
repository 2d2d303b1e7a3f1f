#include "app/models/parameter_edit_command.h"

#include "app/models/watch_list_model.h"

namespace dendrite {

ParameterEditCommand::ParameterEditCommand(WatchListModel* model, ParameterRef ref, float before,
                                           float after, int merge_group, const QString& text)
    : QUndoCommand(text), model_(model), ref_(ref), before_(before), after_(after), merge_group_(merge_group) {}

void ParameterEditCommand::redo() { model_->applyParameter(ref_, after_); }

void ParameterEditCommand::undo() { model_->applyParameter(ref_, before_); }

bool ParameterEditCommand::mergeWith(const QUndoCommand* other) {
  const auto* o = dynamic_cast<const ParameterEditCommand*>(other);
  if (!o || o->merge_group_ != merge_group_ || merge_group_ == 0 || !(o->ref_ == ref_)) return false;
  after_ = o->after_;
  return true;
}

}  // namespace dendrite
