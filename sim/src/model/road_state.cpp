#include "model/road_state.hpp"

#include <simgrid/s4u.hpp>

#include <algorithm>
#include <limits>

namespace readysim {

namespace {
constexpr std::int32_t kMaxReplans = 64;
constexpr double kToken = 1e-6;  // vehicles carried on non-bottleneck hops
}  // namespace

namespace {
// The per-segment tables of the RoadState that ended last, kept for the next (one process runs
// one replication at a time; a second RoadState alive at once simply makes its own).
struct SegmentTables {
  std::vector<double> load, queue_s, free_at;
  std::vector<char> used;
  std::vector<double> junction_free_at, entry_free_at;  // by node
};
SegmentTables& spare_tables() {
  static SegmentTables spare;
  return spare;
}
}  // namespace

RoadState::RoadState(const RoadGraph& roads, const Platform& platform, std::int64_t& events)
    : roads_(roads), platform_(platform), events_(events) {
  SegmentTables& spare = spare_tables();
  const std::size_t n = roads.segment_count();
  if (spare.load.size() == n) {
    load_ = std::move(spare.load);
    queue_s_ = std::move(spare.queue_s);
    free_at_ = std::move(spare.free_at);
    used_ = std::move(spare.used);
  } else {
    load_.assign(n, 0.0);
    queue_s_.assign(n, 0.0);
    free_at_.assign(n, 0.0);
    used_.assign(n, 0);
  }
  if (spare.junction_free_at.size() == roads.node_count()) {
    junction_free_at_ = std::move(spare.junction_free_at);
    entry_free_at_ = std::move(spare.entry_free_at);
  } else {
    junction_free_at_.assign(roads.node_count(), 0.0);
    entry_free_at_.assign(roads.node_count(), 0.0);
  }
  spare = SegmentTables{};
}

RoadState::~RoadState() {
  for (const SegmentIndex s : touched_) {
    load_[s] = 0.0;
    queue_s_[s] = 0.0;
    free_at_[s] = 0.0;
    used_[s] = 0;
  }
  for (const NodeIndex n : touched_nodes_) {
    junction_free_at_[n] = 0.0;
    entry_free_at_[n] = 0.0;
  }
  SegmentTables& spare = spare_tables();
  spare.load = std::move(load_);
  spare.queue_s = std::move(queue_s_);
  spare.free_at = std::move(free_at_);
  spare.used = std::move(used_);
  spare.junction_free_at = std::move(junction_free_at_);
  spare.entry_free_at = std::move(entry_free_at_);
}

void RoadState::add_load(SegmentIndex s, double vehicles) {
  if (used_[s] == 0) {
    used_[s] = 1;
    touched_.push_back(s);
  }
  load_[s] += vehicles;
  queue_s_[s] = load_[s] / roads_.segment(s).capacity_vps;
}

void RoadState::set_closed(SegmentIndex s, VehicleClass cls, bool closed) {
  ClosureSet& set = closed_[static_cast<int>(cls)];
  if (closed) {
    set.close(s);
    any_closed_ = true;
  } else {
    set.reopen(s);
  }
  if (cls == VehicleClass::truck) platform_.set_link(s, !closed);
}

ShortestPaths RoadState::paths_from(NodeIndex from, VehicleClass cls, const std::vector<NodeIndex>* targets) const {
  const ClosureSet* closed = &closed_[static_cast<int>(cls)];
  if (targets != nullptr) return roads_.shortest_paths_to(from, *targets, closed, &queue_s_);
  return roads_.shortest_paths_from(from, closed, &queue_s_);
}

std::vector<SegmentIndex> RoadState::route(NodeIndex from, NodeIndex to, VehicleClass cls) const {
  const std::vector<NodeIndex> target{to};
  const ShortestPaths sp = paths_from(from, cls, &target);
  if (!sp.reachable(to)) return {};
  return sp.path_to(to, roads_);
}

RoadState::Trip RoadState::drive(NodeIndex from, NodeIndex to, VehicleClass cls, double vehicles,
                                 const std::vector<SegmentIndex>* planned) {
  Trip trip{from == to, from, 0};
  const ClosureSet& closed = closed_[static_cast<int>(cls)];
  std::vector<SegmentIndex> path;
  const bool planned_open = planned != nullptr && (!any_closed_ || std::none_of(planned->begin(), planned->end(),
                                                                               [&](SegmentIndex s) {
                                                                                 return closed.is_closed(s);
                                                                               }));
  path = planned_open ? *planned : route(from, to, cls);
  // Car platoons are held by the junctions they cross and, leaving home, by the way onto the
  // road; trucks (engines, supply and transport trucks) pass junctions with priority.
  const bool gated = cls == VehicleClass::car;
  bool left_home = false;
  // What hop k of the path lets through: its segment's capacity, or less where the junction at
  // its tail (or the way onto the road, before the platoon has left home) lets through less.
  const auto hop_vps = [&](std::size_t k) {
    const RoadSegment& seg = roads_.segment(path[k]);
    if (!gated) return seg.capacity_vps;
    double c = std::min(seg.capacity_vps, platform_.junction_vps(seg.from));
    if (k == 0 && !left_home) c = std::min(c, platform_.entry_vps());
    return c;
  };
  // The platoon pays S/C once, on the lowest capacity it meets; after a re-plan only a still
  // lower capacity ahead charges it again.
  double charged_capacity = std::numeric_limits<double>::infinity();
  std::size_t bottleneck = path.size();
  const auto find_bottleneck = [&] {
    bottleneck = path.size();
    double lowest = charged_capacity;
    for (std::size_t k = 0; k < path.size(); ++k) {
      const double c = hop_vps(k);
      if (c < lowest) {
        lowest = c;
        bottleneck = k;
      }
    }
  };
  find_bottleneck();
  std::size_t i = 0;
  while (trip.at != to) {
    if (i >= path.size() || closed.is_closed(path[i])) {
      if (++trip.replans > kMaxReplans) return trip;
      path = route(trip.at, to, cls);
      i = 0;
      if (path.empty()) return trip;  // cut off: no open route is left
      find_bottleneck();
      continue;
    }
    const SegmentIndex seg = path[i];
    const double seg_vps = roads_.segment(seg).capacity_vps;
    const double vps = hop_vps(i);
    const NodeIndex tail = trip.at;
    add_load(seg, vehicles);
    // On the bottleneck the platoon is carried at the hop's capacity: scaled up where a junction
    // or the entry lets through less than the link's bandwidth, so the transfer takes S / vps.
    const double carried = i != bottleneck ? kToken : vps < seg_vps ? vehicles * (seg_vps / vps) : vehicles;
    // First come, first served: the platoon enters once the one before it has all entered
    // (free_at_), and holds the entry for carried / capacity. Its latency overlaps the platoons
    // ahead (SimGrid charges no bandwidth while a transfer is in its latency), and their
    // transfers never overlap on the bandwidth, so it arrives at entry + L + carried / capacity.
    // A car platoon holds the entry for all its vehicles (S / capacity) even off its bottleneck,
    // so platoons merging from several roads share the road they merge onto; and it waits for
    // the junction at the tail (and the way onto the road), which it holds for S / their capacity.
    double entry = std::max(Platform::now(), free_at_[seg]);
    const double junction_vps = gated ? platform_.junction_vps(tail) : std::numeric_limits<double>::infinity();
    const bool entering = gated && !left_home;
    if (junction_vps < std::numeric_limits<double>::infinity()) entry = std::max(entry, junction_free_at_[tail]);
    if (entering) entry = std::max(entry, entry_free_at_[tail]);
    free_at_[seg] = entry + (gated ? std::max(vehicles, carried) : carried) / seg_vps;
    if (junction_vps < std::numeric_limits<double>::infinity() || entering) touch_node(tail);
    if (junction_vps < std::numeric_limits<double>::infinity()) junction_free_at_[tail] = entry + vehicles / junction_vps;
    if (entering) entry_free_at_[tail] = entry + vehicles / platform_.entry_vps();
    if (entry > Platform::now()) {
      simgrid::s4u::this_actor::sleep_until(entry);
      if (closed.is_closed(seg)) {  // closed while it waited: re-plan from this node
        add_load(seg, -vehicles);
        path.clear();
        continue;
      }
    }
    const bool passed = platform_.hop(seg, carried);
    if (passed && i == bottleneck) charged_capacity = vps;
    add_load(seg, -vehicles);
    ++events_;
    if (!passed) {  // the water rose under it: still at the start of the hop
      path.clear();
      continue;
    }
    left_home = true;
    trip.at = roads_.segment(seg).to;
    ++i;
  }
  trip.arrived = true;
  return trip;
}

void RoadState::touch_node(NodeIndex n) {
  if (junction_free_at_[n] == 0.0 && entry_free_at_[n] == 0.0) touched_nodes_.push_back(n);
}

RoadState::Trip RoadState::walk(NodeIndex from, NodeIndex to, double speed_mps) {
  Trip trip{from == to, from, 0};
  const ClosureSet& closed = closed_[static_cast<int>(VehicleClass::car)];
  std::vector<SegmentIndex> path = route(from, to, VehicleClass::car);
  std::size_t i = 0;
  while (trip.at != to) {
    if (i >= path.size() || closed.is_closed(path[i])) {
      if (++trip.replans > kMaxReplans) return trip;
      path = route(trip.at, to, VehicleClass::car);
      i = 0;
      if (path.empty()) return trip;
      continue;
    }
    simgrid::s4u::this_actor::sleep_for(roads_.segment(path[i]).length_m / speed_mps);
    ++events_;
    trip.at = roads_.segment(path[i]).to;
    ++i;
  }
  trip.arrived = true;
  return trip;
}

}  // namespace readysim
