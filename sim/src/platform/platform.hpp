#pragma once
// The road graph as a SimGrid platform: a host per road node, a link per directed segment
// (latency = free-flow time, bandwidth = capacity), and one route per segment, from its tail's
// host to its head's, held by our own zone (memory linear in nodes + segments; no route table
// per pair of hosts). Vehicles move hop by hop along our own travel-time shortest paths, so
// closures and congestion act on every hop. With model/, the only folder that includes SimGrid: the model stands on this platform,
// and kernel/'s replication runner stands above both.

#include <cstdint>
#include <vector>

#include "readysim/road_graph.hpp"

namespace simgrid::s4u {
class Host;
class Link;
}  // namespace simgrid::s4u

namespace readysim {

/// The SimGrid platform of one road graph. One per process (SimGrid allows one engine).
class Platform {
 public:
  /// Creates the SimGrid engine with the exact fluid settings and builds the platform.
  /// Throws readysim::Error when called twice in one process.
  explicit Platform(const RoadGraph& roads);

  /// Moves `vehicles` vehicles over one segment (from the calling actor): L + S/B at free flow,
  /// sharing the link's capacity with everyone else on it. Returns false when the link is or
  /// goes down during the transfer (a flooded road): the vehicles are still at its start.
  [[nodiscard]] bool hop(SegmentIndex segment, double vehicles) const;
  /// Closes or reopens a segment's link (from an actor, at the closure time).
  void set_link(SegmentIndex segment, bool open) const;

  /// Simulated clock, seconds.
  [[nodiscard]] static double now();
  /// Runs the simulation until no actor is left.
  void run() const;
  /// Reset between replications: reopens the links closed since the last reset (it visits only
  /// those); returns how many were closed.
  int reopen_links() const;
  /// Number of actors alive (0 between replications).
  [[nodiscard]] std::size_t actor_count() const;
  /// What node `n` lets through as a junction, vehicles per second (RoadGraph::junction_capacity_vps,
  /// computed once here); infinite where no movements cross.
  [[nodiscard]] double junction_vps(NodeIndex n) const { return junction_vps_[n]; }
  /// What the way from a settlement onto the road lets through, vehicles per second.
  [[nodiscard]] double entry_vps() const { return roads_.junction_rules().entry_vps; }
  /// The host standing for a road node (all model actors live on host 0).
  [[nodiscard]] simgrid::s4u::Host* host(NodeIndex n) const { return hosts_[n]; }

 private:
  class RoadZone;
  const RoadGraph& roads_;
  std::vector<simgrid::s4u::Host*> hosts_;         // by node index
  std::vector<simgrid::s4u::Link*> links_;         // by segment index: each segment its own link
  std::vector<simgrid::s4u::Host*> senders_;       // by segment index: its tail's host, or for a
                                                   // parallel segment a host of its own at the tail
  std::vector<double> junction_vps_;              // by node index
  mutable std::vector<SegmentIndex> turned_off_;   // links closed since the last reopen_links
};

}  // namespace readysim
