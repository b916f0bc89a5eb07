// Places given as positions (issue 16): `node: {lon, lat}` or `{x_m, y_m}` snaps to the nearest
// road node, through a grid index that must agree with looking at every node.
#include <catch2/catch.hpp>
#include <cmath>
#include <fstream>
#include <random>
#include <string>

#include "readysim/scenario.hpp"
#include "scenario/snap.hpp"
#include "temp_dir.hpp"

using namespace readysim;

namespace {

const std::string kSnap = std::string(READYSIM_SOURCE_DIR) + "/tests/scenarios/snap/scenario.yaml";

// Nodes scattered unevenly (clusters and empty stretches), as a real road graph is.
RoadGraph scattered(std::mt19937_64& rng, std::size_t n, bool lonlat) {
  RoadGraph g;
  std::uniform_real_distribution<double> u(0.0, 1.0);
  for (std::size_t i = 0; i < n; ++i) {
    RoadNode node;
    node.id = "n" + std::to_string(i);
    const bool cluster = i % 3 == 0;
    const double x = cluster ? 2000 + 300 * u(rng) : 20000 * u(rng) * u(rng);
    const double y = cluster ? 5000 + 300 * u(rng) : 15000 * u(rng);
    node.x_m = x;
    node.y_m = y;
    if (lonlat) {
      node.lon = 15.5 + x / 74000.0;
      node.lat = 48.3 + y / 111195.0;
    }
    g.add_node(node);
  }
  return g;
}

NodeSnapper::Hit brute(const RoadGraph& g, double a, double b, bool lonlat) {
  NodeSnapper::Hit best{0, INFINITY};
  for (NodeIndex i = 0; i < g.node_count(); ++i) {
    const RoadNode& n = g.node(i);
    const double d = lonlat ? great_circle_m(a, b, n.lon, n.lat) : std::hypot(n.x_m - a, n.y_m - b);
    if (d < best.distance_m) best = {i, d};
  }
  return best;
}

std::string effective_of(const std::string& path) { return effective_scenario_yaml(load_scenario(path)); }

}  // namespace

TEST_CASE("snap: the grid index finds the node that a look at every node finds", "[scenario][snap]") {
  std::mt19937_64 rng(20261207);
  for (const bool lonlat : {false, true}) {
    const RoadGraph g = scattered(rng, 3000, lonlat);
    const NodeSnapper index(g, lonlat ? NodeSnapper::Frame::lonlat : NodeSnapper::Frame::metres);
    REQUIRE(index.usable());
    std::uniform_real_distribution<double> x(-3000, 23000), y(-3000, 18000);
    for (int q = 0; q < 2000; ++q) {
      double a = x(rng), b = y(rng);
      if (lonlat) {
        a = 15.5 + a / 74000.0;
        b = 48.3 + b / 111195.0;
      }
      const auto want = brute(g, a, b, lonlat);
      const auto got = index.nearest(a, b);
      INFO("query " << q << " lonlat " << lonlat);
      CHECK(got.node == want.node);
      CHECK(got.distance_m == want.distance_m);
    }
    // Far outside the graph the nearest node is still found (for the error message).
    const double fa = lonlat ? 14.0 : -90000.0, fb = lonlat ? 48.0 : 40000.0;
    CHECK(index.nearest(fa, fb).node == brute(g, fa, fb, lonlat).node);
  }
}

TEST_CASE("snap: great-circle distance", "[scenario][snap]") {
  // One degree of latitude on the mean sphere; one of longitude at 60°N is half of that.
  CHECK(great_circle_m(0, 0, 0, 1) == Approx(111195.08).epsilon(1e-6));
  CHECK(great_circle_m(10, 60, 11, 60) == Approx(55595.0).epsilon(2e-3));
}

TEST_CASE("snap: graph without lon/lat is not usable in lon/lat", "[scenario][snap]") {
  std::mt19937_64 rng(1);
  const RoadGraph g = scattered(rng, 10, false);
  CHECK_FALSE(NodeSnapper(g, NodeSnapper::Frame::lonlat).usable());
  CHECK(NodeSnapper(g, NodeSnapper::Frame::metres).usable());
}

TEST_CASE("snap: every kind of place given as a position snaps to its nearest node", "[scenario][snap]") {
  const Scenario s = load_scenario(kSnap);
  const RoadGraph& g = s.district.roads;
  const auto id = [&](NodeIndex n) { return g.node(n).id; };
  CHECK(id(s.district.communities.at(0).node) == "town");
  CHECK(id(s.district.settlements.at(0).node) == "v1");
  CHECK(id(s.district.settlements.at(1).node) == "v2");
  CHECK(id(s.district.risk_points.at(0).node) == "j1");
  CHECK(id(*s.district.mutual_aid_node) == "town");
  CHECK(id(*s.district.police_station) == "st");
  CHECK(id(s.resources.stations.at(0).node) == "st");
  CHECK(id(s.resources.depots.at(0).node) == "v2");
  CHECK(id(*s.resources.staff.at(1).home) == "j1");
  CHECK(id(s.resources.vehicles.at(0).base) == "st");
  CHECK(s.logistics.resupply.from_node == "v1");
  REQUIRE(s.district.snapped.size() == 10);
  CHECK(s.district.snapped[1] == "settlement 's1': node {lon: 112.5208535, lat: 30.4009} -> v1 (100 m)");
}

TEST_CASE("snap: the effective scenario names the nodes, says where they came from, and loads the same",
          "[scenario][snap]") {
  const std::string first = effective_of(kSnap);
  CHECK_THAT(first, Catch::Contains("#   station 'brigade': node {x_m: 10, y_m: 520} -> st (22 m)"));
  CHECK_THAT(first, Catch::Contains("- {id: brigade, name: brigade, kind: fire_brigade, node: st"));
  CHECK_THAT(first, Catch::Contains("police_station: st"));
  testing::TempDir dir("snap");
  const std::string again = effective_of(dir.write("effective.yaml", first));
  // The same scenario, except that nothing is snapped any more (the nodes are ids now).
  const auto body = [](const std::string& y) { return y.substr(y.find("\ndistrict:")); };
  CHECK(body(again) == body(first));
}

TEST_CASE("snap: a geographic graph (lon/lat only) snaps lon/lat by great circle and refuses metres",
          "[scenario][snap]") {
  testing::TempDir dir("snap_geo");
  dir.write("nodes.csv", "id,lon,lat\na,15.60,48.40\nb,15.61,48.40\n");
  dir.write("roads.csv", "id,from,to,free_speed_kmh,oneway\nr,a,b,50,0\n");
  const std::string head =
      "district:\n  name: Geo\n  roads: {nodes: nodes.csv, segments: roads.csv}\n"
      "  communities: [{id: c, node: a}]\n  settlements: [{id: s, community: c, population: 10, node: ";
  const std::string tail = "}]\nhorizon: 1 h\n";
  const Scenario s = load_scenario(dir.write("ok.yaml", head + "{lon: 15.6097, lat: 48.4003}" + tail));
  CHECK(s.district.roads.node(s.district.settlements.at(0).node).id == "b");
  try {
    load_scenario(dir.write("metres.yaml", head + "{x_m: 10, y_m: 10}" + tail));
    FAIL("expected a ScenarioError");
  } catch (const ScenarioError& e) {
    REQUIRE(e.diagnostics().size() == 1);
    CHECK_THAT(e.diagnostics()[0].message, Catch::Contains("positions are lon/lat degrees"));
    CHECK(e.diagnostics()[0].where.line == 5);
  }
}

TEST_CASE("flood: an imported place without elevations refuses a flood, saying how to add them", "[scenario]") {
  // scenarios/krems was imported without --dem: every elevation_m is empty.
  const std::string krems = std::string(READYSIM_SOURCE_DIR) + "/scenarios/krems/scenario.yaml";
  REQUIRE_NOTHROW(load_scenario(krems));
  try {
    load_scenario(krems, {{"hazards.flood", "{source: breach, breach: {at: {lon: 15.6015, lat: 48.4104}}}"}});
    FAIL("expected a ScenarioError");
  } catch (const ScenarioError& e) {
    REQUIRE(e.diagnostics().size() == 1);
    const auto& d = e.diagnostics()[0];
    CHECK_THAT(d.where.file, Catch::Contains("hazards.flood"));
    CHECK_THAT(d.message, Catch::Contains("611 of the 611 road nodes have no ground elevation") &&
                              Catch::Contains("--dem FILE") && Catch::Contains("elevation_m"));
  }
  // Monaco was imported with its SRTM tile: the same flood is accepted.
  const std::string monaco = std::string(READYSIM_SOURCE_DIR) + "/scenarios/monaco/scenario.yaml";
  const Scenario s = load_scenario(monaco, {{"hazards.flood", "{source: breach, breach: {at: {lon: 7.4251533, lat: 43.7397158}}}"}});
  CHECK(s.hazards.flood.breach_at == "n21912099");
}
