// The cohort records at the horizon (issue 17, points 2 and 4): nothing after it, those still
// waiting for the transport or on board censored there, the assisted reported apart, whole
// people that sum to each settlement's population, and never written as NaN in the file.
#include <catch2/catch.hpp>

#include <cmath>
#include <string>

#include "readysim/flood.hpp"
#include "readysim/metrics.hpp"
#include "readysim/run.hpp"
#include "readysim/run_results.hpp"
#include "readysim/scenario.hpp"

using namespace readysim;

namespace {

const std::string kRefuge = std::string(READYSIM_SOURCE_DIR) + "/scenarios/validation/refuge.yaml";

RunOutput run_one(const Scenario& s) {
  RunOptions opt;
  opt.replications = 1;
  opt.seed = s.run.seed;
  return run_replications(s, opt);
}

// refuge.yaml with every household needing the transport: one vehicle on the hill, 30 seats,
// 300 s to board and 300 s to unload. The warning is at 1800 s; the vehicle reaches the village
// (hill → low → home, 200 s) at 2000 s, leaves full at 2300 s, is at the school at 2400 s and
// has unloaded at 2700 s. With the horizon at 2500 s that first load is still unloading then,
// and the other 150 people of the village, and the farm's 30, still wait.
Scenario all_assisted(double horizon_s) {
  Scenario s = load_scenario(kRefuge);
  s.horizon_s = horizon_s;
  s.evacuation.vehicle_share = 0;
  s.evacuation.assisted_share = 1;
  VehiclePool bus;
  bus.id = "bus";
  bus.kind = "transport";
  bus.count = 1;
  bus.base = s.resources.shelters[1].node;  // the hall, on the hill
  s.resources.vehicles.push_back(bus);
  return s;
}

}  // namespace

TEST_CASE("horizon: no cohort time lies after it; the unfinished are censored there", "[evacuation][flood]") {
  const Scenario s = all_assisted(2500);
  const RunOutput run = run_one(s);
  const ReplicationRecords& rep = run.replications.at(0);
  int on_board = 0, waiting_people = 0;
  for (const CohortRecord& c : rep.cohorts) {
    for (double t : {c.warned_s, c.ready_s, c.departed_s, c.safe_s, c.home_flooded_s, c.shelter_flooded_s})
      CHECK((t == kNever || t <= s.horizon_s));
    CHECK(c.mode == TravelMode::assisted);
    CHECK(c.censored);        // nobody got off the bus by the horizon
    CHECK(c.safe_s == kNever);
    CHECK_FALSE(c.stranded);  // no home flooded by 2500 s
    if (c.departed_s != kNever) {
      ++on_board;
      CHECK(c.departed_s == Approx(2000).margin(2));  // + the truck's second on a segment
      CHECK(c.people == 30);
      CHECK(c.wait_s == Approx(c.departed_s - 1800));  // ready at 1800 s
    } else {
      waiting_people += c.people;
      CHECK(c.warned_s == 1800);  // warned, ready, never fetched: not "warned at 0"
      CHECK(c.wait_s == Approx(s.horizon_s - c.ready_s));
    }
  }
  CHECK(on_board == 1);
  CHECK(waiting_people == 180);  // 150 of the village, 30 of the farm
  // The clearance is cut at the horizon and says so; the self-evacuated had none to clear.
  CHECK(metric_samples(s, run, {"evac.clearance_time"})[0].values() == std::vector<double>{700.0});
  CHECK(censored_values(run, "evac.clearance_time") == 1);
  CHECK(censored_values(run, "evac.assisted_clearance_time") == 1);
  CHECK(metric_samples(s, run, {"evac.self_clearance_time"})[0].values().empty());
  CHECK(metric_samples(s, run, {"evac.assisted_waiting"})[0].values() == std::vector<double>{180.0});
  CHECK(censored_values(run, "evac.assisted_wait") == 60);  // the households still waiting
  const auto summary = summarize_run(s, run);
  bool noted = false;
  for (const auto& m : summary)
    if (m.metric == "evac.clearance_time") {
      CHECK(m.censored == 1);
      noted = true;
    }
  CHECK(noted);
  CHECK_THAT(format_censoring_notes(summary),
             Catch::Contains("evac.clearance_time is censored by the horizon in 1 of its 1 values"));
}

TEST_CASE("horizon: with time enough the transport fetches everyone, nothing censored", "[evacuation][flood]") {
  const Scenario s = all_assisted(6 * 3600.0);  // the farm is 3000 s away ends after 3 h
  const RunOutput run = run_one(s);
  double safe_people = 0;
  for (const CohortRecord& c : run.replications.at(0).cohorts) {
    CHECK_FALSE(c.censored);
    CHECK(c.safe_s <= s.horizon_s);
    safe_people += c.stranded ? 0 : c.people;
  }
  CHECK(censored_values(run, "evac.clearance_time") == 0);
  CHECK(format_censoring_notes(summarize_run(s, run)).empty());
  // Everyone is fetched (some of the village may be stranded in the school, which floods at 3960 s).
  CHECK(metric_samples(s, run, {"evac.assisted_waiting"})[0].values() == std::vector<double>{0.0});
  CHECK(safe_people > 0);
}

TEST_CASE("whole people: a settlement's population splits over its households exactly", "[evacuation]") {
  Scenario s = load_scenario(kRefuge);
  s.district.settlements[0].population = 100;  // 30 households: 3 or 4 each, never 3.33
  s.district.settlements[0].households = 30;
  s.evacuation.cohort_households = 10;
  const RunOutput run = run_one(s);
  std::vector<std::int32_t> village;
  for (const CohortRecord& c : run.replications.at(0).cohorts)
    if (c.settlement == 0) village.push_back(c.people);
  // Household h takes floor((h+1)·100/30) − floor(h·100/30): the first ten 33, the next ten 33,
  // the last ten 34.
  CHECK(village == std::vector<std::int32_t>{33, 33, 34});
}
