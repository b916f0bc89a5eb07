// Traffic on the SimGrid links against hand computations (scenarios/validation/*.yaml say how
// each number comes about): a pipelined platoon, platoons queueing first come, first served at a
// bottleneck, two routes sharing the load, a road closing
// under a platoon. Each hop that is not the bottleneck carries a token of 10⁻⁶ vehicle.
#include <catch2/catch.hpp>

#include <algorithm>
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
