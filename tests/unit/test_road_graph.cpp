// Road graph, routing, closures, and the CSV and TNTP importers.
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <numbers>
#include <string>
#include <vector>

#include "readysim/error.hpp"
#include "readysim/road_graph.hpp"
#include "readysim/road_import.hpp"
#include "readysim/suggest.hpp"
#include "road/csv.hpp"
#include "temp_dir.hpp"

using namespace readysim;
namespace fs = std::filesystem;

namespace {

RoadNode node(std::string id) {
  RoadNode n;
  n.id = std::move(id);
  return n;
}

RoadSegment segment(std::string id, NodeIndex from, NodeIndex to, double length_m, double speed_mps) {
  RoadSegment s;
  s.id = std::move(id);
  s.from = from;
  s.to = to;
  s.length_m = length_m;
  s.free_speed_mps = speed_mps;
  s.capacity_vps = 0.5;
  return s;
}

using TempDir = readysim::testing::TempDir;

std::string dump(const Diagnostics& d) {
  std::string out;
  for (const auto& item : d.items()) {
    out += item.where.file + ":" + std::to_string(item.where.line) + ":" + std::to_string(item.where.column) + ": " +
           item.message + "\n";
  }
  return out;
}

// True when some diagnostic is at line:col of a file named `file` and its message contains every part.
bool has(const Diagnostics& d, const std::string& file, int line, int column, std::vector<std::string> parts) {
  return std::any_of(d.items().begin(), d.items().end(), [&](const Diagnostic& item) {
    return fs::path(item.where.file).filename() == file && item.where.line == line && item.where.column == column &&
           std::all_of(parts.begin(), parts.end(),
                       [&](const std::string& p) { return item.message.find(p) != std::string::npos; });
  });
}

std::string segment_id(const RoadGraph& g, SegmentIndex s) { return g.segment(s).id; }

std::vector<std::string> path_ids(const RoadGraph& g, const ShortestPaths& sp, const std::string& to) {
  std::vector<std::string> ids;
  for (SegmentIndex s : sp.path_to(*g.find_node(to), g)) ids.push_back(g.node(g.segment(s).to).id);
  return ids;
}

//   a ⇄ b 100 s,  b ⇄ c 60 s,  a ⇄ c 200 s,  c → d 30 s (one-way)
RoadGraph diamond() {
  RoadGraph g;
  for (const char* id : {"a", "b", "c", "d"}) g.add_node(node(id));
  g.add_segment(segment("ab", 0, 1, 1000, 10));  // 0
  g.add_segment(segment("ab", 1, 0, 1000, 10));  // 1
  g.add_segment(segment("bc", 1, 2, 600, 10));   // 2
  g.add_segment(segment("bc", 2, 1, 600, 10));   // 3
  g.add_segment(segment("ac", 0, 2, 2000, 10));  // 4
  g.add_segment(segment("ac", 2, 0, 2000, 10));  // 5
  g.add_segment(segment("cd", 2, 3, 300, 10));   // 6
  return g;
}

}  // namespace

TEST_CASE("node kinds read and print by name", "[road]") {
  for (NodeKind k : {NodeKind::junction, NodeKind::community, NodeKind::settlement, NodeKind::station, NodeKind::depot,
                     NodeKind::shelter, NodeKind::office, NodeKind::enterprise, NodeKind::external}) {
    CHECK(parse_node_kind(node_kind_name(k)) == k);
  }
  CHECK(node_kind_name(NodeKind::depot) == "depot");
  CHECK_FALSE(parse_node_kind("firestation"));
  CHECK_FALSE(parse_node_kind("Station"));
}

TEST_CASE("shortest times and paths on a small graph", "[road]") {
  const RoadGraph g = diamond();
  REQUIRE(g.node_count() == 4);
  REQUIRE(g.segment_count() == 7);
  CHECK(g.segment(0).free_time_s() == 100.0);

  const auto sp = g.shortest_paths_from(0);
  CHECK(sp.source == 0);
  CHECK(sp.time_s == std::vector<double>{0, 100, 160, 190});
  CHECK(sp.path_to(0, g).empty());
  CHECK(sp.path_to(3, g) == std::vector<SegmentIndex>{0, 2, 6});
  CHECK(path_ids(g, sp, "c") == std::vector<std::string>{"b", "c"});
  CHECK_FALSE(sp.via[0]);
  CHECK(sp.via[2] == SegmentIndex{2});

  SECTION("a one-way road leads into a dead end") {
    const auto from_d = g.shortest_paths_from(3);
    CHECK(from_d.time_s[3] == 0);
    for (NodeIndex n : {0, 1, 2}) CHECK_FALSE(from_d.reachable(n));
    CHECK_THROWS_AS(from_d.path_to(0, g), RoutingError);
  }

  SECTION("times to a target run on the reverse graph") {
    CHECK(g.shortest_times_to(0) == std::vector<double>{0, 100, 160, kUnreachable});
    CHECK(g.shortest_times_to(3) == std::vector<double>{190, 90, 30, 0});
  }

  SECTION("out_segments lists the segments leaving a node") {
    CHECK(g.out_segments(2) == std::vector<SegmentIndex>{3, 5, 6});
    CHECK(g.out_segments(3).empty());
  }
}

TEST_CASE("closures reroute and cut nodes off", "[road][closure]") {
  const RoadGraph g = diamond();
  ClosureSet closed(g.segment_count());
  CHECK(closed.count() == 0);

  closed.close(0);  // a → b only; b → a stays open
  CHECK(closed.is_closed(0));
  CHECK_FALSE(closed.is_closed(1));
  auto sp = g.shortest_paths_from(0, &closed);
  CHECK(sp.time_s == std::vector<double>{0, 260, 200, 230});
  CHECK(path_ids(g, sp, "b") == std::vector<std::string>{"c", "b"});
  CHECK(g.shortest_times_to(0, &closed)[1] == 100);  // the way back is open

  closed.close(4);  // a → c too: a is cut off
  CHECK(closed.count() == 2);
  sp = g.shortest_paths_from(0, &closed);
  CHECK(sp.reachable(0));
  for (NodeIndex n : {1, 2, 3}) CHECK_FALSE(sp.reachable(n));
  CHECK_THROWS_AS(sp.path_to(3, g), RoutingError);

  closed.reopen(0);
  CHECK(g.shortest_paths_from(0, &closed).time_s == std::vector<double>{0, 100, 160, 190});

  SECTION("closures on the reverse graph") {
    ClosureSet back;  // default-constructed: grows on close
    back.close(1);    // b → a
    CHECK(g.shortest_times_to(0, &back)[1] == 260);
    CHECK_FALSE(back.is_closed(99));
  }
}

TEST_CASE("parallel segments: the path names the faster one", "[road]") {
  RoadGraph g;
  g.add_node(node("a"));
  g.add_node(node("b"));
  g.add_segment(segment("slow", 0, 1, 1000, 5));
  g.add_segment(segment("fast", 0, 1, 1000, 20));
  g.add_segment(segment("slower", 0, 1, 1000, 2));
  const auto sp = g.shortest_paths_from(0);
  CHECK(sp.time_s[1] == 50);
  CHECK(sp.path_to(1, g) == std::vector<SegmentIndex>{1});
}

TEST_CASE("graph construction rejects bad input", "[road]") {
  RoadGraph g;
  CHECK(g.add_node(node("a")) == 0);
  CHECK(g.add_node(node("b")) == 1);
  CHECK_THROWS_AS(g.add_node(node("a")), RoutingError);
  CHECK_THROWS_AS(g.add_node(node("")), RoutingError);
  CHECK(g.find_node("b") == NodeIndex{1});
  CHECK_FALSE(g.find_node("c"));

  CHECK_THROWS_AS(g.add_segment(segment("x", 0, 2, 100, 10)), RoutingError);
  CHECK_THROWS_AS(g.add_segment(segment("x", 0, 1, 0, 10)), RoutingError);
  CHECK_THROWS_AS(g.add_segment(segment("x", 0, 1, 100, -1)), RoutingError);
  CHECK_THROWS_AS(g.add_segment(segment("x", 0, 1, std::nan(""), 10)), RoutingError);
  auto no_capacity = segment("x", 0, 1, 100, 10);
  no_capacity.capacity_vps = 0;
  CHECK_THROWS_AS(g.add_segment(no_capacity), RoutingError);
  CHECK(g.segment_count() == 0);
  CHECK_THROWS_AS(g.node(5), RoutingError);
  CHECK_THROWS_AS(g.segment(0), RoutingError);
  CHECK_THROWS_AS(g.shortest_paths_from(2), RoutingError);
  CHECK_THROWS_AS(g.shortest_times_to(2), RoutingError);
}

TEST_CASE("copies are deep, moves keep the content", "[road]") {
  RoadGraph g = diamond();
  g.set_geographic(true);
  RoadGraph copy = g;
  copy.add_node(node("e"));
  copy.add_segment(segment("de", 3, 4, 100, 10));
  CHECK(g.node_count() == 4);
  CHECK(copy.node_count() == 5);
  CHECK(copy.geographic());
  CHECK(copy.shortest_paths_from(0).time_s[4] == 200);
  CHECK_FALSE(g.find_node("e"));

  RoadGraph moved = std::move(copy);
  CHECK(moved.node_count() == 5);
  copy = g;  // a moved-from graph can be assigned again
  CHECK(copy.node_count() == 4);
}

TEST_CASE("csv reader: quotes, positions, BOM and line ends", "[road][csv]") {
  Diagnostics d;
  const std::string text =
      "\xEF\xBB\xBFname, note ,n\r\n"
      "\"a, b\",\"say \"\"hi\"\"\",1\r\n"
      "\r\n"
      "\"two\nlines\", plain ,2\n"
      "名字,x,3";
  const auto t = csv::parse(text, "t.csv", d);
  INFO(dump(d));
  REQUIRE(d.ok());
  REQUIRE(t.header.size() == 3);
  CHECK(t.header[1].text == "note");
  CHECK(t.header[1].column == 7);
  CHECK(t.column("n") == std::size_t{2});
  CHECK_FALSE(t.column("x"));
  REQUIRE(t.records.size() == 3);
  CHECK(t.records[0].fields[0].text == "a, b");
  CHECK(t.records[0].fields[1].text == "say \"hi\"");
  CHECK(t.records[0].fields[1].column == 8);
  CHECK(t.records[1].line == 4);
  CHECK(t.records[1].fields[0].text == "two\nlines");
  CHECK(t.records[1].fields[1].text == "plain");
  CHECK(t.records[1].fields[1].line == 5);
  CHECK(t.records[1].fields[1].column == 9);
  CHECK(t.records[2].line == 6);
  CHECK(t.records[2].fields[1].column == 4);  // columns count characters, not UTF-8 bytes
  CHECK(t.where(t.records[2].fields[2]).line == 6);
}

TEST_CASE("csv reader: syntax errors are located and parsing goes on", "[road][csv]") {
  Diagnostics d;
  const auto t = csv::parse("a,b,,a\n1,2,3,4\n1,2\n1,x\"y,3,4\n\"1\"z,2,3,4\n5,6,7,8\n\"open,2,3,4\n", "t.csv", d);
  INFO(dump(d));
  CHECK(has(d, "t.csv", 1, 5, {"column 3", "no name"}));
  CHECK(has(d, "t.csv", 1, 6, {"'a' appears twice"}));
  CHECK(has(d, "t.csv", 3, 1, {"2 fields", "header has 4"}));
  CHECK(has(d, "t.csv", 4, 4, {"stray '\"'"}));
  CHECK(has(d, "t.csv", 5, 4, {"after the closing quote"}));
  CHECK(has(d, "t.csv", 7, 1, {"never closed"}));
  CHECK(d.items().size() == 6);
  REQUIRE(t.records.size() == 2);
  CHECK(t.records[1].fields[0].text == "5");
}

TEST_CASE("csv helpers: numbers, names, missing files", "[road][csv]") {
  CHECK(csv::parse_number("42") == 42.0);
  CHECK(csv::parse_number("+2.5e3") == 2500.0);
  CHECK(csv::parse_number("-0.5") == -0.5);
  for (const char* bad : {"", "1,5", "abc", "1e999", "nan", "inf", "++1", "+-1", " 1", "0x10"}) {
    INFO(bad);
    CHECK_FALSE(csv::parse_number(bad));
  }
  CHECK(csv::parse_integer("3") == 3);
  CHECK_FALSE(csv::parse_integer("3.0"));

  constexpr std::string_view names[] = {"id", "x_m", "elevation_m", "lat", "free_speed_kmh"};
  CHECK(closest_match("elevaton_m", names) == "elevation_m");
  CHECK(did_you_mean("horizn", {"horizon", "run"}) == " (did you mean 'horizon'?)");
  CHECK(closest_match("ID", names) == "id");
  CHECK(closest_match("x", names) == "x_m");
  CHECK(closest_match("latitude", names) == "lat");
  CHECK(closest_match("speed_kmh", names) == "free_speed_kmh");
  CHECK_FALSE(closest_match("colour", names));

  Diagnostics d;
  CHECK_FALSE(csv::read_file("/nonexistent/readysim/x.csv", d, "samples file"));
  REQUIRE(d.items().size() == 1);
  CHECK(d.items()[0].message.find("cannot open samples file '/nonexistent/readysim/x.csv'") == 0);
}

TEST_CASE("csv roads: a good pair of files", "[road][import]") {
  TempDir dir;
  const auto nodes = dir.write("nodes.csv",
                               "id,x_m,y_m,elevation_m,kind\n"
                               "a,0,0,10,station\n"
                               "b, 3000 , 4000 ,,junction\n"
                               "c,3000,0,,\n");
  const auto roads = dir.write("roads.csv",
                               "\xEF\xBB\xBF"
                               "id,from,to,length_m,free_speed_kmh,capacity_veh_h,lanes,oneway,class\r\n"
                               "r1,a,b,,36,,2,0,\"county, paved\"\r\n"
                               "r2,b,c,4000,72,900,1,1,village\r\n");
  Diagnostics d;
  const RoadGraph g = load_roads_csv(nodes, roads, d);
  INFO(dump(d));
  REQUIRE(d.ok());
  REQUIRE(g.node_count() == 3);
  REQUIRE(g.segment_count() == 3);
  CHECK_FALSE(g.geographic());
  CHECK(g.node(0).kind == NodeKind::station);
  CHECK(g.node(0).elevation_m == 10);
  CHECK(std::isnan(g.node(1).elevation_m));  // an empty field: unknown (an import without --dem)
  CHECK(g.node(2).kind == NodeKind::junction);

  // r1: two-way, length from 3-4-5 geometry, capacity 1800 per lane by default.
  const RoadSegment& r1 = g.segment(0);
  CHECK(r1.id == "r1");
  CHECK(r1.length_m == Approx(5000));
  CHECK(r1.free_speed_mps == Approx(10));
  CHECK(r1.capacity_vps == Approx(1.0));
  CHECK(r1.lanes == 2);
  CHECK(r1.road_class == "county, paved");
  CHECK(g.segment(1).id == "r1");
  CHECK(g.segment(1).from == 1);
  CHECK(g.segment(1).to == 0);
  // r2: one-way b → c.
  CHECK(g.segment(2).capacity_vps == Approx(0.25));
  CHECK(g.shortest_paths_from(0).time_s[2] == Approx(700));
  CHECK_FALSE(g.shortest_paths_from(2).reachable(0));
}

TEST_CASE("csv roads: lon/lat nodes get great-circle lengths", "[road][import]") {
  TempDir dir;
  const auto nodes = dir.write("nodes.csv", "id,lon,lat\np,112.5,30.0\nq,112.5,31.0\n");
  const auto roads = dir.write("roads.csv", "id,from,to,free_speed_kmh\nr,p,q,60\n");
  Diagnostics d;
  const RoadGraph g = load_roads_csv(nodes, roads, d);
  INFO(dump(d));
  REQUIRE(d.ok());
  CHECK(g.geographic());
  CHECK(g.node(1).y_m == 31.0);
  CHECK(g.segment(0).length_m == Approx(6371008.8 * std::numbers::pi / 180).epsilon(1e-12));
  CHECK(g.segment_count() == 2);
}

TEST_CASE("csv roads: every error is reported, with its place and fix", "[road][import]") {
  TempDir dir;
  const auto nodes = dir.write("nodes.csv",
                               "id,x_m,y_m,kind,elevaton_m\n"
                               "a,0,0,junction,1\n"
                               "b,100,0,junction,1\n"
                               "a,1,1,junction,1\n"
                               "d,zero,0,junction,1\n"
                               "e,5,5,firestation,1\n");
  const auto roads = dir.write("roads.csv",
                               "id,from,to,free_speed_kmh,lanes,capacity_veh_h,lenght_m\n"
                               "r1,a,n999,40,1,,\n"
                               "r2,b,b,40,1,,\n"
                               "r3,a,b,-5,1,,\n"
                               "r4,a,b,fast,1,,\n"
                               "r5,a,b,40,0,,\n"
                               "r6,a,b,40,1,0,\n"
                               "r2,a,b,40,1,,\n"
                               "r7,a,b,40,1,,\n");
  Diagnostics d;
  const RoadGraph g = load_roads_csv(nodes, roads, d);
  INFO(dump(d));
  CHECK(has(d, "nodes.csv", 1, 17, {"unknown column 'elevaton_m'", "did you mean 'elevation_m'?"}));
  CHECK(has(d, "nodes.csv", 4, 1, {"node 'a' is defined twice (first on line 2)"}));
  CHECK(has(d, "nodes.csv", 5, 3, {"node 'd'", "x_m 'zero' is not a number", "metres"}));
  CHECK(has(d, "nodes.csv", 6, 7, {"node 'e' has unknown kind 'firestation'", "did you mean 'station'?"}));
  CHECK(has(d, "roads.csv", 1, 48, {"unknown column 'lenght_m'", "did you mean 'length_m'?"}));
  CHECK(
      has(d, "roads.csv", 2, 6, {"road 'r1' refers to node 'n999', which is not in nodes.csv; add it or fix the id"}));
  CHECK(has(d, "roads.csv", 3, 6, {"road 'r2' goes from node 'b' back to itself"}));
  CHECK(has(d, "roads.csv", 4, 8, {"road 'r3'", "free_speed_kmh must be > 0, got -5", "km/h"}));
  CHECK(has(d, "roads.csv", 5, 8, {"road 'r4'", "free_speed_kmh 'fast' is not a number"}));
  CHECK(has(d, "roads.csv", 6, 11, {"road 'r5'", "lanes '0'"}));
  CHECK(has(d, "roads.csv", 7, 13, {"road 'r6'", "capacity_veh_h must be > 0"}));
  CHECK(has(d, "roads.csv", 8, 1, {"road id 'r2' is used twice (first on line 3)"}));
  CHECK(d.items().size() == 12);
  // The good rows still make a graph: a, b, d, e and the two directions of r7.
  CHECK(g.node_count() == 4);
  REQUIRE(g.segment_count() == 2);
  CHECK(g.segment(0).id == "r7");
  CHECK(g.segment(0).length_m == Approx(100));
}

TEST_CASE("csv roads: missing, empty and header-only files", "[road][import]") {
  TempDir dir;
  const auto nodes = dir.write("nodes.csv", "id,x_m,y_m\na,0,0\nb,1,0\n");

  SECTION("missing files") {
    Diagnostics d;
    load_roads_csv((dir.path / "nope.csv").string(), (dir.path / "roads.csv").string(), d);
    INFO(dump(d));
    CHECK(has(d, "nope.csv", 0, 0, {"cannot open nodes file", "does not exist"}));
    CHECK(has(d, "roads.csv", 0, 0, {"cannot open roads file"}));
    CHECK(d.items().size() == 2);
  }
  SECTION("empty roads file") {
    Diagnostics d;
    load_roads_csv(nodes, dir.write("roads.csv", ""), d);
    INFO(dump(d));
    CHECK(has(d, "roads.csv", 0, 0, {"roads file has no roads"}));
    CHECK(d.items().size() == 1);
  }
  SECTION("header only") {
    Diagnostics d;
    load_roads_csv(nodes, dir.write("roads.csv", "id,from,to,free_speed_kmh\n\n"), d);
    INFO(dump(d));
    CHECK(has(d, "roads.csv", 1, 1, {"roads file has no roads"}));
    CHECK(d.items().size() == 1);
  }
  SECTION("empty nodes file: roads are not checked against it") {
    Diagnostics d;
    load_roads_csv(dir.write("empty.csv", "id,x_m,y_m\n"),
                   dir.write("roads.csv", "id,from,to,free_speed_kmh\nr,a,b,30\n"), d);
    INFO(dump(d));
    CHECK(has(d, "empty.csv", 1, 1, {"nodes file has no nodes"}));
    CHECK(d.items().size() == 1);
  }
}

TEST_CASE("csv roads: missing columns", "[road][import]") {
  TempDir dir;
  SECTION("a required roads column") {
    Diagnostics d;
    load_roads_csv(dir.write("nodes.csv", "id,x_m,y_m\na,0,0\nb,1,0\n"), dir.write("roads.csv", "id,from,to\nr,a,b\n"),
                   d);
    INFO(dump(d));
    CHECK(has(d, "roads.csv", 1, 1, {"roads.csv has no 'free_speed_kmh' column; add it to the header row"}));
    CHECK(d.items().size() == 1);
  }
  SECTION("node positions") {
    Diagnostics d;
    load_roads_csv(dir.write("nodes.csv", "id,kind\na,junction\n"),
                   dir.write("roads.csv", "id,from,to,free_speed_kmh\n"), d);
    INFO(dump(d));
    CHECK(has(d, "nodes.csv", 1, 1, {"no position columns", "x_m and y_m", "lon and lat"}));
  }
  SECTION("half a pair") {  // both pairs together are allowed: tests/unit/test_import_csv.cpp
    Diagnostics d;
    load_roads_csv(dir.write("n1.csv", "id,x_m\na,0\n"), dir.write("r.csv", "id,from,to,free_speed_kmh\nr,a,a2,1\n"),
                   d);
    CHECK(has(d, "n1.csv", 1, 1, {"has a 'x_m' column but no 'y_m'"}));
  }
  SECTION("a latitude out of range") {
    Diagnostics d;
    load_roads_csv(dir.write("nodes.csv", "id,lon,lat\np,112.5,95\n"),
                   dir.write("roads.csv", "id,from,to,free_speed_kmh\n"), d);
    INFO(dump(d));
    CHECK(has(d, "nodes.csv", 2, 9, {"node 'p': lat 95 is outside -90 to 90"}));
  }
  SECTION("no length and nodes at one spot") {
    Diagnostics d;
    load_roads_csv(dir.write("nodes.csv", "id,x_m,y_m\na,5,5\nb,5,5\n"),
                   dir.write("roads.csv", "id,from,to,free_speed_kmh\nr,a,b,30\n"), d);
    INFO(dump(d));
    CHECK(has(d, "roads.csv", 2, 5, {"road 'r' has no length_m", "same position"}));
  }
}

TEST_CASE("csv roads: two one-way rows in opposite directions may share an id", "[road][import]") {
  TempDir dir;
  Diagnostics d;
  const RoadGraph g = load_roads_csv(dir.write("nodes.csv", "id,x_m,y_m\na,0,0\nb,100,0\n"),
                                     dir.write("roads.csv",
                                               "id,from,to,free_speed_kmh,lanes,oneway\n"
                                               "r,a,b,36,2,1\n"
                                               "r,b,a,36,1,1\n"
                                               "r,a,b,36,1,1\n"),
                                     d);
  INFO(dump(d));
  CHECK(has(d, "roads.csv", 4, 1, {"road id 'r' is used twice (first on line 2)"}));
  CHECK(d.items().size() == 1);
  CHECK(g.segment_count() == 2);
}

TEST_CASE("TNTP: the Sioux Falls network", "[road][tntp]") {
  const fs::path dir = fs::path(READYSIM_SHARED_DATA_DIR) / "tntp_siouxfalls";
  if (!fs::exists(dir / "SiouxFalls_net.tntp")) {
    FAIL("Sioux Falls data not found in " << dir.string()
                                          << " (READYSIM_SHARED_DATA_DIR); it must sit in ../shared/data beside the "
                                             "project root, as the CMake build expects");
  }
  Diagnostics d;
  const RoadGraph g =
      load_roads_tntp((dir / "SiouxFalls_net.tntp").string(), (dir / "SiouxFalls_node.tntp").string(), TntpUnits{}, d);
  INFO(dump(d));
  REQUIRE(d.ok());
  REQUIRE(g.node_count() == 24);
  REQUIRE(g.segment_count() == 76);
  CHECK(g.geographic());
  for (NodeIndex n = 0; n < 24; ++n) CHECK(g.node(n).id == std::to_string(n + 1));
  CHECK(g.node(0).x_m == -96.77041974);
  CHECK(g.node(0).y_m == 43.61282792);

  const RoadSegment& s12 = g.segment(0);  // 1 2 25900.20064 6 6 (minutes, miles, veh/h)
  CHECK(s12.id == "1-2");
  CHECK(s12.length_m == Approx(6 * 1609.344));
  CHECK(s12.free_speed_mps == Approx(1609.344 / 60));
  CHECK(s12.capacity_vps == Approx(25900.20064 / 3600));
  CHECK(s12.free_time_s() == Approx(360));

  // By hand from the net file: 1→3 4, 3→4 4, 4→5 2, 2→6 5, 1→2 6 (minutes).
  const auto sp = g.shortest_paths_from(0);
  CHECK(sp.time_s[1] == Approx(6 * 60.0));
  CHECK(sp.time_s[2] == Approx(4 * 60.0));
  CHECK(sp.time_s[3] == Approx(8 * 60.0));
  CHECK(sp.time_s[4] == Approx(10 * 60.0));
  CHECK(sp.time_s[5] == Approx(11 * 60.0));
  CHECK(path_ids(g, sp, "5") == std::vector<std::string>{"3", "4", "5"});
  CHECK(segment_id(g, sp.path_to(5, g).front()) == "1-2");
  for (NodeIndex n = 0; n < 24; ++n) CHECK(sp.reachable(n));

  // Reverse Dijkstra agrees with forward Dijkstra from every origin.
  for (NodeIndex t = 0; t < 24; ++t) {
    const auto to_t = g.shortest_times_to(t);
    for (NodeIndex s = 0; s < 24; ++s) CHECK(to_t[s] == Approx(g.shortest_paths_from(s).time_s[t]));
  }
}

TEST_CASE("TNTP: small files, units and errors", "[road][tntp]") {
  TempDir dir;
  const std::string meta = "<NUMBER OF NODES> 3\n<NUMBER OF LINKS> 2\n<END OF METADATA>\n\n~ init term cap len fft\n";
  SECTION("units apply, no node file means no positions") {
    const auto net = dir.write("n.tntp", meta + "\t1\t2\t100\t2\t3\t0.15\t4\t0\t0\t7\t;\n2 3 50 1 1 ;\n");
    Diagnostics d;
    const RoadGraph g = load_roads_tntp(net, "", TntpUnits{10.0, 1000.0, 0.5}, d);
    INFO(dump(d));
    REQUIRE(d.ok());
    CHECK_FALSE(g.geographic());
    CHECK(g.node_count() == 3);
    CHECK(g.segment(0).length_m == 2000);
    CHECK(g.segment(0).free_time_s() == Approx(30));
    CHECK(g.segment(0).capacity_vps == 50);
    CHECK(g.segment(0).road_class == "7");
    CHECK(g.shortest_paths_from(0).time_s[2] == Approx(40));
  }
  SECTION("bad rows are all reported") {
    const auto net = dir.write("n.tntp", meta + "1 2 100 2 0 ;\n1 x 100 2 3 ;\n3 3 1 1 1 ;\n1 9 1 1 1 ;\n2 3 1 ;\n");
    Diagnostics d;
    load_roads_tntp(net, "", TntpUnits{}, d);
    INFO(dump(d));
    CHECK(has(d, "n.tntp", 6, 11, {"link 1-2: free_flow_time must be > 0, got 0"}));
    CHECK(has(d, "n.tntp", 7, 3, {"term_node 'x' is not a node number"}));
    CHECK(has(d, "n.tntp", 8, 3, {"link 3-3 goes from node 3 back to itself"}));
    CHECK(has(d, "n.tntp", 9, 3, {"node 9 is beyond <NUMBER OF NODES> 3"}));
    CHECK(has(d, "n.tntp", 10, 1, {"link row has 3 fields"}));
    CHECK(d.items().size() == 5);
  }
  SECTION("node numbers beyond the metadata, link count, node file gaps") {
    const auto net = dir.write("n.tntp", meta + "1 2 1 1 1 ;\n1 4 1 1 1 ;\n2 3 1 1 1 ;\n");
    const auto nodes = dir.write("nodes.tntp", "Node X Y ;\n1 -96.7 43.6 ;\n2 -96.8 43.5 ;\n2 0 0 ;\n");
    Diagnostics d;
    load_roads_tntp(net, nodes, TntpUnits{}, d);
    INFO(dump(d));
    CHECK(has(d, "n.tntp", 0, 0, {"<NUMBER OF LINKS> says 2 but the file has 3"}));
    CHECK(has(d, "n.tntp", 7, 3, {"node 4 is beyond <NUMBER OF NODES> 3"}));
    CHECK(has(d, "nodes.tntp", 4, 1, {"node 2 is listed twice (first on line 3)"}));
    CHECK(has(d, "nodes.tntp", 0, 0, {"node 3 is not in nodes.tntp; add its X and Y"}));
  }
  SECTION("not a TNTP file, missing file") {
    Diagnostics d;
    load_roads_tntp(dir.write("x.tntp", "1 2 3 4 5 ;\n"), (dir.path / "none.tntp").string(), TntpUnits{}, d);
    INFO(dump(d));
    CHECK(has(d, "none.tntp", 0, 0, {"cannot open TNTP node file"}));
    Diagnostics d2;
    load_roads_tntp((dir.path / "x.tntp").string(), "", TntpUnits{}, d2);
    CHECK(has(d2, "x.tntp", 0, 0, {"no <END OF METADATA>"}));
  }
}
