// nodes.csv as `readysim import osm` writes it: x_m/y_m and lon/lat together, an empty
// elevation_m meaning "unknown" (NaN), and the imported examples loading as road graphs.
#include <catch2/catch.hpp>
#include <cmath>
#include <string>

#include "readysim/error.hpp"
#include "readysim/road_import.hpp"
#include "temp_dir.hpp"

using namespace readysim;
using readysim::testing::TempDir;

TEST_CASE("csv nodes: metres and degrees together, elevation unknown when empty", "[road][import]") {
  TempDir dir("import_csv");
  const auto nodes = dir.write("nodes.csv",
                               "id,x_m,y_m,lon,lat,elevation_m,kind\n"
                               "n1,0,0,7.4251533,43.7397158,63.32,junction\n"
                               "n2,300,400,7.4290000,43.7433000,,station\n");
  const auto roads = dir.write("roads.csv", "id,from,to,free_speed_kmh\nw5,n1,n2,30\n");
  Diagnostics d;
  const RoadGraph g = load_roads_csv(nodes, roads, d);
  REQUIRE(d.ok());
  CHECK_FALSE(g.geographic());  // x_m/y_m are the position
  CHECK(g.node(1).x_m == 300);
  CHECK(g.node(1).y_m == 400);
  CHECK(g.node(0).lon == 7.4251533);
  CHECK(g.node(0).lat == 43.7397158);
  CHECK(g.node(0).elevation_m == 63.32);
  CHECK(std::isnan(g.node(1).elevation_m));
  CHECK(g.segment(0).length_m == 500);  // straight line in metres, not degrees
}

TEST_CASE("csv nodes: lon/lat alone stay geographic, and no elevation column is flat ground", "[road][import]") {
  TempDir dir("import_csv");
  Diagnostics d;
  const RoadGraph g = load_roads_csv(dir.write("nodes.csv", "id,lon,lat\na,7.0,43.0\nb,7.0,43.001\n"),
                                     dir.write("roads.csv", "id,from,to,free_speed_kmh\nr,a,b,30\n"), d);
  REQUIRE(d.ok());
  CHECK(g.geographic());
  CHECK(g.node(1).x_m == 7.0);
  CHECK(g.node(1).y_m == 43.001);
  CHECK(g.node(1).lat == 43.001);
  CHECK(g.node(0).elevation_m == 0);
  CHECK(g.segment(0).length_m == Approx(111.2).epsilon(0.01));

  Diagnostics d2;
  const RoadGraph xy = load_roads_csv(dir.write("n2.csv", "id,x_m,y_m\na,0,0\nb,3,4\n"),
                                      dir.write("r2.csv", "id,from,to,free_speed_kmh\nr,a,b,30\n"), d2);
  REQUIRE(d2.ok());
  CHECK(std::isnan(xy.node(0).lon));
  CHECK(std::isnan(xy.node(0).lat));
}

TEST_CASE("csv nodes: a bad elevation is still an error, and half a lon/lat pair too", "[road][import]") {
  TempDir dir("import_csv");
  Diagnostics d;
  (void)load_roads_csv(dir.write("nodes.csv", "id,x_m,y_m,lon,elevation_m\na,0,0,7,high\n"),
                       dir.write("roads.csv", "id,from,to,free_speed_kmh\n"), d);
  CHECK_FALSE(d.ok());
  bool elevation = false, pair = false;
  for (const auto& item : d.items()) {
    elevation = elevation || item.message.find("elevation_m 'high' is not a number") != std::string::npos;
    pair = pair || item.message.find("has a 'lon' column but no 'lat'") != std::string::npos;
  }
  CHECK(elevation);
  CHECK(pair);
}

TEST_CASE("csv nodes: the control column sets a junction's control, empty is the district's default", "[road][import]") {
  TempDir dir("import_csv");
  Diagnostics d;
  const RoadGraph g = load_roads_csv(
      dir.write("nodes.csv", "id,x_m,y_m,control\na,0,0,traffic_signals\nb,3,4,\nc,6,8,roundabout\nd,9,9,give_way\n"),
      dir.write("roads.csv", "id,from,to,free_speed_kmh\nr,a,b,30\n"), d);
  REQUIRE(d.ok());
  CHECK(g.node(0).control == JunctionControl::traffic_signals);
  CHECK(g.node(1).control == JunctionControl::unset);
  CHECK(g.control(1) == JunctionControl::priority);
  CHECK(g.node(2).control == JunctionControl::roundabout);
  CHECK(g.node(3).control == JunctionControl::priority);

  Diagnostics bad;
  (void)load_roads_csv(dir.write("n2.csv", "id,x_m,y_m,control\na,0,0,trafic_signals\n"),
                       dir.write("r2.csv", "id,from,to,free_speed_kmh\n"), bad);
  CHECK_FALSE(bad.ok());
  bool named = false;
  for (const auto& item : bad.items()) {
    named = named || (item.message.find("unknown control 'trafic_signals'") != std::string::npos &&
                      item.message.find("did you mean 'traffic_signals'") != std::string::npos && item.where.line == 2);
  }
  CHECK(named);
}

TEST_CASE("imported examples load as road graphs", "[road][import]") {
  for (const std::string name : {"monaco", "krems"}) {
    const std::string dir = std::string(READYSIM_SOURCE_DIR) + "/scenarios/" + name + "/roads/";
    Diagnostics d;
    const RoadGraph g = load_roads_csv(dir + "nodes.csv", dir + "roads.csv", d);
    INFO(name);
    REQUIRE(d.ok());
    CHECK(g.node_count() > 300);
    CHECK_FALSE(g.geographic());
    std::size_t unknown = 0;
    for (NodeIndex n = 0; n < g.node_count(); ++n) {
      CHECK(std::abs(g.node(n).lat - 45.5) < 3.5);  // Monaco 43.7 N, Krems 48.4 N
      unknown += std::isnan(g.node(n).elevation_m) ? 1 : 0;
    }
    // Monaco was imported with its SRTM tile, Krems without a terrain raster.
    CHECK(unknown == (name == "monaco" ? 0 : g.node_count()));
    // Every node reaches every other (the largest strongly connected part was kept).
    const auto from = g.shortest_paths_from(0);
    const auto to = g.shortest_times_to(0);
    for (NodeIndex n = 0; n < g.node_count(); ++n) {
      CHECK(from.reachable(n));
      CHECK(to[n] != kUnreachable);
    }
  }
}
