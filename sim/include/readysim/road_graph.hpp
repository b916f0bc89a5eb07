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
};

}  // namespace readysim
