#include "readysim/road_graph.hpp"

#include <algorithm>
#include <array>
#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/detail/d_ary_heap.hpp>
#include <boost/graph/dijkstra_shortest_paths.hpp>
#include <boost/graph/reverse_graph.hpp>
#include <boost/property_map/function_property_map.hpp>
#include <boost/property_map/property_map.hpp>
#include <cmath>
#include <map>
#include <numbers>
#include <string>
#include <utility>

#include "readysim/earth.hpp"
#include "readysim/error.hpp"

namespace readysim {

namespace {

constexpr std::array<std::pair<NodeKind, std::string_view>, 9> kKindNames{{
    {NodeKind::junction, "junction"},
    {NodeKind::community, "community"},
    {NodeKind::settlement, "settlement"},
    {NodeKind::station, "station"},
    {NodeKind::depot, "depot"},
    {NodeKind::shelter, "shelter"},
    {NodeKind::office, "office"},
    {NodeKind::enterprise, "enterprise"},
    {NodeKind::external, "external"},
}};

struct EdgeData {
  SegmentIndex segment = 0;
};

// Bidirectional so that shortest_times_to can run on a reverse_graph view without a copy.
using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::bidirectionalS, boost::no_property, EdgeData>;

// Records the relaxed segment rather than the predecessor vertex: parallel segments differ.
struct RecordVia : boost::default_dijkstra_visitor {
  std::vector<std::optional<SegmentIndex>>* via;
  template <class Edge, class G>
  void edge_relaxed(const Edge& e, const G& g) const {
    (*via)[boost::target(e, g)] = g[e].segment;
  }
};

bool positive(double v) { return std::isfinite(v) && v > 0.0; }

}  // namespace

std::string_view node_kind_name(NodeKind k) {
  for (const auto& [kind, name] : kKindNames) {
    if (kind == k) return name;
  }
  return "junction";
}

std::optional<NodeKind> parse_node_kind(std::string_view name) {
  for (const auto& [kind, n] : kKindNames) {
    if (n == name) return kind;
  }
  return std::nullopt;
}

namespace {
constexpr std::array<std::pair<JunctionControl, std::string_view>, 7> kControlNames{{
    {JunctionControl::priority, "priority"},
    {JunctionControl::stop, "stop"},
    {JunctionControl::traffic_signals, "traffic_signals"},
    {JunctionControl::roundabout, "roundabout"},
    {JunctionControl::priority, "give_way"},
    {JunctionControl::priority, "uncontrolled"},
    {JunctionControl::traffic_signals, "signals"},
}};
}  // namespace

std::string_view junction_control_name(JunctionControl c) {
  for (const auto& [control, name] : kControlNames) {
    if (control == c) return name;
  }
  return "";
}

std::optional<JunctionControl> parse_junction_control(std::string_view name) {
  for (const auto& [control, n] : kControlNames) {
    if (n == name) return control;
  }
  return std::nullopt;
}

// Growing on demand lets a default-constructed set serve any graph.
void ClosureSet::close(SegmentIndex s) {
  if (s >= closed_.size()) closed_.resize(s + 1, false);
  closed_[s] = true;
}

void ClosureSet::reopen(SegmentIndex s) {
  if (s < closed_.size()) closed_[s] = false;
}

std::size_t ClosureSet::count() const {
  return static_cast<std::size_t>(std::count(closed_.begin(), closed_.end(), true));
}

std::vector<SegmentIndex> ShortestPaths::path_to(NodeIndex n, const RoadGraph& g) const {
  if (n >= time_s.size() || n >= g.node_count()) {
    throw RoutingError("path_to: node index " + std::to_string(n) + " is out of range");
  }
  if (!reachable(n)) {
    throw RoutingError("no route from node '" + g.node(source).id + "' to node '" + g.node(n).id + "'");
  }
  std::vector<SegmentIndex> path;
  // A tree from another graph could loop; no simple path has more segments than nodes.
  while (n != source) {
    const auto& last = via[n];
    if (!last || path.size() >= g.node_count()) {
      throw RoutingError("path_to: these shortest paths do not belong to this road graph");
    }
    path.push_back(*last);
    n = g.segment(*last).from;
  }
  std::reverse(path.begin(), path.end());
  return path;
}

struct RoadGraph::Impl {
  // A segment as the forward search reads it: compact, in the node's out-edge order.
  struct OutEdge {
    NodeIndex to;
    SegmentIndex segment;
    double free_time_s;
  };

  Graph graph;
  std::vector<RoadNode> nodes;
  std::vector<RoadSegment> segments;
  std::map<std::string, NodeIndex, std::less<>> by_id;
  std::vector<std::vector<OutEdge>> out;  // by node, in insertion order (Boost's out-edge order)

  // The forward search (below); `targets` null: the whole graph.
  void forward_search(NodeIndex source, const ClosureSet* closed, const std::vector<double>* extra_s,
                      const std::vector<NodeIndex>* targets, ShortestPaths& sp) const;

  void check_node(NodeIndex n, const char* what) const {
    if (n >= nodes.size()) {
      throw RoutingError(std::string(what) + ": node index " + std::to_string(n) + " is out of range (the graph has " +
                         std::to_string(nodes.size()) + " nodes)");
    }
  }

  // Works on the graph and on its reverse view alike. Closed segments weigh infinity, and
  // with distance_inf = infinity Boost's closed_plus never relaxes across them.
  template <class G>
  void dijkstra(const G& g, NodeIndex source, const ClosureSet* closed, std::vector<double>& dist,
                std::vector<std::optional<SegmentIndex>>* via, const std::vector<double>* extra_s = nullptr) const {
    using Edge = typename boost::graph_traits<G>::edge_descriptor;
    auto weight = boost::make_function_property_map<Edge, double>([&](const Edge& e) {
      const SegmentIndex s = g[e].segment;
      if (closed != nullptr && closed->is_closed(s)) return kUnreachable;
      return segments[s].free_time_s() + (extra_s != nullptr ? (*extra_s)[s] : 0.0);
    });
    dist.assign(nodes.size(), kUnreachable);
    auto params = boost::weight_map(weight)
                      .distance_map(boost::make_iterator_property_map(dist.begin(), boost::get(boost::vertex_index, g)))
                      .distance_inf(kUnreachable)
                      .distance_zero(0.0);
    if (via != nullptr) {
      via->assign(nodes.size(), std::nullopt);
      boost::dijkstra_shortest_paths(g, source, params.visitor(RecordVia{{}, via}));
    } else {
      boost::dijkstra_shortest_paths(g, source, params);
    }
  }
};

// The forward search: Boost's dijkstra_shortest_paths step for step (breadth_first_visit with
// its 4-ary indirect heap, relax_target's strict comparisons, closed_plus with an infinite
// distance), on compact out-edge lists instead of the adjacency list, and able to stop once
// every wanted node is settled. Same steps in the same order, so the same bits as Boost's
// (tests/unit/test_platform_routes.cpp checks them against Boost itself).
void RoadGraph::Impl::forward_search(NodeIndex source, const ClosureSet* closed, const std::vector<double>* extra_s,
                                     const std::vector<NodeIndex>* targets, ShortestPaths& sp) const {
  const std::size_t n = nodes.size();
  sp.source = source;
  sp.time_s.assign(n, kUnreachable);
  sp.via.assign(n, std::nullopt);
  enum : unsigned char { white, gray, black };
  std::vector<unsigned char> color(n, white);
  std::vector<std::size_t> index_in_heap(n);
  std::vector<char> wanted;
  std::size_t left = 0;
  if (targets != nullptr) {
    wanted.assign(n, 0);
    for (const NodeIndex t : *targets)
      if (wanted[t] == 0) {
        wanted[t] = 1;
        ++left;
      }
    if (left == 0) {
      sp.time_s[source] = 0.0;
      return;
    }
  }
  double* dist = sp.time_s.data();
  auto dist_map = boost::make_iterator_property_map(dist, boost::identity_property_map());
  auto index_map = boost::make_iterator_property_map(index_in_heap.data(), boost::identity_property_map());
  boost::d_ary_heap_indirect<NodeIndex, 4, decltype(index_map), decltype(dist_map), std::less<double>> queue(
      dist_map, index_map, std::less<double>());
  const auto combine = [](double a, double b) { return (a == kUnreachable || b == kUnreachable) ? kUnreachable : a + b; };
  dist[source] = 0.0;
  color[source] = gray;
  queue.push(source);
  while (!queue.empty()) {
    const NodeIndex u = queue.top();
    queue.pop();
    if (targets != nullptr && wanted[u] != 0) {
      wanted[u] = 0;
      if (--left == 0) {  // every target settled: what is not settled yet reads as unreachable
        color[u] = black;
        for (NodeIndex v = 0; v < n; ++v)
          if (color[v] != black) {
            dist[v] = kUnreachable;
            sp.via[v] = std::nullopt;
          }
        return;
      }
    }
    for (const OutEdge& e : out[u]) {
      const double w = (closed != nullptr && closed->is_closed(e.segment))
                           ? kUnreachable
                           : e.free_time_s + (extra_s != nullptr ? (*extra_s)[e.segment] : 0.0);
      const NodeIndex v = e.to;
      const unsigned char c = color[v];
      if (c == black) continue;
      const double d_v = dist[v];
      bool relaxed = false;
      if (combine(dist[u], w) < d_v) {
        dist[v] = combine(dist[u], w);
        relaxed = dist[v] < d_v;
      }
      if (c == white) {
        color[v] = gray;
        queue.push(v);
      } else if (relaxed) {
        queue.update(v);
      }
      if (relaxed) sp.via[v] = e.segment;
    }
    color[u] = black;
  }
}

RoadGraph::RoadGraph() : impl_(std::make_unique<Impl>()) {}
RoadGraph::~RoadGraph() = default;
RoadGraph::RoadGraph(const RoadGraph& other)
    : impl_(other.impl_ ? std::make_unique<Impl>(*other.impl_) : nullptr), geographic_(other.geographic_),
      junction_rules_(other.junction_rules_) {}
RoadGraph& RoadGraph::operator=(const RoadGraph& other) {
  if (this != &other) *this = RoadGraph(other);
  return *this;
}
RoadGraph::RoadGraph(RoadGraph&&) noexcept = default;
RoadGraph& RoadGraph::operator=(RoadGraph&&) noexcept = default;

NodeIndex RoadGraph::add_node(RoadNode node) {
  if (node.id.empty()) throw RoutingError("add_node: a road node needs a non-empty id");
  if (impl_->by_id.contains(node.id)) throw RoutingError("add_node: node id '" + node.id + "' exists already");
  const NodeIndex n = boost::add_vertex(impl_->graph);
  impl_->out.emplace_back();
  impl_->by_id.emplace(node.id, n);
  impl_->nodes.push_back(std::move(node));
  return n;
}

SegmentIndex RoadGraph::add_segment(RoadSegment segment) {
  const std::string what = "add_segment '" + segment.id + "'";
  impl_->check_node(segment.from, what.c_str());
  impl_->check_node(segment.to, what.c_str());
  if (!positive(segment.length_m)) throw RoutingError(what + ": length_m must be > 0");
  if (!positive(segment.free_speed_mps)) throw RoutingError(what + ": free_speed_mps must be > 0");
  if (!positive(segment.capacity_vps)) throw RoutingError(what + ": capacity_vps must be > 0");
  if (segment.lanes < 1) throw RoutingError(what + ": lanes must be >= 1");
  const SegmentIndex s = impl_->segments.size();
  boost::add_edge(segment.from, segment.to, EdgeData{s}, impl_->graph);
  impl_->out[segment.from].push_back(Impl::OutEdge{segment.to, s, segment.free_time_s()});
  impl_->segments.push_back(std::move(segment));
  return s;
}

std::size_t RoadGraph::node_count() const { return impl_->nodes.size(); }
std::size_t RoadGraph::segment_count() const { return impl_->segments.size(); }

const RoadNode& RoadGraph::node(NodeIndex n) const {
  impl_->check_node(n, "node");
  return impl_->nodes[n];
}

const RoadSegment& RoadGraph::segment(SegmentIndex s) const {
  if (s >= impl_->segments.size()) {
    throw RoutingError("segment: segment index " + std::to_string(s) + " is out of range (the graph has " +
                       std::to_string(impl_->segments.size()) + " segments)");
  }
  return impl_->segments[s];
}

std::optional<NodeIndex> RoadGraph::find_node(std::string_view id) const {
  const auto it = impl_->by_id.find(id);
  if (it == impl_->by_id.end()) return std::nullopt;
  return it->second;
}

JunctionControl RoadGraph::control(NodeIndex n) const {
  const JunctionControl own = node(n).control;
  return own == JunctionControl::unset ? junction_rules_.default_control : own;
}

double RoadGraph::junction_capacity_vps(NodeIndex n) const {
  impl_->check_node(n, "junction_capacity_vps");
  // Movements cross only where three or more neighbours meet; the first three are enough to tell.
  std::array<NodeIndex, 3> seen{};
  std::size_t neighbours = 0;
  int lanes = 1;
  const auto meet = [&](NodeIndex other, SegmentIndex s) {
    lanes = std::max(lanes, impl_->segments[s].lanes);
    const auto end = seen.begin() + static_cast<std::ptrdiff_t>(std::min(neighbours, seen.size()));
    if (other == n || std::find(seen.begin(), end, other) != end) return;
    if (neighbours < seen.size()) seen[neighbours] = other;
    ++neighbours;
  };
  for (const auto& e : boost::make_iterator_range(boost::out_edges(n, impl_->graph)))
    meet(boost::target(e, impl_->graph), impl_->graph[e].segment);
  for (const auto& e : boost::make_iterator_range(boost::in_edges(n, impl_->graph)))
    meet(boost::source(e, impl_->graph), impl_->graph[e].segment);
  if (neighbours <= 2) return std::numeric_limits<double>::infinity();
  return junction_rules_.per_lane_vps[static_cast<int>(control(n))] * lanes;
}

std::vector<SegmentIndex> RoadGraph::out_segments(NodeIndex n) const {
  impl_->check_node(n, "out_segments");
  std::vector<SegmentIndex> out;
  for (const auto& e : boost::make_iterator_range(boost::out_edges(n, impl_->graph))) {
    out.push_back(impl_->graph[e].segment);
  }
  return out;
}

ShortestPaths RoadGraph::shortest_paths_from(NodeIndex source, const ClosureSet* closed,
                                             const std::vector<double>* extra_time_s) const {
  impl_->check_node(source, "shortest_paths_from");
  if (extra_time_s != nullptr && extra_time_s->size() != segment_count())
    throw RoutingError("shortest_paths_from: extra_time_s must have one entry per segment");
  ShortestPaths sp;
  impl_->forward_search(source, closed, extra_time_s, nullptr, sp);
  return sp;
}

ShortestPaths RoadGraph::shortest_paths_to(NodeIndex source, const std::vector<NodeIndex>& targets,
                                           const ClosureSet* closed, const std::vector<double>* extra_time_s) const {
  impl_->check_node(source, "shortest_paths_to");
  for (const NodeIndex t : targets) impl_->check_node(t, "shortest_paths_to");
  if (extra_time_s != nullptr && extra_time_s->size() != segment_count())
    throw RoutingError("shortest_paths_to: extra_time_s must have one entry per segment");
  ShortestPaths sp;
  impl_->forward_search(source, closed, extra_time_s, &targets, sp);
  return sp;
}

std::vector<double> RoadGraph::shortest_times_to(NodeIndex target, const ClosureSet* closed) const {
  impl_->check_node(target, "shortest_times_to");
  std::vector<double> time_s;
  impl_->dijkstra(boost::make_reverse_graph(impl_->graph), target, closed, time_s, nullptr);
  return time_s;
}

std::vector<std::pair<double, double>> RoadGraph::plane_positions_m() const {
  std::vector<std::pair<double, double>> out(node_count());
  if (!geographic_) {
    for (NodeIndex n = 0; n < node_count(); ++n) out[n] = {node(n).x_m, node(n).y_m};
    return out;
  }
  double lon0 = 0, lat0 = 0;
  for (NodeIndex n = 0; n < node_count(); ++n) lon0 += node(n).x_m, lat0 += node(n).y_m;
  const auto count = static_cast<double>(std::max<std::size_t>(1, node_count()));
  lon0 /= count;
  lat0 /= count;
  const double m_per_deg = kEarthRadiusM * std::numbers::pi / 180;
  const double k = std::cos(lat0 * std::numbers::pi / 180);
  for (NodeIndex n = 0; n < node_count(); ++n)
    out[n] = {(node(n).x_m - lon0) * m_per_deg * k, (node(n).y_m - lat0) * m_per_deg};
  return out;
}

}  // namespace readysim
