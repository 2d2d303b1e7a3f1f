// new_network_dialog.h — File ▸ New Network: pick a preset or write a spec (one layer per line or
// separated by '|'), see at once whether it parses and how many layers, neurons and connections it
// has, choose the module and the seed.
#pragma once

#include <QDialog>

class QComboBox;
class QDialogButtonBox;
class QLabel;
class QPlainTextEdit;
class QSpinBox;

namespace dendrite {

class Workbench;

class NewNetworkDialog : public QDialog {
  Q_OBJECT

 public:
  NewNetworkDialog(Workbench* workbench, const QString& current_spec, QWidget* parent = nullptr);

  QString spec() const;
  QString module() const;  // "" = the family's default
  qint64 seed() const;
  QString statusText() const;
  void setSpec(const QString& text);

 private:
  void preset_chosen(int index);
  void spec_edited();

  Workbench* workbench_;
  QComboBox* preset_;
  QPlainTextEdit* spec_;
  QLabel* status_;
  QComboBox* module_;
  QSpinBox* seed_;
  QDialogButtonBox* buttons_;
};

}  // namespace dendrite
