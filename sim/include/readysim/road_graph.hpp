#pragma once
/// \file road_graph.hpp
/// The district's road network: nodes, directed segments, shortest travel times and paths.
/// Boost.Graph does the work behind this header; callers never see its types.

#include <cstddef>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace readysim {

/// Index of a node in a RoadGraph (dense, 0-based, in insertion order).
using NodeIndex = std::size_t;
/// Index of a directed segment in a RoadGraph (dense, 0-based, in insertion order).
using SegmentIndex = std::size_t;

/// Travel time that stands for "unreachable".
inline constexpr double kUnreachable = std::numeric_limits<double>::infinity();

/// What a node is, as far as the road network knows.
enum class NodeKind { junction, community, settlement, station, depot, shelter, office, enterprise, external };

/// Name as written in files ("junction").
std::string_view node_kind_name(NodeKind k);
/// Parses a node kind name; nullopt when unknown.
std::optional<NodeKind> parse_node_kind(std::string_view name);

/// How a junction is controlled (nodes CSV column `control`; OSM `highway=traffic_signals|stop|give_way`,
/// `junction=roundabout`). `unset` takes the district's default (`district.junction_control`).
enum class JunctionControl { unset, priority, stop, traffic_signals, roundabout };

/// Name as written in files ("traffic_signals"); "" for unset.
std::string_view junction_control_name(JunctionControl c);
/// Parses a control name (priority, stop, traffic_signals, roundabout; also give_way and
/// uncontrolled for priority, signals for traffic_signals); nullopt when unknown.
std::optional<JunctionControl> parse_junction_control(std::string_view name);

/// What junctions and the way onto the road let through, vehicles per second. Car platoons (the
/// evacuating households) are held by them; trucks (engines, supply and transport trucks) are not.
struct JunctionRules {
  /// Control of a node whose own is unset.
  JunctionControl default_control = JunctionControl::priority;
  /// Capacity of the whole junction (all movements through it, which share its conflict area),
  /// per lane of the widest road at the node, by control (index: JunctionControl, `unset` unused).
  /// Defaults, veh/h per lane: priority 1,900 (HCM 7th ed. base saturation flow, Eq. 19-8: the
  /// major road passes uninterrupted, minor movements fill its gaps); traffic signals 1,730
  /// (1,900 × g/C with two phases of 4 s lost time in a 90 s cycle, HCM 7th ed. Ch. 19); stop
  /// 900 (all-way stop, one departure per 4.0 s, HCM 7th ed. Ch. 21's base saturation headway
  /// 3.9–4.0 s); roundabout 1,380 (HCM 7th ed. Eq. 22-1, one entry lane at no circulating flow).
  double per_lane_vps[5] = {0.0, 1900.0 / 3600, 900.0 / 3600, 1730.0 / 3600, 1380.0 / 3600};
  /// Capacity of the way from a settlement onto the road, shared by every car platoon that starts
  /// a trip at the node: 3600 / 3.3 s ≈ 1,090 veh/h, the minor-street right turn's follow-up
  /// headway (HCM 7th ed. Ch. 20, Exhibit 20-12) with no conflicting flow.
  double entry_vps = 3600.0 / 3.3 / 3600;
};

/// A road node (a junction, a village, a station…).
struct RoadNode {
  std::string id;                ///< unique id, as referenced by the scenario
  double x_m = 0.0;              ///< easting in metres, or longitude in degrees when geographic
  double y_m = 0.0;              ///< northing in metres, or latitude in degrees when geographic
  double elevation_m = 0.0;      ///< ground elevation above datum, metres; NaN when unknown (an empty field)
  NodeKind kind = NodeKind::junction;  ///< what is at the node
  /// Longitude in degrees (WGS 84) when the nodes file has a lon column, else NaN. With x_m/y_m
  /// too, x_m/y_m stay the position and lon/lat are kept for maps and snapping.
  double lon = std::numeric_limits<double>::quiet_NaN();
  /// Latitude in degrees (WGS 84) when the nodes file has a lat column, else NaN.
  double lat = std::numeric_limits<double>::quiet_NaN();
  /// How the junction is controlled; `unset` takes JunctionRules::default_control.
  JunctionControl control = JunctionControl::unset;
};

/// A directed road segment (a two-way road is two segments).
struct RoadSegment {
  std::string id;                ///< id of the road it belongs to (both directions share it)
  NodeIndex from = 0;            ///< tail node
  NodeIndex to = 0;              ///< head node
  double length_m = 0.0;         ///< length, metres (> 0)
  double free_speed_mps = 0.0;   ///< free-flow speed, m/s (> 0)
  double capacity_vps = 0.0;     ///< capacity, vehicles per second (> 0)
  int lanes = 1;                 ///< lanes in this direction
  std::string road_class;        ///< provincial, county, village, levee… (free text)
  /// Free-flow travel time in seconds.
  [[nodiscard]] double free_time_s() const { return length_m / free_speed_mps; }
};

/// A set of segments that are closed (flooded, blocked), for routing around them.
class ClosureSet {
 public:
  /// An empty set for a graph with `segment_count` segments.
  explicit ClosureSet(std::size_t segment_count = 0) : closed_(segment_count, false) {}
  /// Closes a segment (the set grows to hold any index, so an empty set fits every graph).
  void close(SegmentIndex s);
  /// Reopens a segment.
  void reopen(SegmentIndex s);
  /// True when the segment is closed.
  [[nodiscard]] bool is_closed(SegmentIndex s) const { return s < closed_.size() && closed_[s]; }
  /// Number of closed segments.
  [[nodiscard]] std::size_t count() const;

 private:
  std::vector<bool> closed_;
};

/// Single-source shortest travel times (free flow) and the tree of paths.
struct ShortestPaths {
  NodeIndex source = 0;                           ///< where the paths start
  std::vector<double> time_s;                     ///< travel time to each node; kUnreachable if none
  std::vector<std::optional<SegmentIndex>> via;   ///< last segment on the path to each node

  /// True when `n` can be reached.
  [[nodiscard]] bool reachable(NodeIndex n) const { return time_s[n] != kUnreachable; }
  /// Segments from the source to `n`, in driving order; empty for the source itself.
  /// Throws RoutingError when `n` is unreachable.
  [[nodiscard]] std::vector<SegmentIndex> path_to(NodeIndex n, const class RoadGraph& g) const;
};

/// The road network.
class RoadGraph {
 public:
  /// An empty graph.
  RoadGraph();
  ~RoadGraph();
  /// Deep copy.
  RoadGraph(const RoadGraph&);
  /// Deep copy.
  RoadGraph& operator=(const RoadGraph&);
  /// Move; the moved-from graph may only be assigned to or destroyed.
  RoadGraph(RoadGraph&&) noexcept;
  /// Move; the moved-from graph may only be assigned to or destroyed.
  RoadGraph& operator=(RoadGraph&&) noexcept;

  /// Adds a node; throws RoutingError when the id is empty or exists already.
  NodeIndex add_node(RoadNode node);
  /// Adds a directed segment between existing nodes; returns its index. Throws RoutingError for
  /// a node index out of range, a length, speed or capacity that is not a positive finite
  /// number, or lanes < 1. Parallel segments are allowed.
  SegmentIndex add_segment(RoadSegment segment);

  /// Number of nodes.
  [[nodiscard]] std::size_t node_count() const;
  /// Number of directed segments.
  [[nodiscard]] std::size_t segment_count() const;
  /// A node by index; throws RoutingError when out of range.
  [[nodiscard]] const RoadNode& node(NodeIndex n) const;
  /// A segment by index; throws RoutingError when out of range.
  [[nodiscard]] const RoadSegment& segment(SegmentIndex s) const;
  /// Looks a node up by id.
  [[nodiscard]] std::optional<NodeIndex> find_node(std::string_view id) const;
  /// Segments leaving node `n`, in insertion order.
  [[nodiscard]] std::vector<SegmentIndex> out_segments(NodeIndex n) const;
  /// True when positions are lon/lat degrees rather than metres.
  [[nodiscard]] bool geographic() const { return geographic_; }
  /// Marks positions as lon/lat degrees.
  void set_geographic(bool g) { geographic_ = g; }
  /// Every node's position in metres on a plane, for drawing: x_m/y_m as they are, or lon/lat
  /// projected onto a plane tangent at the nodes' mean position (equirectangular; districts are small).
  [[nodiscard]] std::vector<std::pair<double, double>> plane_positions_m() const;
  /// Junction and entry capacities (the scenario's `district.junction_*` and `entry_capacity`).
  [[nodiscard]] const JunctionRules& junction_rules() const { return junction_rules_; }
  /// Sets the junction and entry capacities.
  void set_junction_rules(const JunctionRules& rules) { junction_rules_ = rules; }
  /// The control of node `n`: its own, else the rules' default.
  [[nodiscard]] JunctionControl control(NodeIndex n) const;
  /// What node `n` lets through as a junction, vehicles per second: its control's capacity per
  /// lane times the lanes of its widest segment; infinite for a node with at most two
  /// neighbours (a bend, a road's end, a place along one road), where no movements cross.
  [[nodiscard]] double junction_capacity_vps(NodeIndex n) const;

  /// Free-flow shortest travel times from `source` (Dijkstra), avoiding closed segments.
  /// Throws RoutingError when `source` is out of range. `extra_time_s` (one entry per segment)
  /// adds to each segment's time, e.g. the queue expected on it.
  [[nodiscard]] ShortestPaths shortest_paths_from(NodeIndex source, const ClosureSet* closed = nullptr,
                                                  const std::vector<double>* extra_time_s = nullptr) const;
  /// The same search as shortest_paths_from, stopped as soon as every node of `targets` is
  /// settled: their times and paths are exactly those of the full search (the same steps in the
  /// same order), and the work is only that of the part of the graph nearer than the farthest
  /// target. Nodes not settled by then read as unreachable. Throws RoutingError for a source or
  /// target out of range.
  [[nodiscard]] ShortestPaths shortest_paths_to(NodeIndex source, const std::vector<NodeIndex>& targets,
                                                const ClosureSet* closed = nullptr,
                                                const std::vector<double>* extra_time_s = nullptr) const;
  /// Free-flow shortest travel times to `target` from every node (Dijkstra on the reverse graph).
  [[nodiscard]] std::vector<double> shortest_times_to(NodeIndex target, const ClosureSet* closed = nullptr) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  bool geographic_ = false;
  JunctionRules junction_rules_;
};

}  // namespace readysim
