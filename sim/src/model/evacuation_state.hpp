#pragma once
// The state of one replication's evacuation, shared by the two halves of its implementation:
// evacuation_people.cpp (households, their warning, cohorts) and evacuation.cpp (the actors that
// move them, shelters and their staff). Internal to the model.

#include <simgrid/s4u.hpp>

#include <cstdint>
#include <deque>
#include <functional>
#include <vector>

#include "model/evacuation.hpp"

namespace readysim {

namespace s4u = simgrid::s4u;

namespace evacuation_detail {

// A household: how it travels, when it was reached and whether and when it leaves.
struct Household {
  std::int32_t settlement = 0;
  TravelMode mode = TravelMode::car;
  double reached = kNever;     // by loudspeaker or phone
  std::int32_t people = 0;     // its whole share of the settlement's population
  std::int32_t visit = 0;      // place in its community's door-to-door round (0 = first)
  bool complies = false;
  double mobilisation = 0;
  double warned = kNever;
  double departs = kNever;  // ready to leave (or to be picked up)
};

// An assisted household waiting at its pick-up point.
struct Waiting {
  double ready = 0;            // ready to be picked up
  double warned = 0;           // warned
  std::int32_t people = 0;
};

// Assisted households of one settlement waiting for transport, by ready time.
struct PickupPoint {
  std::int32_t settlement = 0;
  std::deque<Waiting> ready;   // by ready time, ascending
  bool targeted = false;     // a vehicle is on its way
  bool unreachable = false;  // no vehicle can get there
};

}  // namespace evacuation_detail

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
  std::vector<evacuation_detail::Household> households;
  std::vector<int> room;                     // shelter places not yet promised
  std::vector<double> occupancy;
  std::vector<evacuation_detail::PickupPoint> pickups;
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

  // A time within the horizon, else kNever: no record holds a time after the horizon.
  [[nodiscard]] double by_horizon(double t) const { return t <= s.horizon_s ? t : kNever; }

  [[nodiscard]] double home_flooded(std::int32_t settlement) const {
    return by_horizon(flood.node_flooded_s[s.district.settlements[static_cast<std::size_t>(settlement)].node]);
  }

  // When shelter k's node floods within the horizon (kNever: not); from then it admits nobody.
  [[nodiscard]] double shelter_flooded(std::size_t k) const {
    return by_horizon(flood.node_flooded_s[s.resources.shelters[k].node]);
  }
  [[nodiscard]] bool shelter_open(std::size_t k) const { return shelter_flooded(k) > now(); }

  [[nodiscard]] std::int32_t community_of(std::int32_t settlement) const {
    const auto& id = s.district.settlements[static_cast<std::size_t>(settlement)].community;
    for (std::size_t c = 0; c < s.district.communities.size(); ++c)
      if (s.district.communities[c].id == id) return static_cast<std::int32_t>(c);
    return 0;
  }

  // Who each household is, and what loudspeaker and phone do for it; door to door comes later,
  // from the staff who muster when the warning is issued.
  void draw_households();

  // At the warning: each community's door-to-door team musters from whoever of its staff is
  // free (on duty now, or called back), works through the households, and goes off duty when
  // done. Then every household's warning and departure are known, and the cohorts form.
  void warning_actor();

  // Cohorts: per settlement and mode, households in order of leaving, K at a time; a cohort
  // leaves with its last household. The assisted wait at their pick-up point for the transport.
  void form_cohorts();

  // Nearest open shelter (its node not flooded) with room for `people` under the closures now;
  // counts a turn-away when the nearest open one is full. -1 when none can be reached.
  std::int32_t choose_shelter(NodeIndex from, VehicleClass cls, std::int32_t people);

  // Takes a group from `from` to the nearest open shelter with room, by car, on foot or by truck.
  // A group that reaches its shelter after the shelter's node flooded is not admitted and goes
  // on from its door to the next (a re-plan). Ends safe (arrive), stranded (no shelter left to
  // reach, or cut off on the way) or censored (still on the way at the horizon). Returns where
  // the vehicles are and whether they reached an open shelter by the horizon (the caller then
  // unloads and calls arrive).
  struct Leg {
    NodeIndex at;
    bool reached;
  };
  Leg go_to_shelter(CohortRecord& rec, NodeIndex from, VehicleClass cls, double vehicles);

  void arrive(CohortRecord& rec);

  // Shelter management: a minimum from the first arrival, then one person per so many sheltered;
  // what cannot be had at once is asked for and comes as people free up.
  void staff_shelter(std::size_t k);

  // At the horizon shelter staff are stood down (what they did is in the records).
  void shelter_closer_actor();

  void cohort_actor(std::size_t index);

  // One transport vehicle's round trips: to the pick-up point the policy names, load who is
  // ready, to the nearest shelter with room, unload, again. It needs a driver, asked for when
  // there is first someone to fetch; without one by the horizon it never leaves.
  void transport_actor(NodeIndex base, std::uint64_t vehicle);

  std::function<void()> on_warning;          // other work the warning starts (levee patrol)
  std::vector<std::int32_t> driver_pools;    // who may drive the transport vehicles
  std::vector<std::int32_t> shelter_pools;   // who may manage shelters
};

}  // namespace readysim
