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
  spare = SegmentTables{};
}

RoadState::~RoadState() {
  for (const SegmentIndex s : touched_) {
    load_[s] = 0.0;
    queue_s_[s] = 0.0;
    free_at_[s] = 0.0;
    used_[s] = 0;
  }
  SegmentTables& spare = spare_tables();
  spare.load = std::move(load_);
  spare.queue_s = std::move(queue_s_);
  spare.free_at = std::move(free_at_);
  spare.used = std::move(used_);
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
  // The platoon pays S/B once, on the lowest capacity it meets; after a re-plan only a still
  // lower capacity ahead charges it again.
  double charged_capacity = std::numeric_limits<double>::infinity();
  std::size_t bottleneck = path.size();
  const auto find_bottleneck = [&] {
    bottleneck = path.size();
    double lowest = charged_capacity;
    for (std::size_t k = 0; k < path.size(); ++k) {
      const double c = roads_.segment(path[k]).capacity_vps;
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
    add_load(seg, vehicles);
    const double carried = i == bottleneck ? vehicles : kToken;
    // First come, first served: the platoon enters once the one before it has all entered
    // (free_at_), and holds the entry for carried / capacity. Its latency overlaps the platoons
    // ahead (SimGrid charges no bandwidth while a transfer is in its latency), and their
    // transfers never overlap on the bandwidth, so it arrives at entry + L + carried / capacity.
    const double entry = std::max(Platform::now(), free_at_[seg]);
    free_at_[seg] = entry + carried / roads_.segment(seg).capacity_vps;
    if (entry > Platform::now()) {
      simgrid::s4u::this_actor::sleep_until(entry);
      if (closed.is_closed(seg)) {  // closed while it waited: re-plan from this node
        add_load(seg, -vehicles);
        path.clear();
        continue;
      }
    }
    const bool passed = platform_.hop(seg, carried);
    if (passed && i == bottleneck) charged_capacity = roads_.segment(seg).capacity_vps;
    add_load(seg, -vehicles);
    ++events_;
    if (!passed) {  // the water rose under it: still at the start of the hop
      path.clear();
      continue;
    }
    trip.at = roads_.segment(seg).to;
    ++i;
  }
  trip.arrived = true;
  return trip;
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
