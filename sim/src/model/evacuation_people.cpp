// Households of one replication's evacuation: who they are and what warns them (drawn from
// their own streams), the door-to-door rounds mustered from the staff board at the warning, and
// the cohorts they leave in.
#include <algorithm>
#include <cmath>
#include <numeric>

#include "model/evacuation_state.hpp"
#include "model/work_curve.hpp"
#include "readysim/random.hpp"

namespace readysim {

using evacuation_detail::Household;
using evacuation_detail::PickupPoint;

// Who each household is, and what loudspeaker and phone do for it; door to door comes later,
// from the staff who muster when the warning is issued.
void Evacuation::State::draw_households() {
  const EvacuationModel& m = s.evacuation;
  const double issued = flood.warning_s;
  const auto& settlements = s.district.settlements;
  // Door to door: each community's team works through its settlements nearest the office first.
  std::vector<std::vector<std::size_t>> order(s.district.communities.size());
  for (std::size_t i = 0; i < settlements.size(); ++i)
    order[static_cast<std::size_t>(community_of(static_cast<std::int32_t>(i)))].push_back(i);
  std::vector<std::int32_t> visit_base(settlements.size(), 0);  // households visited before this settlement
  for (std::size_t c = 0; c < order.size(); ++c) {
    std::vector<NodeIndex> targets;  // the search stops once the community's settlements are settled
    for (std::size_t i : order[c]) targets.push_back(settlements[i].node);
    const ShortestPaths sp = s.district.roads.shortest_paths_to(s.district.communities[c].node, targets);
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
    // Whole people: household h takes floor((h+1)P/H) - floor(hP/H) of the settlement's P people,
    // so the households differ by one at most and sum to P exactly.
    const auto share = [&](std::int64_t h) {
      return static_cast<std::int32_t>(h * st.population / std::max(1, st.households));
    };
    for (int h = 0; h < st.households; ++h, ++index) {
      RandomStream rng(seed, static_cast<std::uint64_t>(replication), StreamPurpose::behaviour, index);
      Household hh;
      hh.settlement = static_cast<std::int32_t>(i);
      hh.people = share(h + 1) - share(h);
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
void Evacuation::State::warning_actor() {
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
    hh.warned = by_horizon(warned);  // reached after the horizon: not within it
    if (hh.warned != kNever) out.household_warning_s.push_back(static_cast<float>(hh.warned - issued));
    if (hh.complies && hh.warned != kNever && hh.warned + hh.mobilisation <= s.horizon_s)
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

// Cohorts: per settlement and mode, households in order of leaving, K at a time; a cohort
// leaves with its last household. The assisted wait at their pick-up point for the transport.
void Evacuation::State::form_cohorts() {
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
        open.warned_s = 0;
      }
      ++open.households;
      open.people += hh.people;
      open.warned_s = std::max(open.warned_s, hh.warned);
      open.departed_s = hh.departs;  // sorted: the last household sets the time (kNever if it stays)
      open.ready_s = hh.departs;
    }
    close_cohort();
  }
  // The assisted who will be ready wait at their pick-up point; those who never will (not
  // warned, or not willing) stay home, recorded as one group per settlement.
  std::vector<int> staying(s.district.settlements.size(), 0);
  std::vector<std::int32_t> staying_people(s.district.settlements.size(), 0);
  std::vector<double> staying_warned(s.district.settlements.size(), 0.0);
  for (std::size_t h : by_departure) {
    const Household& hh = households[h];
    if (hh.mode != TravelMode::assisted) continue;
    const auto i = static_cast<std::size_t>(hh.settlement);
    if (hh.departs != kNever) {
      pickups[i].ready.push_back({hh.departs, hh.warned, hh.people});
    } else {
      ++staying[i];
      staying_people[i] += hh.people;
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
    rec.people = staying_people[i];
    rec.warned_s = staying_warned[i];
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

}  // namespace readysim
