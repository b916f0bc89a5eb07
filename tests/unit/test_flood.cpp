// The flood hazard: the polder's stage–storage relation, level-pool filling and recession,
// closures per vehicle class, the `hazards.flood` section, and the validation bowl.
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "hazard/flood_model.hpp"
#include "readysim/flood.hpp"
#include "readysim/random.hpp"
#include "readysim/road_import.hpp"
#include "readysim/scenario.hpp"
#include "readysim/yaml_reader.hpp"
#include "scenario/flood_section.hpp"
#include "temp_dir.hpp"

using namespace readysim;
namespace fs = std::filesystem;

namespace {

const std::string kBowl = std::string(READYSIM_SOURCE_DIR) + "/scenarios/validation/bowl.yaml";

RoadNode ground(std::string id, double x, double y, double z, NodeKind kind = NodeKind::junction) {
  RoadNode n;
  n.id = std::move(id);
  n.x_m = x;
  n.y_m = y;
  n.elevation_m = z;
  n.kind = kind;
  return n;
}

void two_way(RoadGraph& g, const std::string& id, NodeIndex a, NodeIndex b) {
  for (auto [from, to] : {std::pair{a, b}, std::pair{b, a}}) {
    RoadSegment s;
    s.id = id;
    s.from = from;
    s.to = to;
    s.length_m = 1000;
    s.free_speed_mps = 10;
    s.capacity_vps = 0.5;
    g.add_segment(s);
  }
}

// Four villages on a slope (1, 2, 2, 4 m) and a levee crest outside the polder (external).
RoadGraph slope() {
  RoadGraph g;
  g.add_node(ground("low", 0, 0, 1.0));
  g.add_node(ground("mid_a", 1000, 0, 2.0));
  g.add_node(ground("mid_b", 1000, 1000, 2.0));
  g.add_node(ground("high", 2000, 1000, 4.0));
  g.add_node(ground("levee", 3000, 1000, 8.0, NodeKind::external));
  two_way(g, "r1", 0, 1);
  two_way(g, "r2", 1, 2);
  two_way(g, "r3", 2, 3);
  two_way(g, "r4", 3, 4);
  return g;
}

using TempDir = readysim::testing::TempDir;

// Reads a `flood:` mapping given as YAML text, as if from `file`.
struct Read {
  Diagnostics diags;
  FloodHazard flood;
  std::string messages() const {
    std::string all;
    for (const auto& d : diags.items()) all += format_diagnostic(d) + "\n";
    return all;
  }
};

Read read_flood(const std::string& yaml, const RoadGraph& roads, const std::string& file = "flood.yaml") {
  Read out;
  YamlReader r(file, out.diags);
  const YAML::Node root = YAML::Load(yaml);
  read_flood_section(root["flood"], r, roads, out.flood);
  return out;
}

Scenario scenario_with(const RoadGraph& roads, const FloodHazard& f) {
  Scenario s;
  s.district.roads = roads;
  s.hazards.flood = f;
  return s;
}

}  // namespace

TEST_CASE("flood: stage–storage is exact and inverts exactly on a hand example", "[flood]") {
  // Nodes at 1, 2, 2, 4 m, 10 m² each: V = 10(h−1) up to 2 m, then 10 + 30(h−2) up to 4 m,
  // then 70 + 40(h−4).
  const flood::StageStorage pool({4.0, 2.0, 1.0, 2.0}, 10.0);
  CHECK(pool.bottom_m() == 1.0);
  CHECK(pool.volume(0.5) == 0.0);
  CHECK(pool.volume(1.0) == 0.0);
  CHECK(pool.volume(1.5) == 5.0);
  CHECK(pool.volume(2.0) == 10.0);
  CHECK(pool.volume(3.0) == 40.0);
  CHECK(pool.volume(4.0) == 70.0);
  CHECK(pool.volume(5.0) == 110.0);
  CHECK(pool.level(-1.0) == 1.0);
  CHECK(pool.level(0.0) == 1.0);
  CHECK(pool.level(5.0) == 1.5);
  CHECK(pool.level(10.0) == 2.0);
  CHECK(pool.level(40.0) == 3.0);
  CHECK(pool.level(70.0) == 4.0);
  CHECK(pool.level(110.0) == 5.0);
  for (double h = 1.0; h < 6.0; h += 0.0137) CHECK(pool.level(pool.volume(h)) == Approx(h).margin(1e-12));
}

TEST_CASE("flood: the hydrograph's volume and its exact crossing times", "[flood]") {
  flood::BreachInflow in;
  in.start_s = 1000;
  in.peak_m3_per_s = 300;
  in.to_peak_s = 3 * 3600.0;
  in.duration_s = 24 * 3600.0;
  in.pumping_m3_per_s = 40;
  const double total = 0.5 * 300 * 24 * 3600.0;
  CHECK(in.inflow_volume() == Approx(total));
  CHECK(in.volume_at(1000) == 0.0);
  CHECK(in.volume_at(1000 + 3 * 3600.0) == Approx(0.5 * 300 * 3 * 3600.0));
  CHECK(in.volume_at(in.inflow_end_s()) == Approx(total));
  CHECK(in.empty_s() == Approx(in.inflow_end_s() + total / 40));
  CHECK(in.volume_at(in.empty_s() + 1) == 0.0);
  // Inflow 300·τ/t_p: at τ = 1 h, 150 s·m³/s… V = 300·3600²/(2·3·3600) = 180,000 m³.
  CHECK(in.volume_at(1000 + 3600.0) == Approx(180000.0));
  CHECK(in.rise_time(180000.0) == Approx(1000 + 3600.0));
  for (double share : {0.01, 0.2, 0.124, 0.125, 0.126, 0.5, 0.9, 0.999999, 1.0}) {
    const double v = share * total;
    const double up = in.rise_time(v), down = in.fall_time(v);
    CHECK(in.volume_at(up) == Approx(v).epsilon(1e-10));
    CHECK(in.volume_at(down) == Approx(v).epsilon(1e-10));
    CHECK(up <= in.inflow_end_s());
    CHECK(down >= in.inflow_end_s());
  }
  CHECK(in.rise_time(total * 1.0001) == kNever);
  in.pumping_m3_per_s = 0;
  CHECK(in.fall_time(0.5 * total) == kNever);
  CHECK(in.empty_s() == kNever);
}

TEST_CASE("flood: the level rises under inflow and recedes under pumping", "[flood]") {
  const RoadGraph g = slope();
  FloodHazard f;
  f.enabled = true;
  f.breach_time = Distribution::constant(3600.0);
  f.peak_inflow = Distribution::constant(0.05);  // m³/s into a 4 × 250 m² pool: metres in hours
  f.time_to_peak = Distribution::constant(2 * 3600.0);
  f.inflow_duration = Distribution::constant(10 * 3600.0);
  f.pumping_m3_per_s = 0.02;
  f.polder_area_m2 = 1000;
  const FloodTimeline t = compute_flood(scenario_with(g, f), 1, 0);
  CHECK(t.breach_s == 3600.0);
  REQUIRE(t.level_time_s.size() == t.level_m.size());
  REQUIRE(t.level_time_s.size() > 10);
  CHECK(std::is_sorted(t.level_time_s.begin(), t.level_time_s.end()));
  const double end_in = 3600.0 + 10 * 3600.0;
  // Stored 0.05 · 10 h / 2 = 900 m³: V(h) = 250(h−1) → 250 at 2 m, then 250 + 750(h−2): 2.867 m at the top.
  CHECK(t.level_at(end_in) == Approx(2 + 650.0 / 750.0));
  for (std::size_t k = 1; k < t.level_m.size(); ++k) {
    if (t.level_time_s[k] <= end_in)
      CHECK(t.level_m[k] >= t.level_m[k - 1]);
    else
      CHECK(t.level_m[k] <= t.level_m[k - 1]);
  }
  CHECK(t.level_at(0) == 1.0);  // the empty pool stands at the lowest ground
  CHECK(t.level_m.back() == 1.0);  // pumped dry: 900 m³ / 0.02 m³/s = 12.5 h after the inflow
  CHECK(t.level_time_s.back() == Approx(end_in + 45000.0));
  // Nodes: flooded at depth 0.1 m, dry again when pumping takes the pool below it; the high node
  // (4 m) and the levee crest (external) never.
  const flood::StageStorage pool({1.0, 2.0, 2.0, 4.0}, 250.0);
  for (NodeIndex n : {0, 1, 2}) {
    const double target = pool.volume(g.node(n).elevation_m + 0.1);
    REQUIRE(t.node_flooded_s[n] != kNever);
    CHECK(t.node_flooded_s[n] < end_in);
    CHECK(t.node_dry_s[n] > end_in);
    CHECK(t.node_dry_s[n] == Approx(end_in + (900 - target) / 0.02));
    CHECK(t.level_at(t.node_flooded_s[n]) == Approx(g.node(n).elevation_m + 0.1).margin(0.01));
  }
  CHECK(t.node_flooded_s[1] == t.node_flooded_s[2]);
  CHECK(t.node_flooded_s[3] == kNever);
  CHECK(t.node_dry_s[3] == kNever);
  CHECK(t.node_flooded_s[4] == kNever);
  CHECK(t.warning_s == kNever);  // no warning configured
}

TEST_CASE("flood: segments close per vehicle class as the water at their lower end deepens", "[flood]") {
  const RoadGraph g = slope();
  FloodHazard f;
  f.enabled = true;
  f.breach_time = Distribution::constant(0.0);
  f.peak_inflow = Distribution::constant(0.05);
  f.time_to_peak = Distribution::constant(2 * 3600.0);
  f.inflow_duration = Distribution::constant(10 * 3600.0);
  f.pumping_m3_per_s = 0.02;
  f.polder_area_m2 = 1000;
  const FloodTimeline t = compute_flood(scenario_with(g, f), 1, 0);
  flood::BreachInflow in;
  in.peak_m3_per_s = 0.05;
  in.to_peak_s = 2 * 3600.0;
  in.duration_s = 10 * 3600.0;
  in.pumping_m3_per_s = 0.02;
  const flood::StageStorage pool({1.0, 2.0, 2.0, 4.0}, 250.0);
  const auto level = [&](double time) { return pool.level(in.volume_at(time)); };
  const double limit[2] = {0.3, 0.6};
  int closed_somewhere = 0;
  for (SegmentIndex i = 0; i < g.segment_count(); ++i) {
    const auto& seg = g.segment(i);
    // The levee crest is outside the polder: the r4 segments take the depth at 'high'.
    const NodeIndex low = seg.to == 4 || seg.from == 4 ? 3
                          : g.node(seg.from).elevation_m <= g.node(seg.to).elevation_m ? seg.from
                                                                                         : seg.to;
    const double z = g.node(low).elevation_m;
    const auto car = t.closed[0][i], truck = t.closed[1][i];
    for (int c = 0; c < 2; ++c) {
      const auto [close, reopen] = t.closed[c][i];
      const bool ever = level(10 * 3600.0) - z > limit[c];
      REQUIRE((close != kNever) == ever);
      if (!ever) continue;
      ++closed_somewhere;
      CHECK(level(close) - z == Approx(limit[c]).margin(1e-9));   // closes at the limit …
      CHECK(level(reopen) - z == Approx(limit[c]).margin(1e-9));  // … and reopens at it
      CHECK(level(close - 1) - z < limit[c]);
      CHECK(level(close + 1) - z > limit[c]);
      CHECK(level(reopen - 1) - z > limit[c]);
      CHECK(level(reopen + 1) - z < limit[c]);
    }
    // Trucks pass deeper water: they lose a road later, and get it back sooner.
    if (truck.first != kNever) {
      CHECK(car.first < truck.first);
      CHECK(truck.second < car.second);
    }
    // Both directions of a road close together.
    if (i % 2 == 1) CHECK(t.closed[0][i] == t.closed[0][i - 1]);
  }
  CHECK(closed_somewhere >= 8);
  CHECK(t.closed[0][6].first == kNever);  // r4 (high 4 m) stays open: the pool tops out at 2.87 m
}

TEST_CASE("flood: draws come from the flood stream in a fixed order", "[flood]") {
  const RoadGraph g = slope();
  FloodHazard f;
  f.enabled = true;
  f.breach_time = Distribution::uniform(2 * 3600.0, 10 * 3600.0);
  f.peak_inflow = Distribution::uniform(0.01, 0.1);
  f.time_to_peak = Distribution::uniform(3600.0, 7200.0);
  f.inflow_duration = Distribution::uniform(8 * 3600.0, 12 * 3600.0);
  f.warning_delay = Distribution::uniform(60.0, 1800.0);
  f.warning_lead_s = 3 * 3600.0;
  f.polder_area_m2 = 1000;
  const Scenario s = scenario_with(g, f);
  for (std::int64_t rep : {0, 1, 7}) {
    RandomStream rng(99, static_cast<std::uint64_t>(rep), StreamPurpose::flood, 0);
    const double breach = f.breach_time.sample(rng);
    for (const Distribution* skipped : {&f.peak_inflow, &f.time_to_peak, &f.inflow_duration})
      CHECK(skipped->sample(rng) > 0);
    const double delay = f.warning_delay.sample(rng);
    const FloodTimeline t = compute_flood(s, 99, rep);
    CHECK(t.breach_s == breach);
    CHECK(t.warning_s == std::max(0.0, breach - 3 * 3600.0) + delay);
    const FloodTimeline again = compute_flood(s, 99, rep);
    CHECK(again.node_flooded_s == t.node_flooded_s);
  }
  CHECK(compute_flood(s, 99, 0).breach_s != compute_flood(s, 99, 1).breach_s);
}

TEST_CASE("flood: the validation bowl floods its nodes when the closed form says", "[flood][validation]") {
  Diagnostics diags;
  YamlReader r(kBowl, diags);
  const YAML::Node root = YAML::LoadFile(kBowl);
  const std::string dir = fs::path(kBowl).parent_path().string();
  const RoadGraph roads = load_roads_csv(dir + "/roads/bowl_nodes.csv", dir + "/roads/bowl_roads.csv", diags);
  FloodHazard f;
  read_flood_section(root["hazards"]["flood"], r, roads, f);
  for (const auto& d : diags.items()) FAIL(format_diagnostic(d));
  REQUIRE(diags.ok());
  REQUIRE(f.hydrograph == FloodHydrograph::constant);

  const std::size_t N = 20;
  const double Z = 2.0, A = 20e6, Q = 200.0;
  REQUIRE(roads.node_count() == N);
  CHECK(f.polder_area_m2 == A);
  CHECK(f.peak_inflow.mean() == Q);
  // Midpoint rule on cells of δ = Z/N: the model's storage falls short of A h²/(2Z) by at most
  // (A/Z)·δ²/8, so a node floods at most A Z / (8 N² Q) = 62.5 s early, never late.
  const double bound_s = A * Z / (8.0 * N * N * Q);
  CHECK(bound_s == Approx(62.5));
  const auto closed_form = [&](double h) { return (h <= Z ? A * h * h / (2 * Z) : A * (h - Z / 2)) / Q; };

  for (double d : {0.1, 0.12}) {
    f.inundation_depth_m = d;
    Scenario s = scenario_with(roads, f);
    const FloodTimeline t = compute_flood(s, 1, 0);
    double worst = 0;
    for (NodeIndex i = 0; i < N; ++i) {
      const double zi = (static_cast<double>(i) + 0.5) * Z / static_cast<double>(N);
      REQUIRE(roads.node(i).elevation_m == Approx(zi).margin(1e-12));
      // Exactly the discrete formula: t_i = (A/N) Σ_j max(0, z_i + d − z_j) / Q.
      double v = 0;
      for (NodeIndex j = 0; j < N; ++j) v += std::max(0.0, zi + d - roads.node(j).elevation_m);
      const double discrete = A / static_cast<double>(N) * v / Q;
      CHECK(t.node_flooded_s[i] == Approx(discrete).epsilon(1e-12));
      // Within the bound of the closed form, and never later than it.
      const double err = closed_form(zi + d) - t.node_flooded_s[i];
      CAPTURE(d, i, t.node_flooded_s[i], closed_form(zi + d), err);
      CHECK(err >= -1e-6);
      CHECK(err <= bound_s + 1e-6);
      worst = std::max(worst, err);
      CHECK(t.node_dry_s[i] == kNever);  // no pumping
    }
    // d = δ puts every z_i + d on a cell midpoint, where the bound is reached; d = 0.12 m sits
    // 0.03 m (of δ = 0.1 m) from the cell's edge: (A/Z)(0.03)²/2 / Q = 22.5 s.
    CAPTURE(d, worst);
    CHECK(worst == Approx(d == 0.1 ? 62.5 : 22.5).margin(1e-6));
    // The level: h_model(t) − sqrt(2ZQt/A) ∈ [0, Z² / (8 N² h)] at the series' exact points.
    for (std::size_t k = 0; k < t.level_time_s.size(); ++k) {
      const double tk = t.level_time_s[k];
      const double h = std::sqrt(2 * Z * Q * tk / A);
      if (h < 0.2 || h > Z) continue;
      CHECK(t.level_m[k] - h >= -1e-9);
      CHECK(t.level_m[k] - h <= Z * Z / (8.0 * N * N * h) + 1e-9);
    }
    // The pool reaches 1 m (a cell edge, where the model is exact) at 25,000 s; warned 10 min later.
    CHECK(t.warning_s == Approx(25000.0 + 600.0).epsilon(1e-12));
  }
}

TEST_CASE("flood: the section reads units, defaults and a suggested breach", "[flood][scenario]") {
  const RoadGraph g = slope();
  const Read r = read_flood(R"(
flood:
  source: breach
  breach:
    at: levee
    time: {dist: uniform, low: 2 h, high: 10 h}
    peak_inflow: {dist: triangular, low: 150 m3/s, mode: 300 m3/s, high: 600 m3/s}
    time_to_peak: 3 h
    inflow_duration: 24 h
  pumping: 40 m3/s
  polder_area: 50 km2
  inundation_depth: 0.1 m
  impassable: {car: 0.3 m, truck: 0.6 m}
  warning: {lead_time: 2 h, delay: {dist: lognormal, median: 10 min, p90: 30 min}}
)",
                            g);
  INFO(r.messages());
  REQUIRE(r.diags.ok());
  const FloodHazard& f = r.flood;
  CHECK(f.enabled);
  CHECK(f.source == FloodSource::breach);
  CHECK(f.breach_at == "levee");
  CHECK(f.breach_node == 4);
  CHECK(f.breach_time.quantile(0) == 7200.0);
  CHECK(f.peak_inflow.quantile(1) == 600.0);
  CHECK(f.time_to_peak.mean() == 10800.0);
  CHECK(f.inflow_duration.mean() == 86400.0);
  CHECK(f.pumping_m3_per_s == 40.0);
  CHECK(f.polder_area_m2 == 50e6);
  CHECK(f.warning_lead_s == 7200.0);
  CHECK(f.warning_level_m == kNever);
  CHECK(f.warning_delay.quantile(0.5) == Approx(600.0));

  // Defaults: the polder's bounding box (the levee node is external: 2 km × 1 km), 0.1/0.3/0.6 m.
  const Read d = read_flood("flood: {breach: {at: low}}", g);
  INFO(d.messages());
  REQUIRE(d.diags.ok());
  CHECK(d.flood.polder_area_m2 == 2e6);
  CHECK(d.flood.hydrograph == FloodHydrograph::triangular);
  CHECK(d.flood.inundation_depth_m == 0.1);
  CHECK(d.flood.car_limit_m == 0.3);
  CHECK(d.flood.truck_limit_m == 0.6);
  CHECK(d.flood.warning_level_m == kNever);  // no warning unless the scenario says what triggers it
  CHECK(d.flood.warning_lead_s == kNever);
}

TEST_CASE("flood: every section error is reported at its spot with the fix", "[flood][scenario]") {
  const RoadGraph g = slope();
  const Read r = read_flood(R"(
flood:
  breach:
    at: hihg
    time_to_peak: {dist: uniform, low: 2 h, high: 30 h}
    inflow_duration: 24 h
  file: level.csv
  impassable: {car: 0.7 m, truck: 0.6 m}
  inundation_depht: 0.2 m
  warning: {level: 0.5 m}
)",
                            g);
  const std::string m = r.messages();
  INFO(m);
  CHECK_THAT(m, Catch::Contains("flood.yaml:4:9: error: hazards.flood.breach: node 'hihg' is not in the road "
                                "network (did you mean 'high'?)"));
  CHECK_THAT(m, Catch::Contains("flood.yaml:5:19: error: hazards.flood.breach: time_to_peak (up to 30 h) must be "
                                "shorter than inflow_duration (from 1 d)"));
  CHECK_THAT(m, Catch::Contains("flood.yaml:7:3: error: hazards.flood: 'file' belongs to source level_series and "
                                "node_depths, and this flood's source is breach"));
  CHECK_THAT(m, Catch::Contains("flood.yaml:8:15: error: hazards.flood.impassable: car (0.7 m) is deeper than "
                                "truck (0.6 m)"));
  CHECK_THAT(m, Catch::Contains("flood.yaml:9:3: error: hazards.flood: unknown key 'inundation_depht' (did you "
                                "mean 'inundation_depth'?)"));
  CHECK_THAT(m, Catch::Contains("flood.yaml:10:20: error: hazards.flood.warning: level 0.5 m is not above the lowest "
                                "ground in the polder (1 m at node 'low')"));
  CHECK(r.diags.items().size() == 6);

  const std::string more = read_flood(R"(
flood:
  source: level
  warning: {delay: 5 min}
)",
                                      g)
                               .messages();
  CHECK_THAT(more, Catch::Contains("flood.yaml:3:11: error: hazards.flood: source 'level' is not known (did you mean "
                                   "'level_series'?)"));
  CHECK_THAT(read_flood("flood: {breach: {at: low, hydrograph: constant, time_to_peak: 1 h}}", g).messages(),
             Catch::Contains("time_to_peak applies to a triangular hydrograph"));
  CHECK_THAT(read_flood("flood: {breach: {at: low, peak_inflow: 300}}", g).messages(),
             Catch::Contains("missing unit in '300'"));
  CHECK_THAT(read_flood("flood: {breach: {at: low}, polder_area: 0 km2}", g).messages(),
             Catch::Contains("'polder_area' must be greater than zero"));
  CHECK_THAT(read_flood("flood: {pumping: 4 m3/s}", g).messages(),
             Catch::Contains("source breach needs 'breach: {at: <levee node id>"));
  CHECK_THAT(read_flood("flood: {breach: {at: low}, warning: {level: 3 m, lead_time: 1 h}}", g).messages(),
             Catch::Contains("not both"));
  // All nodes on one line: the bounding box has no area, so the polder area must be given.
  RoadGraph line;
  line.add_node(ground("a", 0, 0, 1));
  line.add_node(ground("b", 1000, 0, 2));
  CHECK_THAT(read_flood("flood: {breach: {at: a}}", line).messages(),
             Catch::Contains("give it, e.g. 'polder_area: 50 km2'"));
  CHECK(read_flood("flood: {breach: {at: a}, polder_area: 1 km2}", line).diags.ok());
}

TEST_CASE("flood: a given level series floods nodes and closes roads where it crosses", "[flood][scenario]") {
  const RoadGraph g = slope();
  TempDir dir;
  dir.write("level.csv", "hours,level_m\n0,0.5\n2,1.5\n4,3.5\n6,3.5\n10,1.0\n");
  const std::string yaml = "flood: {source: level_series, file: level.csv, time_column: hours, time_unit: h, "
                           "level_column: level_m, warning: {level: 2.5 m, delay: 0 s}}";
  const Read r = read_flood(yaml, g, (dir.path / "s.yaml").string());
  INFO(r.messages());
  REQUIRE(r.diags.ok());
  REQUIRE(r.flood.level_series.size() == 5);
  CHECK(r.flood.level_series[2] == std::pair{4 * 3600.0, 3.5});
  const FloodTimeline t = compute_flood(scenario_with(g, r.flood), 1, 0);
  // The level rises 0.5 m/h to 2 h, then 1 m/h to 4 h, holds, and falls 0.625 m/h from 6 h to 10 h.
  CHECK(t.breach_s == Approx(3600.0));                      // passes the lowest ground (1 m) at 1 h
  CHECK(t.node_flooded_s[0] == Approx(1.2 * 3600.0));       // 1.1 m
  CHECK(t.node_dry_s[0] == Approx((6 + 2.4 / 0.625) * 3600.0));
  CHECK(t.node_flooded_s[1] == Approx(2.6 * 3600.0));       // 2.1 m
  CHECK(t.node_flooded_s[3] == kNever);
  CHECK(t.node_flooded_s[4] == kNever);                     // the levee crest is outside the polder
  CHECK(t.closed[0][0].first == Approx(1.6 * 3600.0));      // r1 from 'low': 1.3 m
  CHECK(t.closed[1][0].first == Approx(2.1 * 3600.0));      // 1.6 m
  CHECK(t.closed[1][0].second == Approx((6 + 1.9 / 0.625) * 3600.0));
  CHECK(t.warning_s == Approx(3 * 3600.0));
  CHECK(t.level_at(3 * 3600.0) == Approx(2.5));
  CHECK(t.level_at(-5) == 0.5);
  CHECK(t.level_at(1e9) == 1.0);

  dir.write("bad.csv", "hours,level_m\n0,0.5\n2,1\n1,3\n3,x\n");
  const Read bad = read_flood("flood: {source: level_series, file: bad.csv, time_column: hours, time_unit: h}", g,
                              (dir.path / "s.yaml").string());
  const std::string m = bad.messages();
  INFO(m);
  CHECK_THAT(m, Catch::Contains("bad.csv:5:3: column 'level_m': 'x' is not a number"));
  CHECK_THAT(m, Catch::Contains("bad.csv:4:1: time 1 comes after 2 h in the file but is not later"));
  CHECK_THAT(read_flood("flood: {source: level_series, file: bad.csv, time_column: hour, time_unit: h}", g,
                        (dir.path / "s.yaml").string())
                 .messages(),
             Catch::Contains("has no column 'hour' (did you mean 'hours'?)"));
  CHECK_THAT(read_flood("flood: {source: level_series, file: missing.csv, time_unit: h}", g,
                        (dir.path / "s.yaml").string())
                 .messages(),
             Catch::Contains("cannot open"));
}

TEST_CASE("flood: given depths per node flood nodes and close roads by the deeper end", "[flood][scenario]") {
  const RoadGraph g = slope();
  TempDir dir;
  // Long format, rows in any order; 'high' and the levee are not listed (dry).
  dir.write("depths.csv",
            "t_min,node,depth_m\n"
            "0,low,0\n60,low,0.5\n120,low,0.8\n240,low,0.0\n"
            "120,mid_a,0.4\n0,mid_a,0\n"
            "0,mid_b,0\n");
  const std::string yaml = "flood: {source: node_depths, file: depths.csv, time_column: t_min, time_unit: min}";
  const Read r = read_flood(yaml, g, (dir.path / "s.yaml").string());
  INFO(r.messages());
  REQUIRE(r.diags.ok());
  REQUIRE(r.flood.node_depth_series.size() == 5);
  CHECK(r.flood.node_depth_series[1].front().first == 0.0);  // sorted by time
  const FloodTimeline t = compute_flood(scenario_with(g, r.flood), 1, 0);
  CHECK(t.breach_s == 0.0);                 // 'low' is wet at once after t = 0 (depth > 0 right after)
  CHECK(t.node_flooded_s[0] == Approx(12 * 60.0));   // 0.1 m at 0.5 m per 60 min
  CHECK(t.node_dry_s[0] == Approx(120 * 60.0 + 0.7 / 0.8 * 120 * 60.0));
  CHECK(t.node_flooded_s[1] == Approx(30 * 60.0));
  CHECK(t.node_dry_s[1] == kNever);          // still 0.4 m at the end of its series
  CHECK(t.node_flooded_s[2] == kNever);
  CHECK(t.level_time_s.empty());
  CHECK(std::isnan(t.level_at(0)));
  // r1 (low–mid_a): cars close when 'low' passes 0.3 m (36 min), reopen when it falls below
  // (after 'mid_a' passed 0.3 m at 90 min it stays there): never.
  CHECK(t.closed[0][0].first == Approx(36 * 60.0));
  CHECK(t.closed[0][0].second == kNever);
  // Trucks: only 'low' passes 0.6 m (60 + 0.1/0.3·60 = 80 min), back below at 120 + 0.2/0.8·120 = 150 min.
  CHECK(t.closed[1][0].first == Approx(80 * 60.0));
  CHECK(t.closed[1][0].second == Approx(150 * 60.0));

  dir.write("typo.csv", "time,node,depth_m\n0,loww,0.2\n0,low,-1\n");
  const std::string m = read_flood("flood: {source: node_depths, file: typo.csv, time_unit: s}", g,
                                   (dir.path / "s.yaml").string())
                            .messages();
  INFO(m);
  CHECK_THAT(m, Catch::Contains("typo.csv:2:3: node 'loww' is not in the road network (did you mean 'low'?)"));
  CHECK_THAT(m, Catch::Contains("typo.csv:3:7: column 'depth_m': '-1' is not a non-negative number"));
  CHECK_THAT(read_flood("flood: {source: node_depths, file: typo.csv, time_unit: s, warning: {level: 3 m}}", g,
                        (dir.path / "s.yaml").string())
                 .messages(),
             Catch::Contains("source node_depths has no single water level to watch"));
}

TEST_CASE("flood: the effective section loads again to the same flood", "[flood][scenario]") {
  const RoadGraph g = slope();
  TempDir dir;
  dir.write("level.csv", "time,level_m\n0,1\n3600,3\n");
  for (const std::string& yaml :
       {std::string("flood: {breach: {at: levee, time: {dist: uniform, low: 2 h, high: 10 h}, peak_inflow: "
                    "{dist: triangular, low: 150 m3/s, mode: 300 m3/s, high: 600 m3/s}}, pumping: 40 m3/s, "
                    "warning: {lead_time: 2 h, delay: {dist: lognormal, median: 10 min, p90: 30 min}}}"),
        std::string("flood: {breach: {at: low, hydrograph: constant, peak_inflow: 0.01 m3/s}, polder_area: 1500 m2, "
                    "impassable: {car: 0.2 m, truck: 0.5 m}, warning: {level: 2.5 m}}"),
        std::string("flood: {source: level_series, file: level.csv, time_unit: s, inundation_depth: 0.2 m}")}) {
    const Read first = read_flood(yaml, g, (dir.path / "s.yaml").string());
    INFO(yaml << "\n" << first.messages());
    REQUIRE(first.diags.ok());
    YAML::Emitter out;
    out << YAML::BeginMap;
    emit_flood_yaml(out, first.flood, g);
    out << YAML::EndMap;
    REQUIRE(out.good());
    const std::string text = out.c_str();
    INFO(text);
    const Read again = read_flood(text, g, "effective.yaml");
    INFO(again.messages());
    REQUIRE(again.diags.ok());
    const FloodHazard &a = first.flood, &b = again.flood;
    CHECK(b.source == a.source);
    CHECK(b.breach_node == a.breach_node);
    CHECK(b.hydrograph == a.hydrograph);
    CHECK(b.polder_area_m2 == Approx(a.polder_area_m2));
    CHECK(b.pumping_m3_per_s == Approx(a.pumping_m3_per_s));
    CHECK(b.level_series == a.level_series);
    CHECK(b.car_limit_m == a.car_limit_m);
    CHECK(b.warning_level_m == a.warning_level_m);
    CHECK(b.warning_lead_s == a.warning_lead_s);
    for (double p : {0.0, 0.1, 0.5, 0.9}) {
      CHECK(b.breach_time.quantile(p) == Approx(a.breach_time.quantile(p)));
      CHECK(b.peak_inflow.quantile(p) == Approx(a.peak_inflow.quantile(p)));
      CHECK(b.warning_delay.quantile(p) == Approx(a.warning_delay.quantile(p)));
    }
    const FloodTimeline ta = compute_flood(scenario_with(g, a), 5, 3), tb = compute_flood(scenario_with(g, b), 5, 3);
    for (NodeIndex n = 0; n < g.node_count(); ++n) CHECK(tb.node_flooded_s[n] == Approx(ta.node_flooded_s[n]));
  }
}
