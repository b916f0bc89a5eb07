// Places the flood can reach (issue 17, point 1): the highest level a flood hazard can produce,
// and the warnings naming each shelter, station, depot, community office and staff base below it.
#include <fmt/format.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <string>
#include <vector>

#include "readysim/flood.hpp"
#include "readysim/flood_warnings.hpp"
#include "readysim/scenario.hpp"

using namespace readysim;

namespace {

const std::string kFlood = std::string(READYSIM_SOURCE_DIR) + "/scenarios/yunlianghu/flood.yaml";

std::string all(const std::vector<Diagnostic>& ws) {
  std::string out;
  for (const auto& w : ws) out += to_string(w.where) + ": warning: " + w.message + "\n";
  return out;
}

NodeIndex node_of(const Scenario& s, const std::string& id) {
  for (NodeIndex n = 0; n < s.district.roads.node_count(); ++n)
    if (s.district.roads.node(n).id == id) return n;
  FAIL("no node " << id);
  return 0;
}

}  // namespace

TEST_CASE("flood warnings: the breach's highest level is the level pool of its largest inflow", "[flood]") {
  // With every draw at the upper end of flood.yaml's (600 m3/s for 30 h), a replication's level
  // peaks exactly at the highest level: when the inflow ends, before pumping.
  const Scenario top = load_scenario(kFlood, {{"hazards.flood.breach.peak_inflow", "600 m3/s"}});
  const FloodTimeline t = compute_flood(top, 1, 0);
  REQUIRE_FALSE(t.level_m.empty());
  const double peak = *std::max_element(t.level_m.begin(), t.level_m.end());
  const Scenario s = load_scenario(kFlood);
  CHECK(flood_highest_level_m(s) == Approx(peak).epsilon(1e-12));
  // No replication of the drawn flood goes above it.
  for (std::int64_t rep = 0; rep < 20; ++rep) {
    const FloodTimeline r = compute_flood(s, s.run.seed, rep);
    for (double h : r.level_m) CHECK(h <= flood_highest_level_m(s) + 1e-9);
  }
}

TEST_CASE("flood warnings: flood.yaml names the places whose ground lies below the highest level", "[flood]") {
  const Scenario s = load_scenario(kFlood);
  const double level = flood_highest_level_m(s);
  CHECK(level > 28.89);  // above the typical peak: the worst draw, not a typical one
  const std::string w = all(flood_ground_warnings(s));
  INFO(w);
  CHECK_THAT(w, Catch::Contains("flood.yaml:"));
  CHECK_THAT(w, Catch::Contains(": warning: shelter 'school_jizhen'"));
  CHECK_THAT(w, Catch::Contains("stands at node 'jizhen', ground 28.20 m, below the highest water level the flood "
                                "can reach, " + fmt::format("{:.2f} m", level)));
  CHECK_THAT(w, Catch::Contains("station 'brigade'"));
  CHECK_THAT(w, Catch::Contains("node 'police_station', ground 28.27 m"));
  CHECK_THAT(w, Catch::Contains("once its node floods readysim cuts its engines off for the rest of the replication"));
  CHECK_THAT(w, Catch::Contains("admits nobody more there (groups on their way go on to another shelter) and counts "
                                "the people inside as stranded, not safe"));
  CHECK_THAT(w, Catch::Contains("cuts its stock off for the rest of the replication"));
  CHECK_THAT(w, Catch::Contains("staff base 'district_office' (emergency_office, inspectors"));
  CHECK_THAT(w, Catch::Contains("node 'district_office', ground 28.19 m"));
  CHECK_THAT(w, Catch::Contains("depot 'district_depot'"));
  CHECK_THAT(w, Catch::Contains("community office 'jizhen'"));
  CHECK_THAT(w, Catch::Contains("move it to higher ground, raise it (and its node's elevation_m), or accept that "
                                "it floods"));
  // The city halls outside the polder, and places on higher ground, are not named.
  CHECK_THAT(w, !Catch::Contains("qianjiang_halls"));
  CHECK_THAT(w, !Catch::Contains("school_xibei"));
}

TEST_CASE("flood warnings: a level series warns below its maximum, nothing when all stand above", "[flood]") {
  Scenario s = load_scenario(kFlood);
  s.hazards.flood.source = FloodSource::level_series;
  s.hazards.flood.level_series = {{0.0, 27.0}, {3600.0, 28.25}, {7200.0, 27.5}};
  CHECK(flood_highest_level_m(s) == 28.25);
  const std::string w = all(flood_ground_warnings(s));
  INFO(w);
  CHECK_THAT(w, Catch::Contains("shelter 'school_jizhen'"));           // 28.20 m
  CHECK_THAT(w, Catch::Contains("staff base 'district_office'"));      // 28.19 m
  CHECK_THAT(w, !Catch::Contains("station 'brigade'"));                // 28.27 m stands above
  CHECK_THAT(w, Catch::Contains("(0.05 m deep)"));

  s.hazards.flood.level_series = {{0.0, 27.0}, {3600.0, 28.10}};
  CHECK(flood_ground_warnings(s).empty());
  s.hazards.flood.enabled = false;
  CHECK(flood_ground_warnings(s).empty());
}

TEST_CASE("flood warnings: given node depths name the places whose node gets water", "[flood]") {
  Scenario s = load_scenario(kFlood);
  s.hazards.flood.source = FloodSource::node_depths;
  s.hazards.flood.node_depth_series.assign(s.district.roads.node_count(), {});
  s.hazards.flood.node_depth_series[node_of(s, "police_station")] = {{0.0, 0.0}, {3600.0, 0.4}};
  CHECK(std::isnan(flood_highest_level_m(s)));
  const auto ws = flood_ground_warnings(s);
  REQUIRE(ws.size() == 1);
  CHECK_THAT(ws[0].message, Catch::StartsWith("station 'brigade'"));
  CHECK_THAT(ws[0].message, Catch::Contains("the flood's given depths reach 0.40 m"));
}
