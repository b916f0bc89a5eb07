#pragma once
// A place given as a position instead of a road node id (`node: {lon: …, lat: …}` or
// `node: {x_m: …, y_m: …}`) snaps to the nearest road node. The nodes are put in a grid of
// square cells once, so a lookup visits only the cells around the position (rings of cells until
// no nearer node can be left), not every node.

#include <cstddef>
#include <vector>

#include "readysim/earth.hpp"
#include "readysim/road_graph.hpp"

namespace readysim {

/// The distance a place may lie from its nearest road node unless `district.snap_distance` says otherwise.
inline constexpr double kDefaultSnapDistanceM = 500.0;

/// The nearest node of a road graph to a position, by a grid index built once.
class NodeSnapper {
 public:
  /// How positions are compared: metres against x_m/y_m, or degrees against lon/lat (great circle).
  enum class Frame { metres, lonlat };
  /// The nearest node and how far it is, metres.
  struct Hit {
    NodeIndex node = 0;       ///< the nearest node (the lowest index among equally near ones)
    double distance_m = 0.0;  ///< its distance from the position, metres
  };

  /// Indexes `g`'s nodes in `frame` (lonlat: their lon/lat, which must all be known; see usable()).
  NodeSnapper(const RoadGraph& g, Frame frame);
  /// False when the graph has no nodes, or (lonlat) some node has no lon/lat.
  [[nodiscard]] bool usable() const { return usable_; }
  /// The nearest node to (a, b): x_m, y_m in metres, or lon, lat in degrees.
  [[nodiscard]] Hit nearest(double a, double b) const;

 private:
  [[nodiscard]] double distance(std::size_t node, double a, double b) const;
  void plane(double a, double b, double& x, double& y) const;

  const RoadGraph& g_;
  Frame frame_;
  bool usable_ = false;
  double lat0_cos_ = 1.0;              // lonlat: cos of the mean latitude (equirectangular plane)
  double x0_ = 0, y0_ = 0, cell_ = 1;  // grid origin and cell side, plane metres
  long nx_ = 0, ny_ = 0;               // cells across and down
  std::vector<std::size_t> start_;     // nodes of cell c: order_[start_[c] .. start_[c + 1])
  std::vector<NodeIndex> order_;       // node indices sorted by cell
  std::vector<double> px_, py_;        // each node's plane position
};

}  // namespace readysim
