// preferences_dialog.h — Preferences: the input, model and output directories (with pickers and
// validation), snapshot interval, threads, default network and the last used learning rate and
// batch size. Each row shows where its value comes from (preferences, config file and line,
// default) and can write the value into the config file or forget the preference. OK stays
// disabled while any value is invalid; the reason is shown under the row.
#pragma once

#include <QDialog>

#include <vector>

class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;

namespace dendrite {

class SettingsModel;

class PreferencesDialog : public QDialog {
  Q_OBJECT

 public:
  explicit PreferencesDialog(SettingsModel* settings, const QStringList& presets, QWidget* parent = nullptr);

  // Row access by setting key (also for tests).
  QString editorValue(const QString& key) const;
  void setEditorValue(const QString& key, const QString& value);
  QString errorText(const QString& key) const;
  QString sourceText(const QString& key) const;
  bool valuesValid() const;
  QPushButton* writeToConfigButton(const QString& key) const;
  QPushButton* forgetButton(const QString& key) const;

  // Stores every changed value as a preference; false (and nothing stored) when one is invalid.
  bool apply();

 public slots:
  void accept() override;

 private:
  struct Row {
    QString key;
    QLineEdit* line = nullptr;   // text values
    QSpinBox* spin = nullptr;    // whole numbers
    QComboBox* combo = nullptr;  // the network
    QLabel* source = nullptr;
    QLabel* error = nullptr;
    QPushButton* to_config = nullptr;
    QPushButton* forget = nullptr;
  };
  Row* find(const QString& key);
  const Row* find(const QString& key) const;
  QString value_of(const Row& row) const;
  void set_value(Row& row, const QString& value);
  void validate(Row& row);
  void refresh_sources();
  void browse(Row& row);
  void write_to_config(Row& row);
  void forget(Row& row);

  SettingsModel* settings_;
  std::vector<Row> rows_;
  QLabel* note_;
  QDialogButtonBox* buttons_;
};

}  // namespace dendrite
