// Traffic on the SimGrid links against hand computations (scenarios/validation/*.yaml say how
// each number comes about): a pipelined platoon, platoons queueing first come, first served at a
// bottleneck, two routes sharing the load, a road closing
// under a platoon, a junction tighter than the road. Each hop that is not the bottleneck carries a
// token of 10⁻⁶ vehicle.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstring>

#include "staff_equal.hpp"
#include "readysim/run.hpp"

using namespace readysim;

namespace {
const std::string kDir = std::string(READYSIM_SOURCE_DIR) + "/scenarios/validation/";
constexpr double kTokens = 1e-5;

std::vector<CohortRecord> cohorts_of(const std::string& file) {
  const Scenario s = load_scenario(kDir + file);
  RunOptions opt;
  opt.replications = 1;
  return run_replications(s, opt).replications.at(0).cohorts;
}
}  // namespace

TEST_CASE("traffic: a platoon over links of different capacity clears in ΣL + N/C_min", "[traffic][validation]") {
  const auto c = cohorts_of("bottleneck.yaml");
  REQUIRE(c.size() == 1);
  CHECK(c[0].households == 60);
  CHECK(c[0].departed_s == 0.0);
  CHECK(c[0].safe_s == Approx(300.0 + 60.0 / (1200.0 / 3600.0)).margin(kTokens));  // 480 s, not 600 s
  CHECK(c[0].replans == 0);
  CHECK_FALSE(c[0].stranded);
}

TEST_CASE("traffic: platoons entering a bottleneck together are served first come, first served", "[traffic][validation]") {
  // bottleneck.yaml cut into six cohorts of S = 10 households (one car each), all leaving at t = 0.
  // home → m1 (L = 100 s, C = 1 veh/s) carries only a token each, so all six enter m1 → m2
  // (L = 100 s, C = 1/3 veh/s) at t = 100 s, in the order their actors run (cohort order). First
  // come, first served: cohort k (k = 1…6) enters once the k − 1 ahead have all entered, at
  // 100 + (k − 1)·S/C, and its tail leaves m2 at 100 + (k − 1)·30 + 100 + 30 = 200 + 30k s. On
  // m2 → hall (L = 100 s, a token again) nobody waits: the cohorts reach it 30 s apart. So cohort k
  // is safe at ΣL + k·S/C = 300 + 30k: 330, 360, …, 480 s. The last still clears in ΣL + N/C_min
  // = 480 s; processor sharing would have brought all six in together at 480 s.
  Scenario s = load_scenario(kDir + "bottleneck.yaml");
  s.evacuation.cohort_households = 10;
  RunOptions opt;
  opt.replications = 1;
  auto c = run_replications(s, opt).replications.at(0).cohorts;
  REQUIRE(c.size() == 6);
  // Their actors start in cohort order and so enter in it: the order of arrival is the same.
  CHECK(std::is_sorted(c.begin(), c.end(), [](const CohortRecord& a, const CohortRecord& b) { return a.safe_s < b.safe_s; }));
  std::sort(c.begin(), c.end(), [](const CohortRecord& a, const CohortRecord& b) { return a.safe_s < b.safe_s; });
  for (std::size_t k = 1; k <= c.size(); ++k) {
    INFO("cohort " << k);
    CHECK(c[k - 1].households == 10);
    CHECK(c[k - 1].departed_s == 0.0);
    CHECK(c[k - 1].safe_s == Approx(300.0 + static_cast<double>(k) * 10.0 / (1200.0 / 3600.0)).margin(kTokens));
    CHECK(c[k - 1].replans == 0);
  }
}

TEST_CASE("traffic: two platoons leaving together take the two parallel routes", "[traffic][validation]") {
  const auto c = cohorts_of("parallel.yaml");
  REQUIRE(c.size() == 2);
  for (const auto& cohort : c) CHECK(cohort.safe_s == Approx(200.0 + 30.0 / 0.5).margin(kTokens));  // 260 s, not 320 s
}

TEST_CASE("traffic: a road closing under a platoon sends it round the other way, once", "[traffic][validation]") {
  const auto c = cohorts_of("reroute.yaml");
  REQUIRE(c.size() == 1);
  CHECK(c[0].replans == 1);
  CHECK(c[0].safe_s == Approx(100.0 + 300.0 + 60.0 / 0.5).margin(kTokens));  // 520 s
  CHECK_FALSE(c[0].stranded);
}

TEST_CASE("traffic: a signalised junction tighter than the road sets the clearance", "[traffic][validation]") {
  // junction.yaml: home → j → hall, two links of L = 100 s and C = 1 veh/s; j (four roads, one
  // lane) has traffic signals, 1,730 veh/h (HCM: 1,900 × 82/90). The platoon of N = 60 is held
  // by the junction: ΣL + N/C_junction = 200 + 60/(1730/3600) = 324.86 s, not the roads' 260 s.
  constexpr double kSignals = 1730.0 / 3600.0;
  const auto c = cohorts_of("junction.yaml");
  REQUIRE(c.size() == 1);
  CHECK(c[0].safe_s == Approx(200.0 + 60.0 / kSignals).margin(kTokens));
  CHECK_FALSE(c[0].stranded);

  Scenario s = load_scenario(kDir + "junction.yaml");
  RunOptions opt;
  opt.replications = 1;
  SECTION("six platoons of 10 cross it first come, first served: cohort k safe at 200 + 10k / C_junction") {
    s.evacuation.cohort_households = 10;
    auto six = run_replications(s, opt).replications.at(0).cohorts;
    REQUIRE(six.size() == 6);
    std::sort(six.begin(), six.end(), [](const CohortRecord& a, const CohortRecord& b) { return a.safe_s < b.safe_s; });
    for (std::size_t k = 1; k <= six.size(); ++k) {
      INFO("cohort " << k);
      CHECK(six[k - 1].safe_s == Approx(200.0 + static_cast<double>(k) * 10.0 / kSignals).margin(kTokens));
    }
  }
  SECTION("the way onto the road at its default, 3600 / 3.3 s, is tighter still: 200 + 60 × 3.3 = 398 s") {
    JunctionRules rules = s.district.roads.junction_rules();
    rules.entry_vps = JunctionRules{}.entry_vps;
    s.district.roads.set_junction_rules(rules);
    CHECK(run_replications(s, opt).replications.at(0).cohorts.at(0).safe_s == Approx(200.0 + 60.0 * 3.3).margin(kTokens));
  }
  SECTION("a priority junction lets 1,900 veh/h through: 200 + 60/(1900/3600) s") {
    RoadGraph roads;
    for (NodeIndex n = 0; n < s.district.roads.node_count(); ++n) {
      RoadNode node = s.district.roads.node(n);
      node.control = JunctionControl::unset;  // the district's default, priority
      roads.add_node(node);
    }
    for (SegmentIndex k = 0; k < s.district.roads.segment_count(); ++k) roads.add_segment(s.district.roads.segment(k));
    roads.set_junction_rules(s.district.roads.junction_rules());
    s.district.roads = roads;
    CHECK(run_replications(s, opt).replications.at(0).cohorts.at(0).safe_s == Approx(200.0 + 60.0 / (1900.0 / 3600.0)).margin(kTokens));
  }
}

TEST_CASE("traffic: a node where only two roads meet, or a truck, is not held by a junction", "[traffic][validation]") {
  const Scenario s = load_scenario(kDir + "junction.yaml");
  const RoadGraph& g = s.district.roads;
  CHECK(g.junction_capacity_vps(*g.find_node("j")) == Approx(1730.0 / 3600.0));
  CHECK(g.control(*g.find_node("j")) == JunctionControl::traffic_signals);
  CHECK(g.control(*g.find_node("home")) == JunctionControl::priority);
  CHECK(std::isinf(g.junction_capacity_vps(*g.find_node("hall"))));  // two neighbours: j and far
  CHECK(std::isinf(g.junction_capacity_vps(*g.find_node("home"))));  // one
}

TEST_CASE("flood season: the district's flood scenario runs, deterministically, with fires in it", "[flood][district]") {
  const Scenario s = load_scenario(std::string(READYSIM_SOURCE_DIR) + "/scenarios/yunlianghu/flood.yaml");
  RunOptions after_others, alone;
  after_others.first_replication = 0;
  after_others.replications = 6;
  after_others.jobs = 2;
  alone.first_replication = 5;
  alone.replications = 1;
  alone.seed = after_others.seed = s.run.seed;
  const auto a = run_replications(s, after_others).replications.back();
  const auto b = run_replications(s, alone).replications.at(0);
  REQUIRE(a.cohorts.size() == b.cohorts.size());
  CHECK(std::memcmp(a.cohorts.data(), b.cohorts.data(), a.cohorts.size() * sizeof(CohortRecord)) == 0);
  CHECK(testing::same_staff(a, b));  // door to door, drivers, levee, shelters: the same roster story
  CHECK(!a.staff_requests.empty());
  // flood.yaml: the breach time is uniform on [4 h, 12 h]; the warning is issued at the lead time,
  // 3 h before it (so at least 1 h after the start), plus a lognormal delay of median 10 min and
  // p90 30 min: σ = ln 3 / z₀.₉ = 0.8573, so the delay is > 0, and above its 1 − 10⁻⁴ quantile
  // 600 s · e^(3.719 σ) = 14,546 s with probability 10⁻⁴.
  constexpr double kHour = 3600.0;
  CHECK(a.breach_s >= 4 * kHour);
  CHECK(a.breach_s <= 12 * kHour);
  CHECK(a.warning_s > a.breach_s - 3 * kHour);
  CHECK(a.warning_s < a.breach_s - 3 * kHour + 14546.0);
  double people = 0, safe = 0;
  long households = 0;
  int max_replans = 0;
  for (const auto& c : a.cohorts) {
    people += c.people;
    households += c.households;
    if (c.safe_s != kNever) safe += c.people;
    max_replans = std::max(max_replans, c.replans);
    if (c.safe_s != kNever) CHECK(c.safe_s >= c.departed_s);
  }
  // Every household is in exactly one group, each person counted once: a settlement's people are
  // its households × (population / households), so the groups add up to the registered 12,036
  // (to rounding in the sum of ~540 doubles).
  long scenario_households = 0;
  for (const auto& st : s.district.settlements) scenario_households += st.households;
  CHECK(households == scenario_households);
  REQUIRE(s.population() == 12036);
  CHECK(people == Approx(12036.0).epsilon(1e-12));
  CHECK(safe <= people);
  CHECK(safe > 0.5 * people);  // a floor, not an estimate: most of the district gets out
  CHECK(max_replans < 64);  // nobody gave up by looping
}
