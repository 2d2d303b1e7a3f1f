#include "widgets/network_view.h"

#include <QAction>
#include <QComboBox>
#include <QFileDialog>
#include <QLabel>
#include <QMessageBox>
#include <QSpinBox>
#include <QStyle>
#include <QToolBar>
#include <QVBoxLayout>

#include <cmath>

#include "app/models/network_state.h"
#include "app/models/watch_list_model.h"
#include "widgets/network_canvas.h"
#include "widgets/network_export.h"
#include "widgets/partition_item.h"

namespace dendrite {
namespace {

QString number(float v) {
  if (std::isnan(v)) return QStringLiteral("–");
  return QString::number(v, 'g', 4);
}

}  // namespace

NetworkView::NetworkView(NetworkState* state, WatchListModel* watch, QWidget* parent)
    : QWidget(parent), state_(state), watch_(watch) {
  setObjectName("networkView");
  scene_ = new NetworkScene(this);
  canvas_ = new NetworkCanvas(scene_);
  tools_ = new QToolBar;
  tools_->setIconSize(QSize(16, 16));
  tools_->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
  build_tool_bar();
  readout_ = new QLabel;
  readout_->setObjectName("networkReadout");
  readout_->setTextFormat(Qt::RichText);
  readout_->setMargin(4);
  readout_->setMinimumWidth(100);
  readout_->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);

  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->setSpacing(0);
  layout->addWidget(tools_);
  layout->addWidget(canvas_, 1);
  layout->addWidget(readout_);

  connect(scene_, &NetworkScene::neuronClicked, this, &NetworkView::on_neuron_clicked);
  connect(scene_, &NetworkScene::connectionClicked, this, &NetworkView::on_connection_clicked);
  connect(scene_, &NetworkScene::hoverChanged, this, &NetworkView::show_hover);
  connect(canvas_, &NetworkCanvas::zoomChanged, this, &NetworkView::update_zoom_label);
  if (state_) {
    connect(state_, &NetworkState::structureChanged, this, &NetworkView::on_structure);
    connect(state_, &NetworkState::valuesChanged, this, &NetworkView::on_values);
    connect(state_, &NetworkState::parametersChanged, this, &NetworkView::on_parameters);
  }
  if (watch_) {
    connect(watch_, &QAbstractItemModel::rowsInserted, this, &NetworkView::update_marks);
    connect(watch_, &QAbstractItemModel::rowsRemoved, this, &NetworkView::update_marks);
    connect(watch_, &QAbstractItemModel::modelReset, this, &NetworkView::update_marks);
    connect(watch_->selection(), &QItemSelectionModel::selectionChanged, this, &NetworkView::update_marks);
  }
  on_structure();
  show_hover({});
}

void NetworkView::build_tool_bar() {
  QStyle* s = style();
  QAction* fit = tools_->addAction(s->standardIcon(QStyle::SP_TitleBarMaxButton), tr("Fit"), canvas_, &NetworkCanvas::fit);
  fit->setObjectName("networkFit");
  fit->setToolTip(tr("Show the whole network"));
  QAction* zoom_out = tools_->addAction(tr("−"), canvas_, &NetworkCanvas::zoomOut);
  zoom_out->setObjectName("networkZoomOut");
  zoom_out->setToolTip(tr("Zoom out (or turn the mouse wheel)"));
  QAction* zoom_in = tools_->addAction(tr("+"), canvas_, &NetworkCanvas::zoomIn);
  zoom_in->setObjectName("networkZoomIn");
  zoom_in->setToolTip(tr("Zoom in (or turn the mouse wheel)"));
  zoom_label_ = new QLabel;
  zoom_label_->setObjectName("networkZoom");
  zoom_label_->setMinimumWidth(150);
  zoom_label_->setMargin(4);
  tools_->addWidget(zoom_label_);
  tools_->addSeparator();

  tools_->addWidget(new QLabel(tr(" Connections ")));
  connection_mode_ = new QComboBox;
  connection_mode_->setObjectName("networkConnections");
  connection_mode_->addItem(tr("By zoom"), static_cast<int>(ConnectionMode::kAuto));
  connection_mode_->addItem(tr("Bundles"), static_cast<int>(ConnectionMode::kBundles));
  connection_mode_->addItem(tr("Strongest"), static_cast<int>(ConnectionMode::kTopK));
  connection_mode_->addItem(tr("Selected only"), static_cast<int>(ConnectionMode::kNone));
  connection_mode_->setToolTip(tr("By zoom: bundles between layer regions when zoomed out, the strongest "
                                  "connections when zoomed in, only the hovered and selected neurons' "
                                  "connections when the values show"));
  connect(connection_mode_, &QComboBox::currentIndexChanged, this, [this] {
    scene_->setConnectionMode(static_cast<ConnectionMode>(connection_mode_->currentData().toInt()));
  });
  tools_->addWidget(connection_mode_);
  top_k_ = new QSpinBox;
  top_k_->setObjectName("networkTopK");
  top_k_->setRange(10, 50000);
  top_k_->setSingleStep(100);
  top_k_->setValue(scene_->topK());
  top_k_->setPrefix(tr("top "));
  top_k_->setToolTip(tr("How many of each layer's connections with the largest |weight| are drawn"));
  top_k_->setKeyboardTracking(false);
  connect(top_k_, &QSpinBox::valueChanged, scene_, &NetworkScene::setTopK);
  tools_->addWidget(top_k_);
  tools_->addSeparator();

  tools_->addWidget(new QLabel(tr(" Colours ")));
  scale_ = new QComboBox;
  scale_->setObjectName("networkScale");
  scale_->addItem(tr("Per layer"), 0.0);
  for (double v : {0.5, 1.0, 2.0, 5.0}) scale_->addItem(QStringLiteral("±%1").arg(v), v);
  scale_->setToolTip(tr("Which |activation| gets the strongest colour: each layer its own, or one scale for all"));
  connect(scale_, &QComboBox::currentIndexChanged, this, [this] {
    scene_->setFixedScale(static_cast<float>(scale_->currentData().toDouble()));
    canvas_->setLegendVisible(canvas_->legendVisible());  // the legend names the scale
  });
  tools_->addWidget(scale_);
  partitions_ = tools_->addAction(tr("Partitions"));
  partitions_->setObjectName("networkPartitions");
  partitions_->setCheckable(true);
  partitions_->setToolTip(tr("Graph networks: tint every neuron with the colour of the part (one per training "
                             "thread) that computes it"));
  connect(partitions_, &QAction::toggled, scene_, &NetworkScene::setPartitionsShown);
  tools_->addSeparator();

  QAction* export_action = tools_->addAction(s->standardIcon(QStyle::SP_DialogSaveButton), tr("Export…"), this,
                                             &NetworkView::exportImage);
  export_action->setObjectName("networkExport");
  export_action->setToolTip(tr("Save the whole network as PNG or SVG at the current zoom"));
}

void NetworkView::showEvent(QShowEvent* event) {
  QWidget::showEvent(event);
  if (state_) state_->setActive(true);
}

void NetworkView::hideEvent(QHideEvent* event) {
  QWidget::hideEvent(event);
  // Hidden (dock closed, window minimised): the worker stops copying values for it.
  if (state_ && !isVisible()) state_->setActive(false);
}

void NetworkView::on_structure() {
  scene_->setStructure(state_ ? state_->structure() : nullptr);
  scene_->setConnectionMode(static_cast<ConnectionMode>(connection_mode_->currentData().toInt()));
  scene_->setLod(canvas_->lod());
  scene_->setPartitionsShown(partitions_->isChecked());
  // Only graph networks are split into parts: elsewhere the toggle is hidden, not greyed out,
  // which also leaves room in the tool bar (in German, Export had moved into its overflow menu).
  partitions_->setVisible(scene_->partitionItem() != nullptr);
  if (!state_) return;
  on_values();
  on_parameters();
  update_marks();
  update_zoom_label();
  show_hover({});
}

void NetworkView::on_values() {
  if (state_ && !state_->values().empty()) scene_->setValues(state_->values());
  if (hover_.kind != NetworkScene::Hit::kNone) show_hover(hover_);
}

void NetworkView::on_parameters() {
  if (state_ && state_->parameters()) scene_->setParameters(state_->parameters());
}

void NetworkView::select_row(int row, Qt::KeyboardModifiers modifiers) {
  if (row < 0 || !watch_) return;
  const QModelIndex index = watch_->index(row);
  const bool add = modifiers & (Qt::ControlModifier | Qt::ShiftModifier);
  watch_->selection()->select(index, add ? QItemSelectionModel::Toggle : QItemSelectionModel::ClearAndSelect);
  watch_->selection()->setCurrentIndex(index, QItemSelectionModel::NoUpdate);
}

void NetworkView::on_neuron_clicked(std::size_t neuron, Qt::KeyboardModifiers modifiers) {
  if (watch_) select_row(watch_->addNeuron(static_cast<qint64>(neuron)), modifiers);
}

void NetworkView::on_connection_clicked(std::size_t connection, Qt::KeyboardModifiers modifiers) {
  if (watch_) select_row(watch_->addConnection(static_cast<qint64>(connection)), modifiers);
}

void NetworkView::update_marks() {
  if (!watch_) return;
  std::vector<std::size_t> watched, selected_neurons, selected_connections;
  for (int r = 0; r < watch_->count(); ++r) {
    const WatchListModel::Item& it = watch_->item(r);
    const bool selected = watch_->selection()->isRowSelected(r);
    if (it.kind == WatchListModel::Neuron) {
      watched.push_back(it.id);
      if (selected) selected_neurons.push_back(it.id);
    } else if (selected) {
      selected_connections.push_back(it.id);
    }
  }
  scene_->setMarks(std::move(watched), std::move(selected_neurons), std::move(selected_connections));
}

void NetworkView::show_hover(const NetworkScene::Hit& hit) {
  hover_ = hit;
  const NetworkStructure* s = scene_->structure();
  if (!s) {
    readout_->setText(state_ && !state_->problem().isEmpty() ? state_->problem() : tr("No network."));
    return;
  }
  if (hit.kind == NetworkScene::Hit::kNeuron && watch_) {
    const std::size_t n = hit.id;
    const float value = n < scene_->values().size() ? scene_->values()[n] : std::nanf("");
    const std::size_t in = s->incoming_end(n) - s->incoming_begin(n), out = s->outgoing_end(n) - s->outgoing_begin(n);
    QString text = tr("<b>%1</b> &nbsp; value %2").arg(watch_->describeNeuron(n).toHtmlEscaped(), number(value));
    if (in > 0) text += tr(" · bias %1").arg(number(scene_->bias(n)));
    text += tr(" · %L1 in, %L2 out · neuron %L3").arg(static_cast<qlonglong>(in)).arg(static_cast<qlonglong>(out)).arg(static_cast<qlonglong>(n));
    if (n < s->part_of().size())
      text += tr(" · <span style='color:%1'>part %2 of %3</span>")
                  .arg(PartitionItem::colour(s->part_of()[n]).name())
                  .arg(s->part_of()[n] + 1)
                  .arg(s->parts());
    readout_->setText(text);
  } else if (hit.kind == NetworkScene::Hit::kConnection && watch_) {
    readout_->setText(tr("<b>%1</b> &nbsp; weight %2 · connection %L3")
                          .arg(watch_->describeConnection(hit.id).toHtmlEscaped(), number(scene_->weight(hit.id)))
                          .arg(static_cast<qlonglong>(hit.id)));
  } else {
    readout_->setText(tr("<span style='color:gray'>Click a neuron or a line to watch and edit it (Ctrl: add to the "
                         "selection) · drag to pan · wheel to zoom</span>"));
  }
}

void NetworkView::update_zoom_label() {
  const double p = canvas_->pixelsPerNeuron();
  QString level;
  switch (canvas_->lod()) {
    case NetworkLod::kOverview: level = tr("overview"); break;
    case NetworkLod::kNeurons: level = tr("neurons"); break;
    case NetworkLod::kValues: level = tr("values"); break;
  }
  zoom_label_->setText(tr("%1 · %2 px/neuron").arg(level, QString::number(p, 'f', p < 10 ? 1 : 0)));
}

QString NetworkView::exportTo(const QString& path) {
  if (!scene_->structure()) return tr("There is no network to export.");
  const QString error = export_network(scene_, path, canvas_->pixelsPerNeuron());
  if (error.isEmpty()) emit exported(path);
  return error;
}

void NetworkView::exportImage() {
  QString filter;
  QString path = QFileDialog::getSaveFileName(this, tr("Export Network"), export_directory_ + QStringLiteral("/network.png"),
                                              tr("PNG image (*.png);;SVG drawing (*.svg)"), &filter);
  if (path.isEmpty()) return;
  if (!path.endsWith(QLatin1String(".png"), Qt::CaseInsensitive) && !path.endsWith(QLatin1String(".svg"), Qt::CaseInsensitive))
    path += filter.contains(QLatin1String("svg")) ? QStringLiteral(".svg") : QStringLiteral(".png");
  const QString error = exportTo(path);
  if (!error.isEmpty()) QMessageBox::warning(this, tr("Export failed"), error);
}

}  // namespace dendrite
