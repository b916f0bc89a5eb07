// A place that floods stops working as it floods (issue 17, point 1), on
// scenarios/validation/refuge.yaml, whose header derives every time below by hand: the school
// takes no one after its node floods and those inside are stranded, a group on its way goes on to
// the hall, the brigade there is cut off, and so is the depot's stock.
#include <catch2/catch.hpp>

#include <cmath>
#include <string>

#include "readysim/flood.hpp"
#include "readysim/metrics.hpp"
#include "readysim/run.hpp"
#include "readysim/scenario.hpp"

using namespace readysim;

namespace {

const std::string kRefuge = std::string(READYSIM_SOURCE_DIR) + "/scenarios/validation/refuge.yaml";

RunOutput run_refuge(const Scenario& s) {
  RunOptions opt;
  opt.replications = 1;
  opt.seed = s.run.seed;
  return run_replications(s, opt);
}

double only_value(const Scenario& s, const RunOutput& run, const std::string& metric) {
  const auto sample = metric_samples(s, run, {metric})[0];
  REQUIRE(sample.values().size() == 1);
  return sample.values()[0];
}

const CohortRecord& cohort_of(const Scenario& s, const ReplicationRecords& rep, const std::string& settlement) {
  for (const auto& c : rep.cohorts)
    if (s.district.settlements[static_cast<std::size_t>(c.settlement)].id == settlement) return c;
  FAIL("no cohort from " << settlement);
  throw std::logic_error("unreachable");
}

}  // namespace

TEST_CASE("refuge: people in a shelter that floods are stranded, not safe", "[flood][evacuation][validation]") {
  const Scenario s = load_scenario(kRefuge);
  const RunOutput run = run_refuge(s);
  const ReplicationRecords& rep = run.replications.at(0);
  REQUIRE(rep.cohorts.size() == 2);  // one platoon per settlement
  const CohortRecord& village = cohort_of(s, rep, "village");
  CHECK(village.people == 180);
  CHECK(village.departed_s == Approx(1800));
  // 1960 s on free roads (later if the way onto the road holds the 60 cars up): before 3960 s.
  CHECK(village.safe_s >= 1960 - 1);
  CHECK(village.safe_s < 3960);  // reached the school before it flooded …
  CHECK(s.resources.shelters[static_cast<std::size_t>(village.shelter)].id == "school");
  CHECK(village.home_flooded_s == Approx(5760).margin(1e-6));
  CHECK(village.shelter_flooded_s == Approx(3960).margin(1e-6));  // … and were in it when it did
  CHECK(village.stranded);
  REQUIRE(rep.shelters.size() == 2);
  CHECK(rep.shelters[0].flooded_s == Approx(3960).margin(1e-6));
  CHECK(rep.shelters[0].people_flooded == 180);
  CHECK(rep.shelters[1].flooded_s == kNever);
  CHECK(only_value(s, run, "evac.stranded") == 180);
  CHECK(only_value(s, run, "evac.safe_before_inundation") == 0);  // was 1 when a flooded shelter counted as safe
}

TEST_CASE("refuge: a group reaching a shelter after it flooded goes on to the next", "[flood][evacuation][validation]") {
  const Scenario s = load_scenario(kRefuge);
  const RunOutput run = run_refuge(s);
  const CohortRecord& farm = cohort_of(s, run.replications.at(0), "farm");
  CHECK(farm.people == 30);
  CHECK(s.resources.shelters[static_cast<std::size_t>(farm.shelter)].id == "hall");
  // At the school at 4810 s on free roads (after it flooded at 3960 s), then 110 s on to the hall.
  CHECK(farm.safe_s >= 4920 - 1);
  CHECK(farm.safe_s < 5200);
  CHECK(farm.replans == 1);
  CHECK_FALSE(farm.stranded);
  CHECK(farm.home_flooded_s == kNever);
  // The clearance is the farm's arrival at the hall; nobody is still waiting: not censored.
  CHECK(only_value(s, run, "evac.clearance_time") == Approx(farm.safe_s - 1800));
  CHECK(censored_values(run, "evac.clearance_time") == 0);
}

TEST_CASE("refuge: a station whose node floods has its engines cut off", "[flood][fire][validation]") {
  const Scenario s = load_scenario(kRefuge);
  const RunOutput run = run_refuge(s);
  const ReplicationRecords& rep = run.replications.at(0);
  REQUIRE(rep.fires.size() == 1);
  CHECK(rep.fires[0].ignition_s == 5000);
  CHECK(rep.fires[0].unreached);  // the brigade's node flooded at 3960 s; its engine cannot leave
  CHECK(rep.fires[0].engine_arrival_s == kNever);
  // With the station on the hill the same engine gets there (the roads to the village stay open
  // to trucks).
  Scenario dry = s;
  dry.resources.stations[0].node = dry.resources.shelters[1].node;
  const RunOutput moved = run_refuge(dry);
  CHECK_FALSE(moved.replications.at(0).fires.at(0).unreached);
}

TEST_CASE("refuge: a micro fire station whose node floods is cut off too", "[flood][fire][validation]") {
  Scenario s = load_scenario(kRefuge);
  Station micro;
  micro.id = "micro";
  micro.kind = StationKind::micro_fire_station;
  micro.community = "c";
  micro.node = s.resources.shelters[0].node;  // `low`, flooded from 3960 s; the fire is at 5000 s
  s.resources.stations.push_back(micro);
  const RunOutput flooded = run_refuge(s);
  const FireRecord& cut_off = flooded.replications.at(0).fires.at(0);
  CHECK(cut_off.first_unit != UnitKind::micro_station);
  CHECK(cut_off.unreached);
  // On the hill it comes first (it moves at its own pace, off the flooded roads' capacity).
  s.resources.stations.back().node = s.resources.shelters[1].node;
  const RunOutput dry = run_refuge(s);
  CHECK(dry.replications.at(0).fires.at(0).first_unit == UnitKind::micro_station);
}

TEST_CASE("refuge: a depot whose node floods has its stock cut off", "[flood][logistics][validation]") {
  const Scenario s = load_scenario(kRefuge);
  const RunOutput run = run_refuge(s);
  const StockRecords& stock = run.replications.at(0).stock;
  const auto blanket = [&](const StockRecords& st) -> const StockRecord& {
    for (const auto& r : st.records)
      if (s.logistics.items[static_cast<std::size_t>(r.item)].name == "blanket") return r;
    FAIL("no blanket record");
    throw std::logic_error("unreachable");
  };
  const StockRecord& b = blanket(stock);
  CHECK(b.demand == 210);
  CHECK(b.issued == 180);     // the village's, at 1960 s, before the depot flooded
  CHECK(b.shortfall == 30);   // the farm's, at the hall at 4920 s: the depot is under water
  CHECK(b.first_shortfall_s > 3960);
}
