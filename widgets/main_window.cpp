#include "widgets/main_window.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QProgressDialog>
#include <QQmlContext>
#include <QQmlError>
#include <QQuickWidget>
#include <QStatusBar>
#include <QStyle>

#include "app/models/run_comparison.h"
#include "app/models/settings_model.h"
#include "app/models/workbench.h"
#include "widgets/error_chart.h"
#include "widgets/new_network_dialog.h"
#include "widgets/pass_progress.h"
#include "widgets/preferences_dialog.h"
#include "widgets/sample_view.h"

namespace dendrite {

MainWindow::MainWindow(Workbench* workbench, QWidget* parent) : QMainWindow(parent), workbench_(workbench) {
  setObjectName("mainWindow");
  setAcceptDrops(true);
  setDockOptions(QMainWindow::AnimatedDocks | QMainWindow::AllowTabbedDocks);
  TrainingSession* session = workbench_->session();

  chart_ = new ErrorChart(session->lossHistory());
  chart_->setLogScale(workbench_->settings()->uiValue("log-scale", true).toBool());
  setCentralWidget(chart_);
  create_docks();
  create_menus();
  create_status_bar();

  connect(workbench_, &Workbench::errorOccurred, this, &MainWindow::showError);
  connect(workbench_, &Workbench::statusMessage, this, [this](const QString& text) { statusBar()->showMessage(text, 8000); });
  connect(session, &TrainingSession::diverged, this, [this](const QString& text) {
    showError(tr("Training stopped"),
              tr("%1\n\nMove the learning-rate slider to the left and press Start to continue.").arg(text));
  });
  connect(session, &TrainingSession::runningChanged, this, &MainWindow::update_actions);
  connect(session, &TrainingSession::runningChanged, this, [this, session] {
    statusBar()->showMessage(session->running() ? tr("Training…")
                                                : tr("Stopped after step %L1.").arg(session->steps()));
  });
  connect(session, &TrainingSession::statusChanged, this, &MainWindow::update_actions);
  connect(workbench_->network(), &NetworkSummary::changed, this, &MainWindow::update_title);
  connect(workbench_->network(), &NetworkSummary::changed, this, &MainWindow::update_actions);
  connect(workbench_->dataset(), &DatasetModel::changed, this, &MainWindow::update_actions);
  connect(workbench_, &Workbench::exportingChanged, this, [this] {
    if (workbench_->exporting()) {
      export_progress_ = new QProgressDialog(tr("Exporting reconstructions…"), tr("Cancel"), 0,
                                             workbench_->dataset()->sampleCount(), this);
      export_progress_->setWindowTitle(tr("Export"));
      export_progress_->setAttribute(Qt::WA_DeleteOnClose);
      export_progress_->setMinimumDuration(300);
      connect(export_progress_, &QProgressDialog::canceled, workbench_, &Workbench::cancelExport);
    } else if (export_progress_) {
      export_progress_->close();
      export_progress_ = nullptr;
    }
  });
  connect(workbench_, &Workbench::exportProgress, this, [this](int done, int total) {
    if (!export_progress_) return;
    export_progress_->setMaximum(total);
    export_progress_->setValue(done);
  });

  update_title();
  update_actions();
  resize(1280, 800);
  const QByteArray geometry = workbench_->settings()->uiValue("geometry").toByteArray();
  if (!geometry.isEmpty()) restoreGeometry(geometry);
  const QByteArray state = workbench_->settings()->uiValue("window-state").toByteArray();
  if (!state.isEmpty()) restoreState(state);
}

void MainWindow::create_docks() {
  panel_ = new QQuickWidget;
  panel_->setObjectName("controlPanel");
  panel_->setResizeMode(QQuickWidget::SizeRootObjectToView);
  panel_->setMinimumWidth(285);
  panel_->rootContext()->setContextProperty("session", workbench_->session());
  panel_->rootContext()->setContextProperty("dataset", workbench_->dataset());
  panel_->rootContext()->setContextProperty("network", workbench_->network());
  panel_->setSource(QUrl(QStringLiteral("qrc:/qml/ControlPanel.qml")));
  QWidget* panel_host = panel_;
  if (panel_->status() != QQuickWidget::Ready) {
    // Missing QML modules must not take the app down: say what is missing instead.
    QStringList errors;
    for (const QQmlError& e : panel_->errors()) errors << e.toString();
    auto* fallback = new QLabel(tr("The control panel could not be loaded:\n%1\n\nThe Training menu still works.").arg(errors.join('\n')));
    fallback->setWordWrap(true);
    fallback->setMargin(12);
    panel_host = fallback;
  }
  auto* controls = new QDockWidget(tr("Training"));
  controls->setObjectName("trainingDock");
  controls->setWidget(panel_host);
  controls->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable | QDockWidget::DockWidgetClosable);
  addDockWidget(Qt::LeftDockWidgetArea, controls);

  samples_ = new SampleView(workbench_->session(), workbench_->dataset());
  auto* images = new QDockWidget(tr("Images"));
  images->setObjectName("imagesDock");
  images->setWidget(samples_);
  addDockWidget(Qt::RightDockWidgetArea, images);
  resizeDocks({controls, images}, {300, 320}, Qt::Horizontal);
  create_network_docks();
  add_embedding_docks();
}

QAction* MainWindow::make_action(const QString& name, const QString& text, const QKeySequence& shortcut,
                                 const QString& tip) {
  auto* a = new QAction(text, this);
  a->setObjectName(name);
  if (!shortcut.isEmpty()) a->setShortcut(shortcut);
  if (!tip.isEmpty()) a->setStatusTip(tip);
  return a;
}

QAction* MainWindow::action(const QString& name) const { return findChild<QAction*>(name); }

void MainWindow::create_menus() {
  TrainingSession* session = workbench_->session();
  QStyle* s = style();

  QMenu* file = menuBar()->addMenu(tr("&File"));
  QAction* new_network = make_action("newNetwork", tr("&New Network…"), QKeySequence::New,
                                     tr("Create a network from a preset or a spec"));
  new_network->setIcon(s->standardIcon(QStyle::SP_FileIcon));
  connect(new_network, &QAction::triggered, this, &MainWindow::newNetwork);
  QAction* open_model = make_action("openModel", tr("&Open Model…"), QKeySequence::Open, tr("Open a .dendrite model file"));
  open_model->setIcon(s->standardIcon(QStyle::SP_DialogOpenButton));
  connect(open_model, &QAction::triggered, this, &MainWindow::openModel);
  QAction* save = make_action("saveModel", tr("&Save Model"), QKeySequence::Save, tr("Save the network and its training state"));
  save->setIcon(s->standardIcon(QStyle::SP_DialogSaveButton));
  connect(save, &QAction::triggered, this, &MainWindow::saveModel);
  QAction* save_as = make_action("saveModelAs", tr("Save Model &As…"), QKeySequence::SaveAs);
  connect(save_as, &QAction::triggered, this, &MainWindow::saveModelAs);
  QAction* export_shown = make_action("exportShown", tr("&Export Shown Output"), QKeySequence(tr("Ctrl+E")),
                                      tr("Save the reconstruction shown on the right as PNG in the output folder"));
  connect(export_shown, &QAction::triggered, this, &MainWindow::exportShownOutput);
  QAction* export_all = make_action("exportAll", tr("Export &All Reconstructions"), QKeySequence(tr("Ctrl+Shift+E")),
                                    tr("Reconstruct every image of the dataset into PNG files in the output folder"));
  connect(export_all, &QAction::triggered, this, &MainWindow::exportAllReconstructions);
  QAction* preferences = make_action("preferences", tr("&Preferences…"), QKeySequence(tr("Ctrl+,")));
  preferences->setMenuRole(QAction::PreferencesRole);
  connect(preferences, &QAction::triggered, this, &MainWindow::showPreferences);
  QAction* quit = make_action("quit", tr("&Quit"), QKeySequence::Quit);
  quit->setMenuRole(QAction::QuitRole);
  connect(quit, &QAction::triggered, this, &QWidget::close);
  file->addActions({new_network, open_model, save, save_as});
  file->addSeparator();
  QAction* open_folder = make_action("openDataset", tr("Open Dataset &Folder…"), QKeySequence(tr("Ctrl+Shift+O")),
                                     tr("Train on a folder of images"));
  open_folder->setIcon(s->standardIcon(QStyle::SP_DirOpenIcon));
  connect(open_folder, &QAction::triggered, this, &MainWindow::openDatasetFolder);
  file->addAction(open_folder);
  file->addSeparator();
  QAction* compare = make_action("compareRun", tr("&Compare with Run…"), {},
                                 tr("Draw a previous run's loss curve (a loss CSV) on the error chart"));
  connect(compare, &QAction::triggered, this, &MainWindow::compareWithRun);
  QAction* clear_compare = make_action("clearComparison", tr("C&lear Comparison"), {});
  connect(clear_compare, &QAction::triggered, chart_, &ErrorChart::clearComparison);
  file->addActions({compare, clear_compare});
  file->addSeparator();
  file->addActions({export_shown, export_all});
  file->addSeparator();
  file->addAction(preferences);
  file->addSeparator();
  file->addAction(quit);
  create_edit_menu(file);

  QMenu* data = menuBar()->addMenu(tr("&Dataset"));
  QAction* open_idx = make_action("openIdx", tr("Open &IDX File…"), {}, tr("Train on an IDX file such as Fashion-MNIST"));
  connect(open_idx, &QAction::triggered, this, &MainWindow::openIdxFile);
  QAction* skipped = make_action("skippedFiles", tr("&Skipped Files…"), {});
  connect(skipped, &QAction::triggered, this, &MainWindow::showSkippedFiles);
  QAction* previous = make_action("previousSample", tr("&Previous Sample"), QKeySequence(tr("Alt+Left")));
  connect(previous, &QAction::triggered, samples_, &SampleView::previousSample);
  QAction* next = make_action("nextSample", tr("&Next Sample"), QKeySequence(tr("Alt+Right")));
  connect(next, &QAction::triggered, samples_, &SampleView::nextSample);
  data->addActions({open_folder, open_idx, skipped});
  data->addSeparator();
  data->addActions({previous, next});

  QMenu* training = menuBar()->addMenu(tr("&Training"));
  QAction* start = make_action("start", tr("&Start"), QKeySequence(tr("F5")), tr("Train until stopped"));
  start->setIcon(s->standardIcon(QStyle::SP_MediaPlay));
  connect(start, &QAction::triggered, session, &TrainingSession::start);
  QAction* stop = make_action("stop", tr("S&top"), QKeySequence(tr("Shift+F5")), tr("Stop after the current mini-batch"));
  stop->setIcon(s->standardIcon(QStyle::SP_MediaStop));
  connect(stop, &QAction::triggered, session, &TrainingSession::stop);
  QAction* step = make_action("step", tr("St&ep"), QKeySequence(tr("F10")), tr("Train on one mini-batch"));
  step->setIcon(s->standardIcon(QStyle::SP_MediaSkipForward));
  connect(step, &QAction::triggered, session, &TrainingSession::step);
  QAction* reset = make_action("reset", tr("&Reset"), QKeySequence(tr("Ctrl+R")),
                               tr("Stop and re-initialize the network with the same seed"));
  reset->setIcon(s->standardIcon(QStyle::SP_BrowserReload));
  connect(reset, &QAction::triggered, session, &TrainingSession::reset);
  training->addActions({start, stop, step, reset});

  add_embedding_menu();

  QMenu* view = menuBar()->addMenu(tr("&View"));
  QAction* log_scale = make_action("logScale", tr("&Logarithmic Loss Scale"), QKeySequence(tr("Ctrl+L")));
  log_scale->setCheckable(true);
  log_scale->setChecked(chart_->logScale());
  connect(log_scale, &QAction::toggled, chart_, &ErrorChart::setLogScale);
  connect(chart_, &ErrorChart::logScaleChanged, log_scale, &QAction::setChecked);
  QAction* zoom_in = make_action("zoomIn", tr("Zoom &In Images"), QKeySequence::ZoomIn);
  connect(zoom_in, &QAction::triggered, samples_, &SampleView::zoomIn);
  QAction* zoom_out = make_action("zoomOut", tr("Zoom &Out Images"), QKeySequence::ZoomOut);
  connect(zoom_out, &QAction::triggered, samples_, &SampleView::zoomOut);
  QAction* fit = make_action("fitImages", tr("&Fit Images"), QKeySequence(tr("Ctrl+0")));
  connect(fit, &QAction::triggered, samples_, &SampleView::fit);
  view->addAction(log_scale);
  view->addSeparator();
  view->addActions({zoom_in, zoom_out, fit});
  view->addSeparator();
  for (QDockWidget* dock : findChildren<QDockWidget*>()) view->addAction(dock->toggleViewAction());

  QMenu* help = menuBar()->addMenu(tr("&Help"));
  QAction* about_action = make_action("about", tr("&About Dendrite"), {});
  about_action->setMenuRole(QAction::AboutRole);
  connect(about_action, &QAction::triggered, this, &MainWindow::about);
  QAction* about_qt = make_action("aboutQt", tr("About &Qt"), {});
  about_qt->setMenuRole(QAction::AboutQtRole);
  connect(about_qt, &QAction::triggered, qApp, &QApplication::aboutQt);
  help->addActions({about_action, about_qt});
}

void MainWindow::create_status_bar() {
  busy_ = new QLabel;
  busy_->setForegroundRole(QPalette::PlaceholderText);
  progress_ = new PassProgress(workbench_->session());
  statusBar()->addPermanentWidget(busy_);
  statusBar()->addPermanentWidget(progress_);
  connect(workbench_, &Workbench::busyChanged, this, [this] { busy_->setText(workbench_->busyText()); });
}

void MainWindow::update_actions() {
  TrainingSession* session = workbench_->session();
  const bool ready = session->ready(), running = session->running();
  action("start")->setEnabled(ready && !running);
  action("stop")->setEnabled(running);
  action("step")->setEnabled(ready && !running);
  action("reset")->setEnabled(workbench_->network()->valid());
  action("saveModel")->setEnabled(workbench_->network()->valid());
  action("saveModelAs")->setEnabled(workbench_->network()->valid());
  action("exportShown")->setEnabled(ready);
  action("exportAll")->setEnabled(ready);
  action("skippedFiles")->setEnabled(!workbench_->dataset()->problems().isEmpty());
}

void MainWindow::update_title() {
  NetworkSummary* network = workbench_->network();
  setWindowTitle(network->valid() ? tr("%1 — Dendrite").arg(network->displayName()) : tr("Dendrite"));
}

void MainWindow::showError(const QString& title, const QString& message) {
  auto* box = new QMessageBox(QMessageBox::Warning, title, message, QMessageBox::Ok, this);
  box->setAttribute(Qt::WA_DeleteOnClose);
  box->setObjectName("errorDialog");
  box->open();
}

PreferencesDialog* MainWindow::showPreferences() {
  auto* dialog = new PreferencesDialog(workbench_->settings(), workbench_->presetNames(), this);
  dialog->setAttribute(Qt::WA_DeleteOnClose);
  dialog->setObjectName("preferencesDialog");
  dialog->open();
  return dialog;
}

void MainWindow::newNetwork() {
  NewNetworkDialog dialog(workbench_, workbench_->network()->specText(), this);
  if (dialog.exec() != QDialog::Accepted) return;
  workbench_->newNetwork(dialog.spec(), dialog.module(), dialog.seed());
}

void MainWindow::openDatasetFolder() {
  const QString folder = QFileDialog::getExistingDirectory(this, tr("Open Dataset Folder"),
                                                           workbench_->settings()->inputDirectory());
  if (!folder.isEmpty()) workbench_->openDataset(folder);
}

void MainWindow::openIdxFile() {
  const QString file = QFileDialog::getOpenFileName(
      this, tr("Open IDX File"), QStringLiteral("/usr/share/datasets"),
      tr("IDX images (*-ubyte *-ubyte.gz *.idx *.idx.gz);;All files (*)"));
  if (!file.isEmpty()) workbench_->openDataset(file);
}

void MainWindow::openModel() {
  const QString file = QFileDialog::getOpenFileName(this, tr("Open Model"), workbench_->settings()->modelDirectory(),
                                                    tr("Dendrite models (*.dendrite);;All files (*)"));
  if (!file.isEmpty()) workbench_->openModel(file);
}

void MainWindow::saveModel() { workbench_->saveModel(); }

void MainWindow::saveModelAs() {
  QString file = QFileDialog::getSaveFileName(this, tr("Save Model As"), workbench_->currentModelPath(),
                                              tr("Dendrite models (*.dendrite)"));
  if (file.isEmpty()) return;
  if (!file.endsWith(QLatin1String(".dendrite"))) file += QLatin1String(".dendrite");
  workbench_->saveModel(file);
}

void MainWindow::exportShownOutput() { workbench_->exportShownOutput(); }
void MainWindow::exportAllReconstructions() { workbench_->exportAllReconstructions(); }

void MainWindow::compareWithRun() {
  const QString file = QFileDialog::getOpenFileName(this, tr("Compare with Run"), workbench_->settings()->outputDirectory(),
                                                    tr("Loss CSV (*.csv);;All files (*)"));
  if (!file.isEmpty()) compareWithRunFile(file);
}

bool MainWindow::compareWithRunFile(const QString& path) {
  const RunComparison run = RunComparison::read(path);
  if (!run.ok) {
    showError(tr("Compare with Run"), tr("The run could not be read:\n%1").arg(run.error));
    return false;
  }
  chart_->setComparison(run);
  statusBar()->showMessage(tr("Comparing with %1").arg(QDir::toNativeSeparators(path)), 5000);
  return true;
}

void MainWindow::showSkippedFiles() {
  const QStringList problems = workbench_->dataset()->problems();
  QMessageBox box(QMessageBox::Information, tr("Skipped Files"),
                  tr("Files of %1 that could not be used: %L2.").arg(workbench_->dataset()->directory()).arg(problems.size()),
                  QMessageBox::Ok, this);
  box.setDetailedText(problems.join('\n'));
  box.exec();
}

void MainWindow::about() {
  QMessageBox::about(
      this, tr("About Dendrite"),
      tr("<h3>Dendrite %1</h3><p>Trains image autoencoders built from explicit neurons and connections, "
         "and shows the network while it learns.</p><p>Built with Qt %2. Config file: %3</p>")
          .arg(QStringLiteral(DENDRITE_VERSION), QString::fromLatin1(qVersion()), workbench_->settings()->configPath().toHtmlEscaped()));
}

void MainWindow::closeEvent(QCloseEvent* event) {
  SettingsModel* settings = workbench_->settings();
  settings->setUiValue("geometry", saveGeometry());
  settings->setUiValue("window-state", saveState());
  settings->setUiValue("log-scale", chart_->logScale());
  workbench_->session()->stop();
  workbench_->rememberLastUsed();
  event->accept();
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
  if (event->mimeData()->hasUrls()) event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event) {
  for (const QUrl& url : event->mimeData()->urls()) {
    const QString path = url.toLocalFile();
    if (path.isEmpty()) continue;
    if (path.endsWith(QLatin1String(".dendrite"))) workbench_->openModel(path);
    else if (QFileInfo(path).isFile() && CustomInput::looksLikeImage(path)) useCustomImage(path);
    else workbench_->openDataset(path);
    event->acceptProposedAction();
    return;
  }
}

}  // namespace dendrite
