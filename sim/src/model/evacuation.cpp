// One replication's evacuation, the moving half: cohorts driving or walking to shelters, the
// transport vehicles and their drivers, shelters and their staff; and the Evacuation object.
#include "model/evacuation.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "model/evacuation_state.hpp"
#include "readysim/random.hpp"

namespace readysim {

using evacuation_detail::PickupPoint;

// Nearest open shelter with room for `people` under the closures now; counts a turn-away when
// the nearest open one is full. -1 when none can be reached.
std::int32_t Evacuation::State::choose_shelter(NodeIndex from, VehicleClass cls, std::int32_t people) {
  std::vector<NodeIndex> targets;  // the search stops once every open shelter is settled
  for (std::size_t k = 0; k < s.resources.shelters.size(); ++k)
    if (shelter_open(k)) targets.push_back(s.resources.shelters[k].node);
  if (targets.empty()) return -1;
  const ShortestPaths sp = road.paths_from(from, cls, &targets);
  std::int32_t best = -1, nearest = -1;
  for (std::size_t k = 0; k < s.resources.shelters.size(); ++k) {
    const NodeIndex n = s.resources.shelters[k].node;
    if (!shelter_open(k) || !sp.reachable(n)) continue;
    if (nearest < 0 || sp.time_s[n] < sp.time_s[s.resources.shelters[static_cast<std::size_t>(nearest)].node])
      nearest = static_cast<std::int32_t>(k);
    if (room[k] >= people &&
        (best < 0 || sp.time_s[n] < sp.time_s[s.resources.shelters[static_cast<std::size_t>(best)].node]))
      best = static_cast<std::int32_t>(k);
  }
  if (nearest >= 0 && best != nearest) ++out.shelters[static_cast<std::size_t>(nearest)].turned_away;
  if (best >= 0) room[static_cast<std::size_t>(best)] -= people;
  return best;
}

Evacuation::State::Leg Evacuation::State::go_to_shelter(CohortRecord& rec, NodeIndex from, VehicleClass cls,
                                                       double vehicles) {
  NodeIndex at = from;
  // Each try leaves a flooded shelter behind for good, so there are at most as many as shelters.
  for (std::size_t tries = 0; tries <= s.resources.shelters.size(); ++tries) {
    rec.shelter = choose_shelter(at, cls, rec.people);
    if (rec.shelter < 0) break;
    const auto k = static_cast<std::size_t>(rec.shelter);
    const NodeIndex dest = s.resources.shelters[k].node;
    const RoadState::Trip trip = rec.mode == TravelMode::walk ? road.walk(at, dest, s.evacuation.walk_speed_mps)
                                                              : road.drive(at, dest, cls, vehicles);
    at = trip.at;
    rec.replans += trip.replans;
    if (trip.arrived && now() > s.horizon_s) {  // on the way at the horizon: when they got there is not known
      room[k] += rec.people;
      rec.censored = true;
      return {at, false};
    }
    if (!trip.arrived) {
      room[k] += rec.people;
      rec.shelter = -1;
      break;
    }
    if (shelter_open(k)) return {at, true};
    room[k] += rec.people;  // flooded while they were on their way: on to the next one
    ++rec.replans;
  }
  rec.shelter = -1;
  rec.stranded = true;
  return {at, false};
}

void Evacuation::State::arrive(CohortRecord& rec) {
  rec.safe_s = now();
  const auto k = static_cast<std::size_t>(rec.shelter);
  occupancy[k] += rec.people;
  out.shelters[k].peak_occupancy = std::max(out.shelters[k].peak_occupancy, occupancy[k]);
  staff_shelter(k);
}

// Shelter management: a minimum from the first arrival, then one person per so many sheltered;
// what cannot be had at once is asked for and comes as people free up.
void Evacuation::State::staff_shelter(std::size_t k) {
  if (shelters_closed || shelter_pools.empty() || !s.resources.shelters[k].staffed) return;
  const ShelterManagement& sm = s.staffing.shelter;
  const int need = std::max(sm.minimum, static_cast<int>(std::ceil(occupancy[k] * sm.people_per_person - 1e-9)));
  if (need <= shelter_staff_wanted[k]) return;
  const int more = need - shelter_staff_wanted[k];
  shelter_staff_wanted[k] = need;
  shelter_requests.push_back(board.ask(StaffTask::shelter_management, shelter_pools, more, true,
                                       s.resources.shelters[k].node,
                                       [this, k](StaffGrant&& g) { shelter_staff[k].push_back(std::move(g)); }));
}

// At the horizon shelter staff are stood down (what they did is in the records).
void Evacuation::State::shelter_closer_actor() {
  sleep_until(s.horizon_s);
  shelters_closed = true;
  for (int r : shelter_requests) board.cancel(r);
  for (auto& grants : shelter_staff)
    for (auto& g : grants) g.release();
}

void Evacuation::State::cohort_actor(std::size_t index) {
  CohortRecord& rec = out.cohorts[index];
  sleep_until(rec.departed_s);
  const NodeIndex home = s.district.settlements[static_cast<std::size_t>(rec.settlement)].node;
  if (go_to_shelter(rec, home, VehicleClass::car, rec.households).reached) arrive(rec);
}

// One transport vehicle's round trips: to the pick-up point the policy names, load who is
// ready, to the nearest shelter with room, unload, again. It needs a driver, asked for when
// there is first someone to fetch; without one by the horizon it never leaves.
void Evacuation::State::transport_actor(NodeIndex base, std::uint64_t vehicle) {
  RandomStream rng(seed, static_cast<std::uint64_t>(replication), StreamPurpose::logistics, vehicle);
  NodeIndex at = base;
  const EvacuationModel& m = s.evacuation;
  StaffGrant driver;
  bool driven = driver_pools.empty();  // no staff pool may drive: the vehicle is not staffed
  const auto done = [&] { driver.release(); };
  for (;;) {
    if (now() > s.horizon_s) return done();
    double earliest = kNever;
    PickupPoint* target = nullptr;
    double best = kNever;
    std::vector<NodeIndex> targets;  // the search stops once every pickup point is settled
    for (const auto& p : pickups) targets.push_back(s.district.settlements[static_cast<std::size_t>(p.settlement)].node);
    const ShortestPaths sp = road.paths_from(at, VehicleClass::truck, &targets);
    for (auto& p : pickups) {
      if (p.ready.empty() || p.unreachable) continue;
      earliest = std::min(earliest, p.ready.front().ready);
      if (p.targeted || p.ready.front().ready > now()) continue;
      const NodeIndex n = s.district.settlements[static_cast<std::size_t>(p.settlement)].node;
      const double key = m.assisted_order == "most_at_risk_first" ? home_flooded(p.settlement) : sp.time_s[n];
      if (!target || key < best) {
        target = &p;
        best = key;
      }
    }
    if (!target) {
      if (earliest == kNever) return done();  // nobody left to fetch
      sleep_until(std::max(earliest, now() + 60.0));
      continue;
    }
    if (!driven) {
      auto granted = s4u::Semaphore::create(0);
      const int request = board.ask(StaffTask::transport_driver, driver_pools, 1, false, base,
                                    [&](StaffGrant&& g) {
                                      driver = std::move(g);
                                      granted->release();
                                    });
      // Wait for a driver to come free; at the horizon give up (the wait is recorded).
      if (board.still_wanted(request) > 0 && granted->acquire_timeout(std::max(0.0, s.horizon_s - now()) + 1.0)) {
        board.cancel(request);
        return;
      }
      sleep_until(now() + driver.all_ready_after_s());
      driven = true;
      continue;  // time has passed: choose again
    }
    target->targeted = true;
    const NodeIndex pickup = s.district.settlements[static_cast<std::size_t>(target->settlement)].node;
    const RoadState::Trip there = road.drive(at, pickup, VehicleClass::truck, 1.0);
    at = there.at;
    target->targeted = false;
    if (!there.arrived) {
      target->unreachable = true;
      continue;
    }
    if (now() > s.horizon_s) return done();  // got there after the horizon: they are still waiting
    CohortRecord rec;
    rec.settlement = target->settlement;
    rec.community = community_of(target->settlement);
    rec.mode = TravelMode::assisted;
    rec.home_flooded_s = home_flooded(target->settlement);
    rec.warned_s = rec.ready_s = 0;
    double waited = 0;
    while (!target->ready.empty() && target->ready.front().ready <= now() &&
           rec.people + target->ready.front().people <= m.transport_seats) {
      const auto& w = target->ready.front();
      rec.people += w.people;
      rec.warned_s = std::max(rec.warned_s, w.warned);
      rec.ready_s = std::max(rec.ready_s, w.ready);
      waited += now() - w.ready;
      ++rec.households;
      target->ready.pop_front();
    }
    if (rec.households == 0) continue;
    rec.departed_s = now();
    rec.wait_s = waited / rec.households;
    sleep_until(now() + m.boarding.sample(rng));
    const Leg leg = go_to_shelter(rec, at, VehicleClass::truck, 1.0);
    at = leg.at;
    if (leg.reached) {
      sleep_until(now() + m.boarding.sample(rng));  // unloading
      if (now() <= s.horizon_s) {
        arrive(rec);
      } else {  // still unloading at the horizon
        room[static_cast<std::size_t>(rec.shelter)] += rec.people;
        rec.censored = true;
      }
    }
    transported.push_back(rec);
  }
}

Evacuation::Evacuation(const Scenario& s, const FloodTimeline& flood, RoadState& road, const Platform& platform,
                       StaffBoard& board, std::uint64_t seed, std::int64_t replication, double t0,
                       ReplicationRecords& out, std::function<void()> on_warning)
    : state_(new State(s, flood, road, platform, board, seed, replication, t0, out)) {
  State& st = *state_;
  st.on_warning = std::move(on_warning);
  out.breach_s = flood.breach_s;
  out.warning_s = flood.warning_s;
  out.horizon_s = s.horizon_s;
  for (const auto& sh : s.resources.shelters) st.room.push_back(sh.capacity);
  st.occupancy.assign(s.resources.shelters.size(), 0.0);
  st.shelter_staff.resize(s.resources.shelters.size());
  st.shelter_staff_wanted.assign(s.resources.shelters.size(), 0);
  st.driver_pools = eligible_pools(s, StaffTask::transport_driver);
  st.shelter_pools = eligible_pools(s, StaffTask::shelter_management);
  for (std::size_t k = 0; k < s.resources.shelters.size(); ++k)
    out.shelters.push_back(ShelterRecord{static_cast<std::int32_t>(k), 0.0, 0, 0, st.shelter_flooded(k)});
  for (std::size_t i = 0; i < s.district.settlements.size(); ++i)
    st.pickups.push_back(PickupPoint{static_cast<std::int32_t>(i), {}, false, false});
  st.draw_households();
  if (flood.warning_s == kNever) {
    st.form_cohorts();  // nobody is warned: everyone stays
  } else {
    s4u::Actor::create("warning", platform.host(0), [&st] { st.warning_actor(); });
    if (!st.shelter_pools.empty())
      s4u::Actor::create("shelter_staff", platform.host(0), [&st] { st.shelter_closer_actor(); });
  }
}

Evacuation::~Evacuation() { delete state_; }

void Evacuation::finish() {
  State& st = *state_;
  for (auto& rec : st.transported) st.out.cohorts.push_back(rec);
  // Assisted households never picked up are still waiting at the horizon (their wait is
  // censored there): one group per settlement.
  for (auto& p : st.pickups) {
    if (p.ready.empty()) continue;
    CohortRecord rec;
    rec.settlement = p.settlement;
    rec.community = st.community_of(p.settlement);
    rec.mode = TravelMode::assisted;
    rec.warned_s = rec.ready_s = 0;
    double waited = 0;
    for (const auto& w : p.ready) {
      ++rec.households;
      rec.people += w.people;
      rec.warned_s = std::max(rec.warned_s, w.warned);
      rec.ready_s = std::max(rec.ready_s, w.ready);
      waited += st.s.horizon_s - w.ready;
    }
    rec.wait_s = waited / rec.households;
    rec.censored = true;
    rec.home_flooded_s = st.home_flooded(p.settlement);
    st.out.cohorts.push_back(rec);
  }
  for (auto& c : st.out.cohorts) {
    // Those who never left are stranded if the water reached their home within the horizon.
    if (c.departed_s == kNever && c.home_flooded_s != kNever) c.stranded = true;
    // Those in a shelter when its node flooded are in the water with it: not safe unless moved,
    // and readysim does not move them.
    if (c.shelter >= 0 && c.safe_s != kNever) {
      const double flooded = st.shelter_flooded(static_cast<std::size_t>(c.shelter));
      if (flooded != kNever && c.safe_s <= flooded) {
        c.shelter_flooded_s = flooded;
        c.stranded = true;
        st.out.shelters[static_cast<std::size_t>(c.shelter)].people_flooded += c.people;
      }
    }
  }
}

}  // namespace readysim
