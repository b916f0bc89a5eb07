#include "model/evacuation.hpp"

#include <simgrid/s4u.hpp>

#include <algorithm>
#include <cmath>
#include <deque>
#include <limits>
#include <numeric>

#include "readysim/random.hpp"

namespace readysim {

namespace s4u = simgrid::s4u;

namespace {

struct Household {
  std::int32_t settlement = 0;
  TravelMode mode = TravelMode::car;
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
  const double t0;
  ReplicationRecords& out;
  std::vector<Household> households;
  std::vector<double> people_per_household;  // by settlement
  std::vector<int> room;                     // shelter places not yet promised
  std::vector<double> occupancy;
  std::vector<PickupPoint> pickups;

  State(const Scenario& sc, const FloodTimeline& f, RoadState& r, const Platform& p, double start,
        ReplicationRecords& o)
      : s(sc), flood(f), road(r), platform(p), t0(start), out(o) {}

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

  // Warning, compliance and mobilisation of every household.
  void draw_households(std::uint64_t seed, std::int64_t replication) {
    const EvacuationModel& m = s.evacuation;
    const double issued = flood.warning_s;
    const auto& settlements = s.district.settlements;
    // Door to door: each community's team works through its settlements nearest the office first.
    std::vector<std::vector<std::size_t>> order(s.district.communities.size());
    for (std::size_t i = 0; i < settlements.size(); ++i)
      order[static_cast<std::size_t>(community_of(static_cast<std::int32_t>(i)))].push_back(i);
    std::vector<double> visit_base(settlements.size(), 0);  // households visited before this settlement
    for (std::size_t c = 0; c < order.size(); ++c) {
      const ShortestPaths sp = s.district.roads.shortest_paths_from(s.district.communities[c].node);
      std::stable_sort(order[c].begin(), order[c].end(),
                       [&](std::size_t a, std::size_t b) { return sp.time_s[settlements[a].node] < sp.time_s[settlements[b].node]; });
      double before = 0;
      for (std::size_t i : order[c]) {
        visit_base[i] = before;
        before += settlements[i].households;
      }
    }
    std::vector<int> members(s.district.communities.size(), 0);
    for (const auto& t : s.resources.teams)
      for (std::size_t c = 0; c < members.size(); ++c)
        if (t.community == s.district.communities[c].id) members[c] += t.members;

    std::uint64_t index = 0;
    for (std::size_t i = 0; i < settlements.size(); ++i) {
      const auto& st = settlements[i];
      people_per_household.push_back(static_cast<double>(st.population) / std::max(1, st.households));
      const auto c = static_cast<std::size_t>(community_of(static_cast<std::int32_t>(i)));
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
        const bool complies = rng.uniform01() < m.compliance;
        const double mobilisation = m.mobilisation.sample(rng);
        if (issued != kNever) {
          double warned = kNever;
          if (by_speaker) warned = std::min(warned, issued + speaker);
          if (by_phone) warned = std::min(warned, issued + phone);
          if (members[c] > 0)
            warned = std::min(warned, issued + (visit_base[i] + h + 1) / (members[c] * m.door_to_door_per_member_per_s));
          hh.warned = warned;
          if (warned != kNever) out.household_warning_s.push_back(static_cast<float>(warned - issued));
          if (complies && warned != kNever && warned + mobilisation <= s.horizon_s) hh.departs = warned + mobilisation;
        }
        households.push_back(hh);
      }
    }
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
  // ready, to the nearest shelter with room, unload, again.
  void transport_actor(NodeIndex base, std::uint64_t seed, std::int64_t replication, std::uint64_t vehicle) {
    RandomStream rng(seed, static_cast<std::uint64_t>(replication), StreamPurpose::logistics, vehicle);
    NodeIndex at = base;
    const EvacuationModel& m = s.evacuation;
    for (;;) {
      if (now() > s.horizon_s) return;
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
        if (earliest == kNever) return;  // nobody left to fetch
        sleep_until(std::max(earliest, now() + 60.0));
        continue;
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
          out.cohorts.push_back(rec);
          arrive(out.cohorts.back());
          continue;
        }
        room[static_cast<std::size_t>(rec.shelter)] += static_cast<int>(std::ceil(rec.people));
      }
      rec.stranded = true;
      out.cohorts.push_back(rec);
    }
  }
};

Evacuation::Evacuation(const Scenario& s, const FloodTimeline& flood, RoadState& road, const Platform& platform,
                       std::uint64_t seed, std::int64_t replication, double t0, ReplicationRecords& out)
    : state_(new State(s, flood, road, platform, t0, out)) {
  State& st = *state_;
  out.breach_s = flood.breach_s;
  out.warning_s = flood.warning_s;
  for (const auto& sh : s.resources.shelters) st.room.push_back(sh.capacity);
  st.occupancy.assign(s.resources.shelters.size(), 0.0);
  for (std::size_t k = 0; k < s.resources.shelters.size(); ++k)
    out.shelters.push_back(ShelterRecord{static_cast<std::int32_t>(k), 0.0, 0});
  st.draw_households(seed, replication);

  // Cohorts: per settlement and mode, households in order of leaving, K at a time; a cohort
  // leaves with its last household. The assisted wait at their pick-up point.
  const int k = s.evacuation.cohort_households;
  std::vector<std::size_t> by_departure(st.households.size());
  std::iota(by_departure.begin(), by_departure.end(), 0);
  std::stable_sort(by_departure.begin(), by_departure.end(), [&](std::size_t a, std::size_t b) {
    const Household &x = st.households[a], &y = st.households[b];
    if (x.settlement != y.settlement) return x.settlement < y.settlement;
    return x.departs < y.departs;
  });
  std::vector<std::size_t> spawn;
  for (std::size_t i = 0; i < s.district.settlements.size(); ++i)
    st.pickups.push_back(PickupPoint{static_cast<std::int32_t>(i), {}, false, false});
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
      const Household& hh = st.households[h];
      if (hh.mode != mode) continue;
      const bool leaves = hh.departs != kNever;
      if (hh.settlement != settlement || open.households == k || (open.households > 0 && !leaves && open.departed_s != kNever)) {
        close_cohort();
        settlement = hh.settlement;
      }
      if (open.households == 0) {
        open.settlement = hh.settlement;
        open.community = st.community_of(hh.settlement);
        open.mode = mode;
        open.home_flooded_s = st.home_flooded(hh.settlement);
        open.safe_s = kNever;
        open.warned_s = 0;
      }
      ++open.households;
      open.people += st.people_per_household[static_cast<std::size_t>(hh.settlement)];
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
    const Household& hh = st.households[h];
    if (hh.mode != TravelMode::assisted) continue;
    if (hh.departs != kNever)
      st.pickups[static_cast<std::size_t>(hh.settlement)].ready.push_back(hh.departs);
    else {
      ++staying[static_cast<std::size_t>(hh.settlement)];
      staying_warned[static_cast<std::size_t>(hh.settlement)] =
          std::max(staying_warned[static_cast<std::size_t>(hh.settlement)], hh.warned);
    }
  }
  for (std::size_t i = 0; i < staying.size(); ++i) {
    if (staying[i] == 0) continue;
    CohortRecord rec;
    rec.settlement = static_cast<std::int32_t>(i);
    rec.community = st.community_of(rec.settlement);
    rec.mode = TravelMode::assisted;
    rec.households = staying[i];
    rec.people = staying[i] * st.people_per_household[i];
    rec.warned_s = staying_warned[i];
    rec.departed_s = kNever;
    rec.safe_s = kNever;
    rec.home_flooded_s = st.home_flooded(rec.settlement);
    out.cohorts.push_back(rec);
  }
  for (std::size_t c : spawn)
    s4u::Actor::create("cohort", platform.host(0), [&st, c] { st.cohort_actor(c); });
  std::uint64_t vehicle = 0;
  for (const auto& vp : s.resources.vehicles) {
    if (vp.kind != "transport") continue;
    for (int v = 0; v < vp.count; ++v, ++vehicle)
      s4u::Actor::create("transport", platform.host(0), [&st, base = vp.base, seed, replication, vehicle] {
        st.transport_actor(base, seed, replication, vehicle);
      });
  }
}

Evacuation::~Evacuation() { delete state_; }

void Evacuation::finish() {
  State& st = *state_;
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
