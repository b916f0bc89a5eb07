#pragma once
// The roads during one replication: which segments are closed to which vehicles, how loaded
// they are, and moving over them hop by hop with re-planning around closures.

#include <cstdint>
#include <vector>

#include "platform/platform.hpp"
#include "readysim/flood.hpp"
#include "readysim/road_graph.hpp"

namespace readysim {

/// Road state shared by every actor of a replication.
class RoadState {
 public:
  /// Open roads; activities are counted into `events`.
  RoadState(const RoadGraph& roads, const Platform& platform, std::int64_t& events);
  /// Hands the per-segment tables back for the next replication, cleared where they were used.
  ~RoadState();
  RoadState(const RoadState&) = delete;
  RoadState& operator=(const RoadState&) = delete;

  /// How a trip ended.
  struct Trip {
    bool arrived = false;      ///< reached the destination
    NodeIndex at = 0;          ///< where the vehicles are now
    std::int32_t replans = 0;  ///< routes recomputed around closures
  };

  /// Closes or reopens a segment for a vehicle class; closing it to trucks closes its SimGrid
  /// link (nothing drives through water trucks cannot), which fails transfers on it.
  void set_closed(SegmentIndex s, VehicleClass cls, bool closed);
  /// Segments closed to a vehicle class now.
  [[nodiscard]] const ClosureSet& closed(VehicleClass cls) const { return closed_[static_cast<int>(cls)]; }

  /// Shortest paths from `from` for a class under the closures now, each segment weighted by its
  /// free time plus the queue now on it (load / capacity), so that later platoons spread. With
  /// `targets`, the search stops once they are all settled (RoadGraph::shortest_paths_to): only
  /// their entries (and those of nodes nearer) are to be read.
  [[nodiscard]] ShortestPaths paths_from(NodeIndex from, VehicleClass cls,
                                         const std::vector<NodeIndex>* targets = nullptr) const;

  /// Drives a platoon of `vehicles` from `from` to `to` (from the calling actor). Each hop is a
  /// SimGrid transfer, entered first come, first served: a platoon waits at a segment's tail
  /// until the platoon that entered before it has all entered; the whole platoon is charged on
  /// the bottleneck of the remaining path and a token on the other hops, so free flow costs
  /// ΣL + S/C_min as a real platoon does. For cars (the evacuating households) C_min counts the
  /// junctions crossed (Platform::junction_vps) and, leaving `from`, the way onto the road
  /// (Platform::entry_vps), which are first come, first served too, and a car platoon holds
  /// every segment's entry for S / its capacity, so platoons merging onto one road share it. Before
  /// each hop, and when a link fails under it, the route is recomputed from where it stands; a
  /// trip gives up (arrived = false) when no route is left or after too many re-plans, so a
  /// vehicle never loops forever. `planned` is used while none of its segments is closed.
  Trip drive(NodeIndex from, NodeIndex to, VehicleClass cls, double vehicles,
             const std::vector<SegmentIndex>* planned = nullptr);
  /// Walks from `from` to `to` at `speed_mps` off the road capacity, re-planning around water
  /// too deep for cars.
  Trip walk(NodeIndex from, NodeIndex to, double speed_mps);

 private:
  std::vector<SegmentIndex> route(NodeIndex from, NodeIndex to, VehicleClass cls) const;
  const RoadGraph& roads_;
  const Platform& platform_;
  std::int64_t& events_;
  ClosureSet closed_[2];
  void add_load(SegmentIndex s, double vehicles);
  // Per-segment tables, one entry per segment; taken from the last replication's RoadState and
  // cleared entry by entry (`touched_`), so a replication costs what it uses, not the graph's size.
  std::vector<double> load_;     // vehicles in transfer on each segment
  std::vector<double> queue_s_;  // load_ / capacity, the extra time a route search adds
  std::vector<double> free_at_;  // when the last platoon to enter each segment has all entered
  std::vector<char> used_;       // by segment: listed in touched_
  std::vector<SegmentIndex> touched_;
  std::vector<double> junction_free_at_;  // by node: when the last car platoon through it has all crossed
  std::vector<double> entry_free_at_;     // by node: when the last platoon leaving home there has all entered
  std::vector<NodeIndex> touched_nodes_;  // nodes whose entries above are set (maybe listed twice)
  void touch_node(NodeIndex n);
  bool any_closed_ = false;
};

}  // namespace readysim
