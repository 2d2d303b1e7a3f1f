#include "widgets/network_scene.h"

#include <QGraphicsSceneMouseEvent>
#include <QGraphicsView>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <array>
#include <cmath>
#include <map>

#include "widgets/highlight_item.h"
#include "widgets/layer_item.h"
#include "widgets/partition_item.h"
#include "widgets/neuron_colours.h"

namespace dendrite {
namespace {

// Of a hovered or selected neuron's incoming connections, and of its outgoing ones, at most
// this many (the strongest) are drawn; and no more than kMaxHighlightLines in all, so that a
// selection of dense neurons neither hides the network under its lines nor slows the view down.
constexpr std::size_t kMaxLinesPerDirection = 256;
constexpr std::size_t kMaxHighlightLines = 8000;
constexpr std::size_t kMaxHighlightNeurons = 64;

// The 99th percentile of |v| (finite values only): one outlier does not wash out a layer.
float robust_scale(const float* values, std::size_t count) {
  std::vector<float> magnitudes;
  magnitudes.reserve(count);
  for (std::size_t i = 0; i < count; ++i)
    if (std::isfinite(values[i])) magnitudes.push_back(std::abs(values[i]));
  if (magnitudes.empty()) return 1.0f;
  const std::size_t k = (magnitudes.size() - 1) * 99 / 100;
  std::nth_element(magnitudes.begin(), magnitudes.begin() + static_cast<std::ptrdiff_t>(k), magnitudes.end());
  float scale = magnitudes[k];
  if (!(scale > 0)) scale = *std::max_element(magnitudes.begin(), magnitudes.end());
  return scale > 0 ? scale : 1.0f;
}

double distance_to_segment(QPointF p, const QLineF& l) {
  const QPointF d = l.p2() - l.p1();
  const double length2 = d.x() * d.x() + d.y() * d.y();
  double t = length2 > 0 ? ((p.x() - l.x1()) * d.x() + (p.y() - l.y1()) * d.y()) / length2 : 0.0;
  t = std::clamp(t, 0.0, 1.0);
  const QPointF q = l.p1() + t * d;
  return std::hypot(p.x() - q.x(), p.y() - q.y());
}

}  // namespace

NetworkScene::NetworkScene(QObject* parent) : QGraphicsScene(parent) {
  qRegisterMetaType<dendrite::NetworkScene::Hit>();
  setBackgroundBrush(NeuronColours::background());
  // Items move never; the index would only cost time on every update.
  setItemIndexMethod(QGraphicsScene::NoIndex);
}

NetworkScene::~NetworkScene() {
  if (digest_job_) digest_job_->waitForFinished();
}

void NetworkScene::setStructure(std::shared_ptr<const NetworkStructure> structure) {
  if (digest_job_) {
    digest_job_->disconnect(this);
    digest_job_->waitForFinished();
    digest_job_->deleteLater();
    digest_job_ = nullptr;
  }
  digest_again_ = false;
  clear();
  layers_.clear();
  connections_ = nullptr;
  highlight_lines_ = nullptr;
  highlight_ = nullptr;
  partitions_ = nullptr;
  overlaid_layers_.clear();
  hovered_.reset();
  watched_neurons_.clear();
  selected_neurons_.clear();
  selected_connections_.clear();
  values_.clear();
  parameters_.reset();
  digest_ = {};
  structure_ = std::move(structure);
  if (!structure_) {
    layout_ = {};
    setSceneRect(QRectF(-200, -100, 400, 200));
    return;
  }
  const Topology& t = structure_->topology();
  layout_ = NetworkLayout::layered(t, structure_->recurrent());
  setSceneRect(layout_.bounds());
  connections_ = new ConnectionItem(layout_.bounds());
  connections_->setZValue(0);
  addItem(connections_);
  highlight_lines_ = new HighlightItem(layout_.bounds(), HighlightItem::Part::kLines);
  highlight_lines_->setZValue(0.5);
  addItem(highlight_lines_);
  for (std::size_t l = 0; l < t.layers.size(); ++l) {
    auto* item = new LayerItem(layout_.layer(static_cast<int>(l)), t.layers[l], l,
                               static_cast<int>(l) == t.embedding_layer, layout_.label_size());
    item->setZValue(1);
    addItem(item);
    layers_.push_back(item);
  }
  if (structure_->is_graph()) {
    partitions_ = new PartitionItem(layout_, *structure_);
    partitions_->setZValue(1.5);
    partitions_->setVisible(partitions_shown_);
    addItem(partitions_);
  }
  highlight_ = new HighlightItem(layout_.bounds(), HighlightItem::Part::kOutlines);
  highlight_->setZValue(2);
  addItem(highlight_);
}

void NetworkScene::setPartitionsShown(bool shown) {
  partitions_shown_ = shown;
  if (partitions_) partitions_->setVisible(shown);
}

void NetworkScene::setValues(const std::vector<float>& values) {
  if (!structure_ || values.size() != structure_->neuron_count()) return;
  values_ = values;
  recolour_layers();
}

void NetworkScene::recolour_layers() {
  if (!structure_ || values_.size() != structure_->neuron_count()) return;
  const Topology& t = structure_->topology();
  for (std::size_t l = 0; l < t.layers.size(); ++l) {
    const float* v = values_.data() + t.layers[l].first_neuron;
    const float scale = fixed_scale_ > 0 ? fixed_scale_ : robust_scale(v, t.layers[l].neuron_count);
    layers_[l]->setValues(v, scale);
  }
}

void NetworkScene::setFixedScale(float scale) {
  fixed_scale_ = scale > 0 && std::isfinite(scale) ? scale : 0.0f;
  recolour_layers();
}

void NetworkScene::setParameters(std::shared_ptr<const ParameterCopy> parameters) {
  if (!structure_ || !parameters || parameters->parameters.weights.size() != structure_->connection_count()) return;
  parameters_ = std::move(parameters);
  start_digest();
  rebuild_highlight();
  rebuild_receptive_field();
}

bool NetworkScene::hasWeights() const { return parameters_ != nullptr; }

float NetworkScene::weight(std::size_t connection) const {
  return parameters_ && connection < parameters_->parameters.weights.size()
             ? parameters_->parameters.weights[connection]
             : std::numeric_limits<float>::quiet_NaN();
}

float NetworkScene::bias(std::size_t neuron) const {
  return parameters_ && neuron < parameters_->parameters.biases.size() ? parameters_->parameters.biases[neuron]
                                                                       : std::numeric_limits<float>::quiet_NaN();
}

void NetworkScene::start_digest() {
  if (!structure_ || !parameters_) return;
  if (digest_job_) {
    digest_again_ = true;
    return;
  }
  digest_job_ = new QFutureWatcher<ConnectionDigest>(this);
  connect(digest_job_, &QFutureWatcher<ConnectionDigest>::finished, this, [this] {
    QFutureWatcher<ConnectionDigest>* job = digest_job_;
    digest_job_ = nullptr;
    job->deleteLater();
    apply_digest(job->result());
  });
  digest_job_->setFuture(QtConcurrent::run(
      [structure = structure_, parameters = parameters_, layout = layout_, k = top_k_] {
        return digest_connections(*structure, layout, parameters->parameters.weights, k);
      }));
}

void NetworkScene::waitForDigest() {
  while (digest_job_) {
    QFutureWatcher<ConnectionDigest>* job = digest_job_;
    job->waitForFinished();
    job->disconnect(this);
    digest_job_ = nullptr;
    job->deleteLater();
    apply_digest(job->result());
  }
}

void NetworkScene::apply_digest(ConnectionDigest digest) {
  digest_ = std::move(digest);
  if (!structure_) return;
  // A bundle's colour and strength come from its mean weight relative to the layer's strongest
  // mean: between dense layers every bundle has about the same mean |w|, so that would draw a
  // uniform band, while the signed means show what the layer has learned to pass on.
  std::vector<float> strongest_mean(digest_.max_bundle_abs.size(), 0.0f);
  for (const ConnectionBundle& b : digest_.bundles) {
    float& m = strongest_mean[static_cast<std::size_t>(b.target_layer)];
    m = std::max(m, std::abs(b.mean_weight));
  }
  LineBuckets bundles;
  std::vector<QLineF> segments;
  // Arcs (graph networks' recurrent, self and skipping reads) show only below the blocks, where
  // which channel tile they start or end in cannot be told apart: bundles that differ only in
  // their channels are drawn as one arc (count-weighted mean ends and weight), which for G1
  // draws 16 arcs per read instead of about 500.
  struct Arc {
    QPointF from, to;
    double weight = 0, count = 0;
    int source_layer = 0, target_layer = 0;
  };
  std::map<std::array<int, 4>, Arc> arcs;
  for (const ConnectionBundle& b : digest_.bundles) {
    const QPointF from = layout_.layer(b.source_layer).region_centre(b.source_region);
    const QPointF to = layout_.layer(b.target_layer).region_centre(b.target_region);
    if (NetworkLayout::is_arc(b.source_layer, b.target_layer)) {
      const int source_split = layout_.layer(b.source_layer).region_split, target_split = layout_.layer(b.target_layer).region_split;
      Arc& a = arcs[{b.source_layer, b.target_layer, b.source_region % (source_split * source_split),
                     b.target_region % (target_split * target_split)}];
      a.from += from * b.count;
      a.to += to * b.count;
      a.weight += static_cast<double>(b.mean_weight) * b.count;
      a.count += b.count;
      a.source_layer = b.source_layer;
      a.target_layer = b.target_layer;
      continue;
    }
    const float strongest = strongest_mean[static_cast<std::size_t>(b.target_layer)];
    const float t = strongest > 0 ? b.mean_weight / strongest : 0.0f;
    segments.clear();
    route(from, to, b.source_layer, b.target_layer, &segments);
    for (const QLineF& segment : segments) bundles.add(segment, t);
  }
  std::vector<double> strongest_arc(digest_.max_bundle_abs.size(), 0.0);
  for (auto& [key, a] : arcs) {
    a.from /= a.count;
    a.to /= a.count;
    a.weight /= a.count;
    double& m = strongest_arc[static_cast<std::size_t>(a.target_layer)];
    m = std::max(m, std::abs(a.weight));
  }
  for (const auto& [key, a] : arcs) {
    const double strongest = strongest_arc[static_cast<std::size_t>(a.target_layer)];
    segments.clear();
    layout_.route(a.from, a.to, a.source_layer, a.target_layer, &segments);
    for (const QLineF& segment : segments) bundles.add(segment, strongest > 0 ? static_cast<float>(a.weight / strongest) : 0.0f);
  }
  LineBuckets top;
  std::vector<std::uint32_t> ids;
  std::vector<QLineF> lines;
  ids.reserve(digest_.top.size());
  lines.reserve(digest_.top.size());
  const std::vector<float>& w = parameters_->parameters.weights;
  for (std::uint32_t c : digest_.top) {
    const std::size_t target = structure_->target(c);
    const float strongest = digest_.max_abs[static_cast<std::size_t>(structure_->place(target).layer)];
    segments.clear();
    connection_lines(c, &segments);
    for (const QLineF& segment : segments) {
      top.add(segment, strongest > 0 ? w[c] / strongest : 0.0f);
      ids.push_back(c);
      lines.push_back(segment);
    }
  }
  connections_->setBundles(std::move(bundles));
  connections_->setTopK(std::move(top), std::move(ids), std::move(lines));
  rebuild_highlight();  // line strengths are relative to the digest's per-layer maxima
  emit digestApplied();
  if (digest_again_) {
    digest_again_ = false;
    start_digest();
  }
}

void NetworkScene::setMoving(bool moving) {
  if (connections_) connections_->setFast(moving);
  if (highlight_lines_) highlight_lines_->setFast(moving);
}

void NetworkScene::setConnectionMode(ConnectionMode mode) {
  if (connections_) connections_->setMode(mode);
}

ConnectionMode NetworkScene::connectionMode() const {
  return connections_ ? connections_->mode() : ConnectionMode::kAuto;
}

void NetworkScene::setTopK(int k) {
  k = std::max(1, k);
  if (k == top_k_) return;
  top_k_ = k;
  start_digest();
}

QPointF NetworkScene::centre(std::size_t neuron) const { return layout_.centre(structure_->place(neuron)); }

QLineF NetworkScene::visible_part(const QLineF& line, int source_layer, int target_layer) const {
  // Between layers left to right, only the stretch across the gap shows (the grids are opaque
  // and drawn over the lines); drawing just that stretch is most of the speed of the view.
  const QRectF& from = layout_.layer(source_layer).block;
  const QRectF& to = layout_.layer(target_layer).block;
  if (to.left() <= from.right() || line.x2() <= line.x1()) return line;
  const double t0 = std::clamp((from.right() - line.x1()) / line.dx(), 0.0, 1.0);
  const double t1 = std::clamp((to.left() - line.x1()) / line.dx(), 0.0, 1.0);
  return QLineF(line.pointAt(t0), line.pointAt(t1));
}

void NetworkScene::route(QPointF a, QPointF b, int source_layer, int target_layer, std::vector<QLineF>* out) const {
  if (NetworkLayout::is_arc(source_layer, target_layer)) layout_.route(a, b, source_layer, target_layer, out);
  else out->push_back(visible_part(QLineF(a, b), source_layer, target_layer));
}

void NetworkScene::connection_lines(std::size_t connection, std::vector<QLineF>* out) const {
  const std::size_t source = structure_->source(connection), target = structure_->target(connection);
  const NeuronPlace a = structure_->place(source), b = structure_->place(target);
  route(layout_.centre(a), layout_.centre(b), a.layer, b.layer, out);
}

void NetworkScene::setHovered(std::optional<std::size_t> neuron) {
  if (neuron == hovered_) return;
  hovered_ = neuron;
  rebuild_highlight();
  rebuild_receptive_field();
}

void NetworkScene::setMarks(std::vector<std::size_t> watched_neurons, std::vector<std::size_t> selected_neurons,
                            std::vector<std::size_t> selected_connections) {
  watched_neurons_ = std::move(watched_neurons);
  selected_neurons_ = std::move(selected_neurons);
  selected_connections_ = std::move(selected_connections);
  rebuild_highlight();
}

void NetworkScene::rebuild_highlight() {
  if (!structure_ || !highlight_) return;
  HighlightItem::Content content;
  const std::size_t neurons = structure_->neuron_count(), connections = structure_->connection_count();
  const std::vector<float>* w = parameters_ ? &parameters_->parameters.weights : nullptr;

  std::vector<std::size_t> shown;  // neurons whose connections are drawn
  if (hovered_ && *hovered_ < neurons) shown.push_back(*hovered_);
  for (std::size_t n : selected_neurons_)
    if (n < neurons && shown.size() < kMaxHighlightNeurons && std::find(shown.begin(), shown.end(), n) == shown.end())
      shown.push_back(n);

  std::vector<QLineF> segments;
  auto add_line = [&](std::size_t c) {
    const std::size_t target = structure_->target(c);
    const float strongest = digest_.max_abs.empty() ? 0.0f
                                                    : digest_.max_abs[static_cast<std::size_t>(structure_->place(target).layer)];
    const float weight = (*w)[c];
    segments.clear();
    connection_lines(c, &segments);
    for (const QLineF& segment : segments) {
      content.lines.add(segment, strongest > 0 ? weight / strongest : (weight > 0 ? 1.0f : -1.0f));
      content.ids.push_back(static_cast<std::uint32_t>(c));
      content.geometry.push_back(segment);
    }
  };
  if (w) {
    // A dense neuron has thousands of connections; its strongest ones tell the story (the
    // receptive field on the source grid shows every incoming weight).
    std::vector<std::size_t> ids;
    auto add_strongest = [&](std::size_t count) {
      if (ids.size() > kMaxLinesPerDirection) {
        std::nth_element(ids.begin(), ids.begin() + static_cast<std::ptrdiff_t>(kMaxLinesPerDirection), ids.end(),
                         [&](std::size_t a, std::size_t b) { return std::abs((*w)[a]) > std::abs((*w)[b]); });
        ids.resize(kMaxLinesPerDirection);
      }
      for (std::size_t c : ids)
        if (content.ids.size() < count) add_line(c);
    };
    for (std::size_t n : shown) {
      ids.clear();
      for (std::size_t c = structure_->incoming_begin(n); c < structure_->incoming_end(n); ++c) ids.push_back(c);
      add_strongest(kMaxHighlightLines);
      ids.clear();
      for (std::size_t e = structure_->outgoing_begin(n); e < structure_->outgoing_end(n); ++e) {
        const std::size_t c = structure_->outgoing_connection(e);
        // A neuron reading itself: that connection is among its incoming ones already.
        if (c < structure_->incoming_begin(n) || c >= structure_->incoming_end(n)) ids.push_back(c);
      }
      add_strongest(kMaxHighlightLines);
    }
  }
  for (std::size_t c : selected_connections_)
    if (c < connections) connection_lines(c, &content.selected_lines);

  auto cell = [&](std::size_t n) { return layout_.cell(structure_->place(n)); };
  if (hovered_ && *hovered_ < neurons) content.hovered_cells.push_back(cell(*hovered_));
  for (std::size_t n : selected_neurons_)
    if (n < neurons) content.selected_cells.push_back(cell(n));
  for (std::size_t n : watched_neurons_)
    if (n < neurons && std::find(selected_neurons_.begin(), selected_neurons_.end(), n) == selected_neurons_.end())
      content.watched_cells.push_back(cell(n));
  for (std::size_t c : selected_connections_)
    if (c < connections) {
      content.selected_cells.push_back(cell(structure_->source(c)));
      content.selected_cells.push_back(cell(structure_->target(c)));
    }
  auto shared = std::make_shared<const HighlightItem::Content>(std::move(content));
  highlight_lines_->setContent(shared);
  highlight_->setContent(std::move(shared));
}

void NetworkScene::rebuild_receptive_field() {
  for (int l : overlaid_layers_) layers_[static_cast<std::size_t>(l)]->setOverlay({});
  overlaid_layers_.clear();
  if (!structure_ || !hovered_ || !parameters_) return;
  const std::size_t n = *hovered_;
  const std::vector<float>& w = parameters_->parameters.weights;
  // Incoming weights on the source layers; an input neuron has none, so show where it sends.
  std::vector<std::pair<std::size_t, std::size_t>> ends;  // (neuron to paint, connection)
  for (std::size_t c = structure_->incoming_begin(n); c < structure_->incoming_end(n); ++c)
    ends.emplace_back(structure_->source(c), c);
  if (ends.empty())
    for (std::size_t e = structure_->outgoing_begin(n); e < structure_->outgoing_end(n); ++e) {
      const std::size_t c = structure_->outgoing_connection(e);
      ends.emplace_back(structure_->target(c), c);
    }
  if (ends.empty()) return;
  float strongest = 0;
  for (const auto& [m, c] : ends) strongest = std::max(strongest, std::abs(w[c]));
  std::vector<QImage> overlays(layers_.size());
  for (const auto& [m, c] : ends) {
    const NeuronPlace p = structure_->place(m);
    QImage& image = overlays[static_cast<std::size_t>(p.layer)];
    if (image.isNull()) {
      // Premultiplied: the format the raster engine blends without converting at every frame.
      image = QImage(layout_.layer(p.layer).image_size(), QImage::Format_ARGB32_Premultiplied);
      image.fill(QColor(0x0e, 0x10, 0x14, 215));  // dims the neurons outside the field
    }
    const QPoint pixel = layout_.layer(p.layer).pixel(p.x, p.y, p.c);
    reinterpret_cast<QRgb*>(image.scanLine(pixel.y()))[pixel.x()] = NeuronColours::colour(w[c], strongest);
  }
  for (std::size_t l = 0; l < overlays.size(); ++l) {
    if (overlays[l].isNull()) continue;
    layers_[l]->setOverlay(std::move(overlays[l]));
    overlaid_layers_.push_back(static_cast<int>(l));
  }
}

NetworkScene::Hit NetworkScene::hit(QPointF point, double tolerance) const {
  Hit h;
  if (!structure_) return h;
  if (auto n = layout_.neuron_at(point)) {
    h.kind = Hit::kNeuron;
    h.id = *n;
    return h;
  }
  double best = tolerance;
  auto consider = [&](const std::vector<QLineF>& lines, const std::vector<std::uint32_t>& ids) {
    for (std::size_t i = 0; i < lines.size(); ++i) {
      const double d = distance_to_segment(point, lines[i]);
      if (d <= best) {
        best = d;
        h.kind = Hit::kConnection;
        h.id = ids[i];
      }
    }
  };
  if (highlight_) consider(highlight_->content().geometry, highlight_->content().ids);
  if (h.kind == Hit::kNone && connections_ &&
      connections_shown(connections_->mode(), lod_) == ConnectionsShown::kTopK)
    consider(connections_->topLines(), connections_->topIds());
  return h;
}

double NetworkScene::tolerance_for(const QGraphicsSceneMouseEvent* event) const {
  const QWidget* viewport = event->widget();
  const auto* view = viewport ? qobject_cast<const QGraphicsView*>(viewport->parentWidget()) : nullptr;
  const double scale = view ? view->transform().m11() : 1.0;
  return 4.0 / std::max(scale, 1e-6);  // 4 screen pixels
}

void NetworkScene::mouseMoveEvent(QGraphicsSceneMouseEvent* event) {
  QGraphicsScene::mouseMoveEvent(event);
  if (event->buttons() != Qt::NoButton) return;  // panning
  const Hit h = hit(event->scenePos(), tolerance_for(event));
  setHovered(h.kind == Hit::kNeuron ? std::optional<std::size_t>(h.id) : std::nullopt);
  emit hoverChanged(h);
}

void NetworkScene::mousePressEvent(QGraphicsSceneMouseEvent* event) {
  if (event->button() == Qt::LeftButton) {
    const Hit h = hit(event->scenePos(), tolerance_for(event));
    if (h.kind != Hit::kNone) {
      event->accept();
      if (h.kind == Hit::kNeuron) emit neuronClicked(h.id, event->modifiers());
      else emit connectionClicked(h.id, event->modifiers());
      return;
    }
  }
  QGraphicsScene::mousePressEvent(event);  // leaves it ignored: the view pans
}

void NetworkScene::mouseDoubleClickEvent(QGraphicsSceneMouseEvent* event) {
  // The second press of a double click is a click too (clicking fast on two neurons).
  mousePressEvent(event);
}

}  // namespace dendrite
