// main_window.h — the Dendrite main window: the error chart in the middle, the QML training
// control panel docked on the left (a QQuickWidget bound to the models), the current sample and
// its reconstruction docked on the right, the full pass's progress and ETA in the status bar, and
// the menus (File, Dataset, Training, View, Help) with keyboard shortcuts.
//
// It only talks to the models of a Workbench; every failure they report is shown as a dialog
// that names the file and the reason. Folders, IDX files and .dendrite files dropped on the window
// are opened; an image file dropped on it becomes the custom input.
//
// The embedding editor, its interpolation strip (docked at the bottom) and the custom input
// (tabbed beside the images) come with their own menu; main_window_embedding.cpp adds them.
#pragma once

#include <QMainWindow>

class QLabel;
class QMenu;
class QProgressDialog;
class QQuickWidget;

namespace dendrite {

class CustomInputView;
class EmbeddingEditorView;
class ErrorChart;
class NetworkState;
class NetworkView;
class InterpolationView;
class PassProgress;
class PreferencesDialog;
class SampleView;
class WatchListModel;
class WatchListView;
class Workbench;

class MainWindow : public QMainWindow {
  Q_OBJECT

 public:
  explicit MainWindow(Workbench* workbench, QWidget* parent = nullptr);

  ErrorChart* errorChart() const { return chart_; }
  SampleView* sampleView() const { return samples_; }
  QQuickWidget* controlPanel() const { return panel_; }
  PassProgress* passProgress() const { return progress_; }
  NetworkView* networkView() const { return network_view_; }
  WatchListView* watchListView() const { return watch_view_; }
  WatchListModel* watchList() const { return watch_list_; }
  NetworkState* networkState() const { return network_state_; }
  EmbeddingEditorView* embeddingView() const { return embedding_view_; }
  InterpolationView* interpolationView() const { return interpolation_view_; }
  CustomInputView* customInputView() const { return custom_view_; }
  // A menu action by its object name ("start", "stop", "step", "reset", "openDataset", …).
  QAction* action(const QString& name) const;

 public slots:
  PreferencesDialog* showPreferences();
  void newNetwork();
  void openDatasetFolder();
  void openIdxFile();
  void openModel();
  void saveModel();
  void saveModelAs();
  void exportShownOutput();
  void exportAllReconstructions();
  void showSkippedFiles();
  void openCustomImage();
  // Opens `path` as the custom input and shows its panel.
  void useCustomImage(const QString& path);
  // Asks for a loss CSV (dendrite-cli train's loss.csv or a sweep's runs/*.csv) and overlays it
  // on the error chart; compareWithRunFile() does so without the dialog.
  void compareWithRun();
  bool compareWithRunFile(const QString& path);
  void about();
  // A non-modal warning dialog (never blocks the training read-outs).
  void showError(const QString& title, const QString& message);

 protected:
  void closeEvent(QCloseEvent* event) override;
  void dragEnterEvent(QDragEnterEvent* event) override;
  void dropEvent(QDropEvent* event) override;

 private:
  QAction* make_action(const QString& name, const QString& text, const QKeySequence& shortcut,
                       const QString& tip = {});
  void create_menus();
  void create_docks();
  void create_network_docks();        // main_window_network.cpp
  void create_edit_menu(QMenu* file);  // main_window_network.cpp
  void create_status_bar();
  void update_actions();
  void update_title();
  void add_embedding_docks();
  void add_embedding_menu();

  Workbench* workbench_;
  ErrorChart* chart_ = nullptr;
  SampleView* samples_ = nullptr;
  QQuickWidget* panel_ = nullptr;
  PassProgress* progress_ = nullptr;
  QLabel* busy_ = nullptr;
  QProgressDialog* export_progress_ = nullptr;
  NetworkState* network_state_ = nullptr;
  WatchListModel* watch_list_ = nullptr;
  NetworkView* network_view_ = nullptr;
  WatchListView* watch_view_ = nullptr;
  EmbeddingEditorView* embedding_view_ = nullptr;
  InterpolationView* interpolation_view_ = nullptr;
  CustomInputView* custom_view_ = nullptr;
};

}  // namespace dendrite
