#include "model/evacuation.hpp"

#include <simgrid/s4u.hpp>

#include <algorithm>
#include <cmath>
#include <deque>
#include <limits>
#include <numeric>

#include "model/work_curve.hpp"
#include "readysim/random.hpp"

namespace readysim {

namespace s4u = simgrid::s4u;

namespace {

struct Household {
  std::int32_t settlement = 0;
  TravelMode mode = TravelMode::car;
  double reached = kNever;     // by loudspeaker or phone
  std::int32_t visit = 0;      // place in its community's door-to-door round (0 = first)
  bool complies = false;
  double mobilisation = 0;
  double warned = kNever;
  double departs = kNever;  // ready to leave (or to be picked up)
};

// Assisted households of one settlement waiting for transport, by ready time.
struct PickupPoint {
  std::int32_t settlement = 0;
  std::deque<double> ready;  // ready times, ascending
  bool targeted = false;     // a vehicle is on its way
  bool unreachable = false;  // no vehicle can get there
};

}  // namespace

struct Evacuation::State {
  const Scenario& s;
  const FloodTimeline& flood;
  RoadState& road;
  const Platform& platform;
  StaffBoard& board;
  const std::uint64_t seed;
  const std::int64_t replication;
  const double t0;
  ReplicationRecords& out;
  std::vector<Household> households;
  std::vector<double> people_per_household;  // by settlement
  std::vector<int> room;                     // shelter places not yet promised
  std::vector<double> occupancy;
  std::vector<PickupPoint> pickups;
  std::deque<CohortRecord> transported;      // assisted trips, appended to out.cohorts at the end
  std::vector<std::vector<StaffGrant>> shelter_staff;  // by shelter
  std::vector<int> shelter_staff_wanted;     // by shelter: people held or asked for
  std::vector<int> shelter_requests;         // open shelter_management requests
  bool shelters_closed = false;              // the horizon has passed: staff go home

  State(const Scenario& sc, const FloodTimeline& f, RoadState& r, const Platform& p, StaffBoard& b,
        std::uint64_t sd, std::int64_t rep, double start, ReplicationRecords& o)
      : s(sc), flood(f), road(r), platform(p), board(b), seed(sd), replication(rep), t0(start), out(o) {}

  [[nodiscard]] double now() const { return s4u::Engine::get_clock() - t0; }
  void sleep_until(double t) {
    if (t > now()) {
      s4u::this_actor::sleep_until(t0 + t);
      ++out.events;
    }
  }

  [[nodiscard]] double home_flooded(std::int32_t settlement) const {
    return flood.node_flooded_s[s.district.settlements[static_cast<std::size_t>(settlement)].node];
  }

  [[nodiscard]] std::int32_t community_of(std::int32_t settlement) const {
    const auto& id = s.district.settlements[static_cast<std::size_t>(settlement)].community;
    for (std::size_t c = 0; c < s.district.communities.size(); ++c)
      if (s.district.communities[c].id == id) return static_cast<std::int32_t>(c);
    return 0;
  }

  // Who each household is, and what loudspeaker and phone do for it; door to door comes later,
  // from the staff who muster when the warning is issued.
  void draw_households() {
    const EvacuationModel& m = s.evacuation;
    const double issued = flood.warning_s;
    const auto& settlements = s.district.settlements;
    // Door to door: each community's team works through its settlements nearest the office first.
    std::vector<std::vector<std::size_t>> order(s.district.communities.size());
    for (std::size_t i = 0; i < settlements.size(); ++i)
      order[static_cast<std::size_t>(community_of(static_cast<std::int32_t>(i)))].push_back(i);
    std::vector<std::int32_t> visit_base(settlements.size(), 0);  // households visited before this settlement
    for (std::size_t c = 0; c < order.size(); ++c) {
      const ShortestPaths sp = s.district.roads.shortest_paths_from(s.district.communities[c].node);
      std::stable_sort(order[c].begin(), order[c].end(),
                       [&](std::size_t a, std::size_t b) { return sp.time_s[settlements[a].node] < sp.time_s[settlements[b].node]; });
      std::int32_t before = 0;
      for (std::size_t i : order[c]) {
        visit_base[i] = before;
        before += settlements[i].households;
      }
    }
    std::uint64_t index = 0;
    for (std::size_t i = 0; i < settlements.size(); ++i) {
      const auto& st = settlements[i];
      people_per_household.push_back(static_cast<double>(st.population) / std::max(1, st.households));
      for (int h = 0; h < st.households; ++h, ++index) {
        RandomStream rng(seed, static_cast<std::uint64_t>(replication), StreamPurpose::behaviour, index);
        Household hh;
        hh.settlement = static_cast<std::int32_t>(i);
        const double u = rng.uniform01();
        hh.mode = u < m.vehicle_share ? TravelMode::car
                  : u < m.vehicle_share + m.assisted_share ? TravelMode::assisted : TravelMode::walk;
        const bool by_speaker = rng.uniform01() < m.loudspeaker.reach;
        const double speaker = m.loudspeaker.delay.sample(rng);
        const bool by_phone = rng.uniform01() < m.phone.reach;
        const double phone = m.phone.delay.sample(rng);
        hh.complies = rng.uniform01() < m.compliance;
        hh.mobilisation = m.mobilisation.sample(rng);
        hh.visit = visit_base[i] + h;
        if (issued != kNever) {
          if (by_speaker) hh.reached = std::min(hh.reached, issued + speaker);
          if (by_phone) hh.reached = std::min(hh.reached, issued + phone);
        }
        households.push_back(hh);
      }
    }
  }

  // At the warning: each community's door-to-door team musters from whoever of its staff is
  // free (on duty now, or called back), works through the households, and goes off duty when
  // done. Then every household's warning and departure are known, and the cohorts form.
  void warning_actor() {
    const double issued = flood.warning_s;
    sleep_until(issued);
    const EvacuationModel& m = s.evacuation;
    const auto& communities = s.district.communities;
    std::vector<std::int64_t> in_community(communities.size(), 0);
    for (const auto& hh : households) ++in_community[static_cast<std::size_t>(community_of(hh.settlement))];
    std::vector<std::optional<WorkCurve>> rounds(communities.size());
    std::vector<std::pair<double, std::size_t>> ends;  // (round done, community)
    std::vector<StaffGrant> teams(communities.size());
    int shortfall = 0;
    // Work the warning starts asks for people in priority order against the door-to-door round.
    const bool levee_first = s.staffing.rank(StaffTask::levee_patrol) < s.staffing.rank(StaffTask::door_to_door);
    if (on_warning && levee_first) on_warning();
    for (std::size_t c = 0; c < communities.size(); ++c) {
      const std::vector<std::int32_t> pools = eligible_pools(s, StaffTask::door_to_door, communities[c].id);
      int want = s.staffing.door_to_door_people;
      if (want == 0)
        for (auto p : pools) want += s.resources.staff[static_cast<std::size_t>(p)].count;
      if (want == 0 || in_community[c] == 0) continue;
      const int request = board.ask(StaffTask::door_to_door, pools, want, true, communities[c].node,
                                    [&, c](StaffGrant&& g) { teams[c] = std::move(g); });
      const int missing = board.still_wanted(request);
      board.cancel(request);  // the round is planned with those who came; nobody joins later
      if (teams[c].people() == 0) continue;
      shortfall += missing;
      std::vector<double> arrivals;
      for (double d : teams[c].ready_after_s()) arrivals.push_back(issued + d);
      rounds[c].emplace(arrivals, m.door_to_door_per_member_per_s);
      ends.emplace_back(rounds[c]->time_of(static_cast<double>(in_community[c])), c);
    }
    board.add_waiting(StaffTask::door_to_door, shortfall);
    if (on_warning && !levee_first) on_warning();
    for (auto& hh : households) {
      double warned = hh.reached;
      if (const auto& round = rounds[static_cast<std::size_t>(community_of(hh.settlement))])
        warned = std::min(warned, round->time_of(hh.visit + 1.0));
      hh.warned = warned;
      if (warned != kNever) out.household_warning_s.push_back(static_cast<float>(warned - issued));
      if (hh.complies && warned != kNever && warned + hh.mobilisation <= s.horizon_s)
        hh.departs = warned + hh.mobilisation;
    }
    form_cohorts();
    // Teams go off duty as they finish, the shortfall with them.
    std::sort(ends.begin(), ends.end());
    for (auto [end, c] : ends) {
      sleep_until(std::min(end, std::max(now(), s.horizon_s)));
      teams[c].release();
    }
    board.add_waiting(StaffTask::door_to_door, -shortfall);
  }

  // Nearest shelter with room for `people` under the closures now; counts a turn-away when the
  // nearest one is full. -1 when none can be reached.
  std::int32_t choose_shelter(NodeIndex from, VehicleClass cls, double people) {
    const ShortestPaths sp = road.paths_from(from, cls);
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

  void arrive(CohortRecord& rec) {
    rec.safe_s = now();
    const auto k = static_cast<std::size_t>(rec.shelter);
    occupancy[k] += rec.people;
    out.shelters[k].peak_occupancy = std::max(out.shelters[k].peak_occupancy, occupancy[k]);
    staff_shelter(k);
  }

  // Shelter management: a minimum from the first arrival, then one person per so many sheltered;
  // what cannot be had at once is asked for and comes as people free up.
  void staff_shelter(std::size_t k) {
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
  void shelter_closer_actor() {
    sleep_until(s.horizon_s);
    shelters_closed = true;
    for (int r : shelter_requests) board.cancel(r);
    for (auto& grants : shelter_staff)
      for (auto& g : grants) g.release();
  }

  void cohort_actor(std::size_t index) {
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
  void transport_actor(NodeIndex base, std::uint64_t vehicle) {
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
      const ShortestPaths sp = road.paths_from(at, VehicleClass::truck);
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

  // Cohorts: per settlement and mode, households in order of leaving, K at a time; a cohort
  // leaves with its last household. The assisted wait at their pick-up point for the transport.
  void form_cohorts() {
    const int k = s.evacuation.cohort_households;
    std::vector<std::size_t> by_departure(households.size());
    std::iota(by_departure.begin(), by_departure.end(), 0);
    std::stable_sort(by_departure.begin(), by_departure.end(), [&](std::size_t a, std::size_t b) {
      const Household &x = households[a], &y = households[b];
      if (x.settlement != y.settlement) return x.settlement < y.settlement;
      return x.departs < y.departs;
    });
    std::vector<std::size_t> spawn;
    for (TravelMode mode : {TravelMode::car, TravelMode::walk}) {
      CohortRecord open;
      std::int32_t settlement = -1;
      const auto close_cohort = [&] {
        if (open.households == 0) return;
        if (open.departed_s != kNever) spawn.push_back(out.cohorts.size());
        out.cohorts.push_back(open);
        open = CohortRecord{};
      };
      for (std::size_t h : by_departure) {
        const Household& hh = households[h];
        if (hh.mode != mode) continue;
        const bool leaves = hh.departs != kNever;
        if (hh.settlement != settlement || open.households == k ||
            (open.households > 0 && !leaves && open.departed_s != kNever)) {
          close_cohort();
          settlement = hh.settlement;
        }
        if (open.households == 0) {
          open.settlement = hh.settlement;
          open.community = community_of(hh.settlement);
          open.mode = mode;
          open.home_flooded_s = home_flooded(hh.settlement);
          open.safe_s = kNever;
          open.warned_s = 0;
        }
        ++open.households;
        open.people += people_per_household[static_cast<std::size_t>(hh.settlement)];
        open.warned_s = std::max(open.warned_s, hh.warned);
        open.departed_s = hh.departs;  // sorted: the last household sets the time (kNever if it stays)
      }
      close_cohort();
    }
    // The assisted who will be ready wait at their pick-up point; those who never will (not
    // warned, or not willing) stay home, recorded as one group per settlement.
    std::vector<int> staying(s.district.settlements.size(), 0);
    std::vector<double> staying_warned(s.district.settlements.size(), 0.0);
    for (std::size_t h : by_departure) {
      const Household& hh = households[h];
      if (hh.mode != TravelMode::assisted) continue;
      const auto i = static_cast<std::size_t>(hh.settlement);
      if (hh.departs != kNever) {
        pickups[i].ready.push_back(hh.departs);
      } else {
        ++staying[i];
        staying_warned[i] = std::max(staying_warned[i], hh.warned);
      }
    }
    for (std::size_t i = 0; i < staying.size(); ++i) {
      if (staying[i] == 0) continue;
      CohortRecord rec;
      rec.settlement = static_cast<std::int32_t>(i);
      rec.community = community_of(rec.settlement);
      rec.mode = TravelMode::assisted;
      rec.households = staying[i];
      rec.people = staying[i] * people_per_household[i];
      rec.warned_s = staying_warned[i];
      rec.departed_s = kNever;
      rec.safe_s = kNever;
      rec.home_flooded_s = home_flooded(rec.settlement);
      out.cohorts.push_back(rec);
    }
    for (std::size_t c : spawn) s4u::Actor::create("cohort", platform.host(0), [this, c] { cohort_actor(c); });
    const bool anyone_to_fetch =
        std::any_of(pickups.begin(), pickups.end(), [](const PickupPoint& p) { return !p.ready.empty(); });
    std::uint64_t vehicle = 0;
    for (const auto& vp : s.resources.vehicles) {
      if (vp.kind != "transport" || !anyone_to_fetch) continue;
      for (int v = 0; v < vp.count; ++v, ++vehicle)
        s4u::Actor::create("transport", platform.host(0),
                           [this, base = vp.base, vehicle] { transport_actor(base, vehicle); });
    }
  }

  std::function<void()> on_warning;          // other work the warning starts (levee patrol)
  std::vector<std::int32_t> driver_pools;    // who may drive the transport vehicles
  std::vector<std::int32_t> shelter_pools;   // who may manage shelters
};

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
