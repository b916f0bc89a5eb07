// Scenario loading: a tiny district read into SI values, defaults filled, errors collected.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "readysim/crew_warnings.hpp"
#include "readysim/scenario.hpp"

using namespace readysim;

namespace {
const std::string kTiny = std::string(READYSIM_SOURCE_DIR) + "/tests/scenarios/tiny/scenario.yaml";

std::string write_temp(const std::string& name, const std::string& text) {
  const auto dir = std::filesystem::temp_directory_path() / "readysim_test_scenario";
  std::filesystem::create_directories(dir);
  const auto path = (dir / name).string();
  std::ofstream(path) << text;
  return path;
}
}  // namespace

TEST_CASE("scenario: the tiny district loads with SI values and defaults", "[scenario]") {
  const Scenario s = load_scenario(kTiny);
  CHECK(s.district.name == "Tiny");
  CHECK(s.district.roads.node_count() == 5);
  CHECK(s.district.roads.segment_count() == 8);
  CHECK(s.horizon_s == 12 * 3600.0);
  REQUIRE(s.district.settlements.size() == 2);
  CHECK(s.district.settlements[0].households == 107);  // 300 / 2.8 rounded
  CHECK(s.district.settlements[1].households == 60);
  CHECK(s.population() == 440);
  REQUIRE(s.resources.stations.size() == 2);
  const Station& brigade = s.resources.stations[0];
  CHECK(brigade.crew_per_engine == 4);
  CHECK(brigade.turnout.kind() == DistributionKind::lognormal);
  CHECK(brigade.turnout.quantile(0.5) == Approx(60.0).epsilon(1e-12));
  CHECK(brigade.turnout.quantile(0.9) == Approx(120.0).epsilon(1e-12));
  CHECK(s.resources.stations[1].turnout.kind() == DistributionKind::constant);
  CHECK(s.resources.depots[0].floor_area_m2 == 30.0);
  REQUIRE(s.resources.staff.size() == 3);
  CHECK(s.resources.staff[2].role == "rescue_team");  // R4's district team is a staff pool
  const auto& cb = s.resources.staff[1].callback_delay;
  REQUIRE(cb.kind() == DistributionKind::empirical);
  CHECK(cb.values() == std::vector<double>{480, 540, 720, 900, 1320});  // sorted, so draws rise with u
  CHECK(s.resources.vehicles[0].base == brigade.node);
  CHECK(s.hazards.fire.enabled);
  CHECK_FALSE(s.hazards.flood.enabled);
  CHECK(s.run.replications == 20);
  CHECK(s.run.seed == 7);
}

TEST_CASE("scenario: the effective scenario is itself a valid scenario with the same content", "[scenario]") {
  const Scenario s = load_scenario(kTiny);
  std::string text = effective_scenario_yaml(s);
  CHECK_THAT(text, Catch::Contains("queue: fifo"));
  CHECK_THAT(text, Catch::Contains("crew_per_engine: 4"));
  // Empirical observations are not re-emitted; swap the one empirical value for a constant to reload.
  const auto at = text.find("callback_delay: {dist: empirical");
  REQUIRE(at != std::string::npos);
  text.replace(at, text.find('}', at) - at + 1, "callback_delay: 10 min");
  const Scenario again = load_scenario(write_temp("effective.yaml", text));
  CHECK(again.district.roads.segment_count() == s.district.roads.segment_count());
  CHECK(again.horizon_s == s.horizon_s);
  CHECK(again.resources.stations[0].turnout.quantile(0.9) == Approx(120.0).epsilon(1e-9));
  CHECK(again.district.settlements[0].households == s.district.settlements[0].households);
  CHECK(effective_scenario_yaml(again).size() > 0);
}

TEST_CASE("scenario: every error is reported, each with file:line:col", "[scenario]") {
  std::ifstream in(kTiny);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  text.replace(text.find("horizon: 12 h"), 13, "horizon: 12");
  text.replace(text.find("level: orange"), 13, "level: purple");
  const std::string dir = std::string(READYSIM_SOURCE_DIR) + "/tests/scenarios/tiny/";
  text.replace(text.find("nodes: nodes.csv"), 16, "nodes: " + dir + "nodes.csv");
  text.replace(text.find("segments: roads.csv"), 19, "segments: " + dir + "roads.csv");
  text.replace(text.find("file: callback_minutes.csv"), 26, "file: " + dir + "callback_minutes.csv");
  const std::string path = write_temp("two_errors.yaml", text);
  try {
    load_scenario(path);
    FAIL("expected a ScenarioError");
  } catch (const ScenarioError& e) {
    REQUIRE(e.diagnostics().size() == 2);
    CHECK(e.diagnostics()[0].where.file == path);
    CHECK(e.diagnostics()[0].where.line > 0);
    CHECK(e.diagnostics()[0].where.column > 0);
    CHECK_THAT(e.diagnostics()[0].message, Catch::Contains("risk point 'mill'"));
    CHECK_THAT(e.diagnostics()[1].message, Catch::Contains("missing unit"));
  }
}

TEST_CASE("scenario: a missing file is a scenario error, not a crash", "[scenario]") {
  CHECK_THROWS_AS(load_scenario("/nonexistent/scenario.yaml"), ScenarioError);
}

TEST_CASE("scenario: the effective scenario is a fixed point: loaded again, it is written again byte for byte",
          "[scenario]") {
  // Every key is written back by the same declaration that reads it, so what the effective
  // scenario says is what a reload reads (the first line names the file and differs).
  const auto body = [](const std::string& text) { return text.substr(text.find('\n') + 1); };
  const std::string root = std::string(READYSIM_SOURCE_DIR) + "/scenarios/";
  for (const char* name : {"yunlianghu/scenario.yaml", "yunlianghu/flood.yaml", "validation/bowl.yaml",
                           "validation/staff.yaml", "validation/stock.yaml", "validation/micro.yaml"}) {
    INFO(name);
    const std::string first = effective_scenario_yaml(load_scenario(root + name));
    const std::string path = write_temp("fixed_point.yaml", first);
    const std::string second = effective_scenario_yaml(load_scenario(path));
    CHECK(body(second) == body(first));
  }
}

TEST_CASE("scenario: an unknown key in any section is told the keys its section declares", "[scenario]") {
  const std::string flood = std::string(READYSIM_SOURCE_DIR) + "/scenarios/yunlianghu/flood.yaml";
  const std::pair<const char*, const char*> cases[] = {
      {"horizn", "scenario: unknown key 'horizn' (did you mean 'horizon'?)"},
      {"district.mutual_aid_nod", "district: unknown key 'mutual_aid_nod' (did you mean 'mutual_aid_node'?)"},
      {"district.roads.segmets", "district.roads: unknown key 'segmets' (did you mean 'segments'?)"},
      {"resources.stations.brigade.crew_per_engin", "station 'brigade': unknown key 'crew_per_engin'"},
      {"resources.staff.emergency_office.callback", "unknown key 'callback' (did you mean 'callback_delay'?)"},
      {"hazards.fire.micro_station.hold_below", "hazards.fire.micro_station: unknown key 'hold_below'"},
      {"hazards.flood.breach.peak_inflw", "hazards.flood.breach: unknown key 'peak_inflw'"},
      {"evacuation.warning.phone.reech", "evacuation.warning.phone: unknown key 'reech' (did you mean 'reach'?)"},
      {"evacuation.assisted_transport.seat", "evacuation.assisted_transport: unknown key 'seat'"},
      {"logistics.resupply.reorder", "logistics.resupply: unknown key 'reorder'"},
      {"staffing.levee_patrol.lenght", "staffing.levee_patrol: unknown key 'lenght' (did you mean 'length'?)"},
      {"policies.queu", "policies: unknown key 'queu' (did you mean 'queue'?)"},
      {"run.seeds", "run: unknown key 'seeds' (did you mean 'seed'?)"},
  };
  for (const auto& [path, message] : cases) {
    INFO(path);
    try {
      load_scenario(flood, {ScenarioOverride{path, "1"}});
      FAIL("expected a ScenarioError");
    } catch (const ScenarioError& e) {
      REQUIRE(e.diagnostics().size() == 1);
      CHECK_THAT(e.diagnostics()[0].message, Catch::Contains(message));
    }
  }
}

TEST_CASE("scenario: an engine no crew can ever staff is warned about, with the numbers and the fix", "[scenario]") {
  const std::string district = std::string(READYSIM_SOURCE_DIR) + "/scenarios/yunlianghu/scenario.yaml";
  // The district as it is: one engine, seven firefighters, crews of four.
  CHECK(crew_warnings(load_scenario(district)).empty());
  // A second engine: 7 people make one crew of 4, so brigade/2 never leaves (the fire model
  // crews an engine from the station's free firefighters, on duty or called back).
  const auto two = crew_warnings(load_scenario(district, {{"resources.stations.brigade.engines", "2"}}));
  REQUIRE(two.size() == 1);
  CHECK(two[0].where.file == district);
  CHECK(two[0].where.line > 0);
  CHECK(two[0].message ==
        "station 'brigade' has 2 engines that each leave with 4 people, but the 7 people who may crew them (role "
        "firefighter, station brigade: 3 full-time, 4 part-time, on duty or called back) make at most 1 crew at once, "
        "so engine brigade/2 can never leave and changes no result; add 1 more staff with role firefighter and "
        "station brigade, or lower engines to 1");
  // One more firefighter crews it; three engines with eight people leave the third idle.
  CHECK(crew_warnings(load_scenario(district, {{"resources.stations.brigade.engines", "2"},
                                               {"resources.staff.brigade_part_time.count", "5"}}))
            .empty());
  const auto three = crew_warnings(load_scenario(district, {{"resources.stations.brigade.engines", "3"},
                                                            {"resources.staff.brigade_part_time.count", "5"}}));
  REQUIRE(three.size() == 1);
  CHECK_THAT(three[0].message, Catch::Contains("make at most 2 crews at once, so engine brigade/3 can never leave") &&
                                   Catch::Contains("add 4 more staff") && Catch::Contains("lower engines to 2"));
}
