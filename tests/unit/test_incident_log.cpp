// Incident-log replay (hazards.fire.incident_log) and travel from positions (hazards.fire.travel):
// the log's rows placed as places are, located errors for bad rows, a deterministic replay whose
// random parts still vary by replication, and Kolesar's curve and the matrix as engines use them.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <regex>
#include <string>

#include "readysim/run.hpp"
#include "readysim/scenario.hpp"
#include "scenario/incident_log_section.hpp"
#include "temp_dir.hpp"

using namespace readysim;
using readysim::testing::TempDir;

namespace {

// Three nodes on a line, a station at a; one road a–b–c (b at 1 km, c at 3 km).
void write_roads(const TempDir& dir) {
  dir.write("nodes.csv", "id,x_m,y_m\na,0,0\nb,1000,0\nc,3000,0\n");
  dir.write("roads.csv",
            "id,from,to,length_m,free_speed_kmh,capacity_veh_h,lanes,oneway,class\n"
            "ab,a,b,1000,36,3600,1,0,local\nbc,b,c,2000,36,3600,1,0,local\n");
}

std::string scenario(const std::string& log, const std::string& extra = "",
                     const std::string& turnout = "60 s") {
  return "district:\n"
         "  name: Line\n"
         "  roads: {nodes: nodes.csv, segments: roads.csv}\n"
         "  snap_distance: 100 m\n"
         "horizon: 1 d\n"
         "resources:\n"
         "  stations:\n"
         "    - {id: west, kind: fire_brigade, node: a, engines: 1, turnout: " +
         turnout +
         "}\n"
         "  staff:\n"
         "    - {id: crew, role: firefighter, count: 4, station: west}\n"
         "hazards:\n"
         "  fire:\n"
         "    detection_delay: 60 s\n"
         "    call_processing: 30 s\n"
         "    occupancies: {dwelling: {on_scene: 10 min}}\n"
         "    incident_log:" +
         log + extra + "run: {replications: 1, seed: 7}\n";
}

const std::string kLogKey =
    "\n      file: log.csv\n"
    "      columns: {id: Number, date: Date, time: Time, x_m: East, y_m: North}\n"
    "      start: 2009-07-01\n";

// Every diagnostic of a failed load, one "file:line:col: error: message" per line.
std::string errors_of(const std::string& path) {
  try {
    (void)load_scenario(path);
  } catch (const ScenarioError& e) {
    std::string out;
    for (const auto& d : e.diagnostics()) out += format_diagnostic(d) + "\n";
    return out;
  }
  return "";
}

// `text` with the first `from` replaced by `to`.
std::string replaced(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}

RunOutput run(const Scenario& s, int reps) {
  RunOptions opt;
  opt.replications = reps;
  opt.seed = s.run.seed;
  return run_replications(s, opt);
}

}  // namespace

TEST_CASE("incident log: dates and clock times parse; anything else does not", "[incident_log]") {
  CHECK(parse_date_time("1970-01-02") == 86400.0);
  CHECK(parse_date_time("2009-07-01") == 1246406400.0);
  CHECK(parse_date_time("2009-07-01 00:16:02") == 1246406400.0 + 16 * 60 + 2);
  CHECK(parse_date_time("2009-07-01T23:59") == 1246406400.0 + 23 * 3600 + 59 * 60);
  CHECK(parse_date_time("2008-02-29").has_value());
  CHECK_FALSE(parse_date_time("2009-02-29"));
  CHECK_FALSE(parse_date_time("2009-13-01"));
  CHECK_FALSE(parse_date_time("01/07/2009"));
  CHECK_FALSE(parse_date_time("2009-07-01 25:00"));
  CHECK(parse_clock("00:16:02") == 962.0);
  CHECK(parse_clock("23:59") == 86340.0);
  CHECK_FALSE(parse_clock("24:00:00"));
  CHECK_FALSE(parse_clock("7:05"));
}

TEST_CASE("incident log: rows are placed, windowed and replayed at their call times", "[incident_log]") {
  TempDir dir("incident_log");
  write_roads(dir);
  // Row 4 is before the start, row 5 the day after the horizon; row 3 snaps to c (40 m off).
  dir.write("log.csv",
            "Number,Date,Time,East,North,Other\n"
            "1,2009-07-01,00:10:00,1000,0,x\n"
            "2,2009-07-01,06:00:30,2990,30,y\n"
            "3,2009-06-30,23:00:00,0,0,z\n"
            "4,2009-07-02,00:00:00,0,0,w\n");
  const std::string path = dir.write("s.yaml", scenario(kLogKey, "", "{dist: lognormal, median: 60 s, p90: 120 s}"));
  const Scenario s = load_scenario(path);
  const IncidentLog& log = s.hazards.fire.incident_log;
  REQUIRE(log.incidents.size() == 2);
  CHECK(log.incidents[0].call_s == 600.0);
  CHECK(s.district.roads.node(log.incidents[0].node).id == "b");
  CHECK(log.incidents[0].line == 2);
  CHECK(log.incidents[1].call_s == 6 * 3600.0 + 30);
  CHECK(s.district.roads.node(log.incidents[1].node).id == "c");
  CHECK(log.outside_window == 2);
  CHECK(log.skipped_lines.empty());

  // The same call times in every replication; the lognormal turnout differs between them.
  const RunOutput out = run(s, 3);
  REQUIRE(out.replications.size() == 3);
  for (const auto& rep : out.replications) {
    REQUIRE(rep.fires.size() == 2);
    CHECK(rep.fires[0].alarm_s == 600.0);
    CHECK(rep.fires[1].alarm_s == 6 * 3600.0 + 30);
    CHECK(rep.fires[0].ignition_s == 540.0);  // detection 60 s before the call
  }
  CHECK(out.replications[0].fires[0].engine_arrival_s != out.replications[1].fires[0].engine_arrival_s);
  // The same seed gives the same bits.
  const RunOutput again = run(s, 3);
  for (int i = 0; i < 3; ++i)
    CHECK(again.replications[static_cast<std::size_t>(i)].fires[1].engine_arrival_s ==
          out.replications[static_cast<std::size_t>(i)].fires[1].engine_arrival_s);
}

TEST_CASE("incident log: node ids, seconds from the start, and an occupancy column", "[incident_log]") {
  TempDir dir("incident_log");
  write_roads(dir);
  dir.write("log.csv", "time,node,occupancy\n100,c,dwelling\n50,b,dwelling\n");
  const Scenario s = load_scenario(dir.write("s.yaml", scenario("\n      file: log.csv\n")));
  const auto& inc = s.hazards.fire.incident_log.incidents;
  REQUIRE(inc.size() == 2);
  CHECK(inc[0].call_s == 100.0);
  CHECK(s.district.roads.node(inc[1].node).id == "b");
  // The short form: a path, the default column names.
  const Scenario short_form = load_scenario(dir.write("short.yaml", scenario(" log.csv\n")));
  CHECK(short_form.hazards.fire.incident_log.incidents.size() == 2);
}

TEST_CASE("incident log: random ignitions are off beside the log unless random_ignitions says", "[incident_log]") {
  TempDir dir("incident_log");
  write_roads(dir);
  dir.write("log.csv", "time,node\n100,c\n");
  const std::string with_plant = replaced(
      scenario("\n      file: log.csv\n"), "horizon: 1 d\n", "  risk_points:\n    - {id: plant, node: b, level: red, occupancy: dwelling, ignition_rate: 2000 /yr}\n"
                        "horizon: 1 d\n");
  const Scenario off = load_scenario(dir.write("off.yaml", with_plant));
  CHECK(run(off, 1).replications.at(0).fires.size() == 1);  // the log's one fire only
  const Scenario on = load_scenario(dir.write(
      "on.yaml", replaced(with_plant, "      file: log.csv\n", "      file: log.csv\n      random_ignitions: true\n")));
  CHECK(on.hazards.fire.incident_log.random_ignitions);
  const auto fires = run(on, 1).replications.at(0).fires;
  CHECK(fires.size() > 1);  // 2000 /yr at the plant: about 5.5 a day beside the logged one
  CHECK(std::count_if(fires.begin(), fires.end(), [](const FireRecord& f) { return f.alarm_s == 100.0; }) == 1);
}

TEST_CASE("incident log: bad rows are located errors, each with its fix", "[incident_log]") {
  TempDir dir("incident_log");
  write_roads(dir);
  const std::string path = dir.write("s.yaml", scenario(kLogKey));
  const std::string log = dir.path.string() + "/log.csv";

  SECTION("an unparseable time names the column") {
    dir.write("log.csv", "Number,Date,Time,East,North\n1,2009-07-01,10:61,0,0\n2,2009/07/01,10:00,0,0\n");
    const std::string e = errors_of(path);
    CHECK_THAT(e, Catch::Contains(log + ":2:14: error: incident log: column 'Time': '10:61' is not a clock time"));
    CHECK_THAT(e, Catch::Contains(log + ":3:3: error: incident log: column 'Date': '2009/07/01' is not a date"));
  }
  SECTION("a position outside the map is an error, or skipped and counted") {
    dir.write("log.csv", "Number,Date,Time,East,North\n1,2009-07-01,10:00,0,0\n2,2009-07-01,11:00,9000,0\n"
                         "3,2009-07-01,12:00,,\n");
    const std::string e = errors_of(path);
    CHECK_THAT(e, Catch::Contains(log + ":3:20: error: incident log: the incident cannot be placed: (x_m 9000, y_m 0) "
                                        "is 6000 m from the nearest road node 'c'"));
    CHECK_THAT(e, Catch::Contains("unplaceable: skip"));
    CHECK_THAT(e, Catch::Contains(log + ":4:20: error: incident log: the incident cannot be placed: no usable position"));
    const Scenario s = load_scenario(dir.write("skip.yaml", scenario(kLogKey + "      unplaceable: skip\n")));
    CHECK(s.hazards.fire.incident_log.incidents.size() == 1);
    CHECK(s.hazards.fire.incident_log.skipped_lines == std::vector<int>{3, 4});
  }
  SECTION("an unknown occupancy, with a did-you-mean") {
    dir.write("log.csv", "time,node,occupancy\n10,b,dweling\n");
    const std::string e = errors_of(dir.write("occ.yaml", scenario("\n      file: log.csv\n")));
    CHECK_THAT(e, Catch::Contains(log + ":2:6: error: incident log: column 'occupancy': unknown occupancy 'dweling'"));
    CHECK_THAT(e, Catch::Contains("did you mean 'dwelling'"));
  }
  SECTION("duplicate rows: the same incident number, or the same call and place") {
    dir.write("log.csv", "Number,Date,Time,East,North\n7,2009-07-01,10:00,0,0\n7,2009-07-01,11:00,0,0\n");
    CHECK_THAT(errors_of(path), Catch::Contains(log + ":3:1: error: incident log: duplicate incident '7' in column "
                                                      "'Number' (first at line 2)"));
    dir.write("log.csv", "time,node\n10,b\n10,b\n");
    CHECK_THAT(errors_of(dir.write("dup.yaml", scenario("\n      file: log.csv\n"))),
               Catch::Contains(log + ":3:1: error: incident log: duplicate row: the same call time and position as "
                                     "line 2"));
  }
  SECTION("an empty file, and a mapped column the header does not have") {
    dir.write("log.csv", "Number,Date,Time,East,North\n");
    CHECK_THAT(errors_of(path), Catch::Contains(log + ":1:1: error: incident log: the file has no rows"));
    dir.write("log.csv", "Number,Date,Tme,East,North\n1,2009-07-01,10:00,0,0\n");
    CHECK_THAT(errors_of(path), Catch::Contains("column 'Time' (columns.time) is not in the header"));
    CHECK_THAT(errors_of(path), Catch::Contains("did you mean 'Tme'"));
  }
}

TEST_CASE("travel from positions: Kolesar's curve, continuous where it turns linear", "[incident_log][travel]") {
  TravelModel t;
  t.kind = TravelKind::kolesar;
  t.acceleration_m_s2 = 0.5;
  t.cruise_speed_mps = 10;  // d_c = 100 m
  CHECK(t.kolesar_s(50) == Approx(20.0));              // 2 sqrt(50 / 0.5)
  CHECK(t.kolesar_s(400) == Approx(60.0));             // 10 / 0.5 + 400 / 10
  CHECK(t.kolesar_s(199.999) == Approx(40.0).epsilon(1e-4));
  CHECK(t.kolesar_s(200) == Approx(40.0));
}

TEST_CASE("travel from positions: engines wait out the model's time instead of driving", "[incident_log][travel]") {
  TempDir dir("incident_log");
  write_roads(dir);
  dir.write("log.csv", "time,node\n100,c\n");
  SECTION("kolesar: call + processing + turnout + t(straight line)") {
    const Scenario s = load_scenario(dir.write(
        "k.yaml", scenario("\n      file: log.csv\n", "    travel: {model: kolesar, acceleration_m_s2: 0.5, "
                                                     "cruise_speed: 36 km/h}\n")));
    const auto rep = run(s, 1).replications.at(0);
    REQUIRE(rep.fires.size() == 1);
    CHECK(rep.fires[0].engine_arrival_s == Approx(100 + 30 + 60 + 10 / 0.5 + 3000 / 10.0));
  }
  SECTION("matrix: the file's time; a missing pair is an error at the key") {
    dir.write("times.csv", "station,node,time_s\nwest,c,123\n");
    const Scenario s =
        load_scenario(dir.write("m.yaml", scenario("\n      file: log.csv\n", "    travel: {model: matrix, file: times.csv}\n")));
    CHECK(run(s, 1).replications.at(0).fires.at(0).engine_arrival_s == Approx(100 + 30 + 60 + 123));
    dir.write("times.csv", "station,node,time_s\nwest,b,123\neast,c,1\nwest,c,-4\n");
    const std::string e = errors_of(dir.path.string() + "/m.yaml");
    CHECK_THAT(e, Catch::Contains("times.csv:3:1: error: travel-time matrix: station 'east' is not a station"));
    CHECK_THAT(e, Catch::Contains("times.csv:4:8: error: travel-time matrix: time_s '-4' must be seconds ≥ 0"));
    CHECK_THAT(e, Catch::Contains("the matrix times.csv has no time from station 'west' to 1 place"));
    // A matrix file that is not there: said at the scenario line that names it.
    dir.write("gone.yaml", scenario("\n      file: log.csv\n", "    travel: {model: matrix, file: nowhere.csv}\n"));
    const std::string gone = errors_of(dir.path.string() + "/gone.yaml");
    INFO(gone);
    CHECK(std::regex_search(gone, std::regex("gone\\.yaml:[0-9]+:[0-9]+: error: [^\n]*travel-time matrix[^\n]*nowhere\\.csv")));
  }
}
