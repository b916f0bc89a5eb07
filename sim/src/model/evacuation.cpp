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

// Nearest shelter with room for `people` under the closures now; counts a turn-away when the
// nearest one is full. -1 when none can be reached.
std::int32_t Evacuation::State::choose_shelter(NodeIndex from, VehicleClass cls, double people) {
  std::vector<NodeIndex> targets;  // the search stops once every shelter is settled
  for (const auto& shelter : s.resources.shelters) targets.push_back(shelter.node);
  const ShortestPaths sp = road.paths_from(from, cls, &targets);
  std::int32_t best = -1, nearest = -1;
  for (std::size_t k = 0; k < s.resources.shelters.size(); ++k) {
    const NodeIndex n = s.resources.shelters[k].node;
    if (!sp.reachable(n)) continue;
    if (nearest < 0 || sp.time_s[n] < sp.time_s[s.resources.shelters[static_cast<std::size_t>(nearest)].node])
      nearest = static_cast<std::int32_t>(k);
    if (room[k] >= people &&
        (best < 0 || sp.time_s[n] < sp.time_s[s.resources.shelters[static_cast<std::size_t>(best)].node]))
      best = static_cast<std::int32_t>(k);
  }
  if (nearest >= 0 && best != nearest) ++out.shelters[static_cast<std::size_t>(nearest)].turned_away;
  if (best >= 0) room[static_cast<std::size_t>(best)] -= static_cast<int>(std::ceil(people));
  return best;
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
  rec.shelter = choose_shelter(home, VehicleClass::car, rec.people);
  if (rec.shelter < 0) {
    rec.stranded = true;
    return;
  }
  const NodeIndex dest = s.resources.shelters[static_cast<std::size_t>(rec.shelter)].node;
  const RoadState::Trip trip = rec.mode == TravelMode::car
                                   ? road.drive(home, dest, VehicleClass::car, rec.households)
                                   : road.walk(home, dest, s.evacuation.walk_speed_mps);
  rec.replans = trip.replans;
  if (trip.arrived) {
    arrive(rec);
  } else {
    rec.stranded = true;
    room[static_cast<std::size_t>(rec.shelter)] += static_cast<int>(std::ceil(rec.people));
  }
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
      earliest = std::min(earliest, p.ready.front());
      if (p.targeted || p.ready.front() > now()) continue;
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
    const double per_household = people_per_household[static_cast<std::size_t>(target->settlement)];
    CohortRecord rec;
    rec.settlement = target->settlement;
    rec.community = community_of(target->settlement);
    rec.mode = TravelMode::assisted;
    rec.home_flooded_s = home_flooded(target->settlement);
    while (!target->ready.empty() && target->ready.front() <= now() &&
           rec.people + per_household <= m.transport_seats) {
      target->ready.pop_front();
      rec.people += per_household;
      ++rec.households;
    }
    if (rec.households == 0) continue;
    rec.departed_s = now();
    rec.warned_s = now();
    sleep_until(now() + m.boarding.sample(rng));
    rec.shelter = choose_shelter(at, VehicleClass::truck, rec.people);
    if (rec.shelter >= 0) {
      const RoadState::Trip trip =
          road.drive(at, s.resources.shelters[static_cast<std::size_t>(rec.shelter)].node, VehicleClass::truck, 1.0);
      at = trip.at;
      rec.replans = trip.replans;
      if (trip.arrived) {
        sleep_until(now() + m.boarding.sample(rng));
        transported.push_back(rec);
        arrive(transported.back());
        continue;
      }
      room[static_cast<std::size_t>(rec.shelter)] += static_cast<int>(std::ceil(rec.people));
    }
    rec.stranded = true;
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
  for (const auto& sh : s.resources.shelters) st.room.push_back(sh.capacity);
  st.occupancy.assign(s.resources.shelters.size(), 0.0);
  st.shelter_staff.resize(s.resources.shelters.size());
  st.shelter_staff_wanted.assign(s.resources.shelters.size(), 0);
  st.driver_pools = eligible_pools(s, StaffTask::transport_driver);
  st.shelter_pools = eligible_pools(s, StaffTask::shelter_management);
  for (std::size_t k = 0; k < s.resources.shelters.size(); ++k)
    out.shelters.push_back(ShelterRecord{static_cast<std::int32_t>(k), 0.0, 0});
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
  // Assisted households never picked up stay where they are.
  for (auto& p : st.pickups) {
    if (p.ready.empty()) continue;
    CohortRecord rec;
    rec.settlement = p.settlement;
    rec.community = st.community_of(p.settlement);
    rec.mode = TravelMode::assisted;
    rec.households = static_cast<std::int32_t>(p.ready.size());
    rec.people = rec.households * st.people_per_household[static_cast<std::size_t>(p.settlement)];
    rec.departed_s = kNever;
    rec.safe_s = kNever;
    rec.home_flooded_s = st.home_flooded(p.settlement);
    st.out.cohorts.push_back(rec);
  }
  // Those who never left are stranded if the water reached their home within the horizon.
  for (auto& c : st.out.cohorts)
    if (c.departed_s == kNever && c.home_flooded_s <= st.s.horizon_s) c.stranded = true;
}

}  // namespace readysim
