// Metrics from run records, precision goals, and sequential stopping on the default district.
#include <catch2/catch.hpp>

#include <cstring>

#include "readysim/error.hpp"
#include "readysim/sequential_run.hpp"

using namespace readysim;

namespace {
const std::string kDistrict = std::string(READYSIM_SOURCE_DIR) + "/scenarios/yunlianghu/scenario.yaml";

FireRecord fire(double alarm, double engine, bool mutual_aid, double queue = 0, bool flashover = false) {
  FireRecord f;
  f.alarm_s = alarm;
  f.engine_arrival_s = engine;
  f.first_arrival_s = engine;
  f.queue_wait_s = queue;
  f.mutual_aid = mutual_aid;
  f.flashover_before_arrival = flashover;
  return f;
}
}  // namespace

TEST_CASE("metric samples read each fire as summarize_run does, by replication", "[sequential]") {
  RunOutput run;
  run.replications.resize(2);
  run.replications[0].fires = {fire(100, 400, false, 30, true), fire(200, 900, true)};
  run.replications[1].fires = {fire(50, 170, false)};
  const auto s = metric_samples(run, {"fire.response_time", "fire.queue_wait", "fire.mutual_aid_share",
                                      "fire.flashover_before_arrival"});
  REQUIRE(s.size() == 4);
  CHECK(s[0].replication(0) == std::vector<double>{300, 700});
  CHECK(s[0].replication(1) == std::vector<double>{120});
  CHECK_FALSE(s[0].proportion());
  // Queue waits are over the district's own engines' fires: the mutual-aid fire is left out.
  CHECK(s[1].replication(0) == std::vector<double>{30});
  CHECK(s[2].proportion());
  CHECK(s[2].replication(0) == std::vector<double>{0, 1});
  CHECK(s[3].replication(0) == std::vector<double>{1, 0});
  // A warm-up drops the early alarms.
  const auto late = metric_samples(run, {"fire.response_time"}, 150);
  CHECK(late[0].replication(0) == std::vector<double>{700});
  CHECK(late[0].replication(1).empty());
  CHECK_THROWS_AS(metric_samples(run, {"fire.respones_time"}), Error);
}

TEST_CASE("precision goals: METRIC.STAT=HALF_WIDTH with a unit, or a share's plain half-width", "[sequential]") {
  const PrecisionGoal g = parse_precision_goal("fire.response_time.p90=30s");
  CHECK(g.metric == "fire.response_time");
  CHECK(g.statistic.kind == stats::StatKind::quantile);
  CHECK(g.statistic.p == Approx(0.9));
  CHECK(g.half_width == Approx(30));
  CHECK(g.name() == "fire.response_time.p90");
  CHECK(parse_precision_goal("fire.response_time.mean=0.5 min").half_width == Approx(30));
  const PrecisionGoal share = parse_precision_goal("fire.mutual_aid_share=0.005");
  CHECK(share.statistic.kind == stats::StatKind::mean);
  CHECK(share.half_width == Approx(0.005));
  CHECK(parse_precision_goal("fire.mutual_aid_share.mean=0.01").half_width == Approx(0.01));
  // Each mistake is a usage error that says what to write.
  CHECK_THROWS_WITH(parse_precision_goal("fire.response_time.p90=30"), Catch::Contains("bare number") ||
                                                                           Catch::Contains("unit"));
  CHECK_THROWS_WITH(parse_precision_goal("fire.respnse_time.p90=30s"), Catch::Contains("did you mean"));
  CHECK_THROWS_WITH(parse_precision_goal("fire.response_time.p90"), Catch::Contains("no '='"));
  CHECK_THROWS_WITH(parse_precision_goal("fire.mutual_aid_share.p90=0.01"), Catch::Contains("is a share"));
  CHECK_THROWS_WITH(parse_precision_goal("fire.mutual_aid_share=2"), Catch::Contains("between 0 and 1"));
  CHECK_THROWS_AS(parse_precision_goal("fire.response_time.q90=30s"), UsageError);
}

TEST_CASE("sequential stopping runs batches until the P90's half-width is reached", "[sequential][fire]") {
  const Scenario s = load_scenario(kDistrict);
  RunOptions opt;
  opt.replications = 100;  // the first batch: far too few for ±12 s on the P90
  opt.seed = 7;
  opt.jobs = 2;
  const std::vector<PrecisionGoal> goals{parse_precision_goal("fire.response_time.p90=12s"),
                                         parse_precision_goal("fire.mutual_aid_share=0.01")};
  std::vector<PrecisionProgress> batches;
  const PrecisionRun r = run_to_precision(s, opt, goals, 20000, [&](const PrecisionProgress& p) { batches.push_back(p); });
  INFO(describe_precision(goals, r.reached) << " after " << r.run.replications.size() << " replications in "
                                            << batches.size() << " batches");
  CHECK(r.met);
  REQUIRE(batches.size() >= 2);
  CHECK(batches.front().replications == 100);
  CHECK(batches.front().reached[0] > 12);  // the first batch was not enough…
  CHECK(batches.back().next == 0);
  CHECK(r.reached[0] <= 12);               // …the last one is
  CHECK(r.reached[1] <= 0.01);
  CHECK(r.run.replications.size() == static_cast<std::size_t>(batches.back().replications));
  CHECK(r.run.replications.size() < 20000);
  // Indices continue across batches: the batches make up the one run of that many replications.
  for (std::size_t i = 0; i < r.run.replications.size(); ++i)
    REQUIRE(r.run.replications[i].replication == static_cast<std::int64_t>(i));
  RunOptions tail = opt;
  tail.first_replication = static_cast<std::int64_t>(r.run.replications.size()) - 1;
  tail.replications = 1;
  tail.jobs = 1;
  const RunOutput last = run_replications(s, tail);
  const auto& a = last.replications[0].fires;
  const auto& b = r.run.replications.back().fires;
  REQUIRE(a.size() == b.size());
  CHECK(std::memcmp(a.data(), b.data(), a.size() * sizeof(FireRecord)) == 0);
}

TEST_CASE("sequential stopping says so when the cap comes first", "[sequential][fire]") {
  const Scenario s = load_scenario(kDistrict);
  RunOptions opt;
  opt.replications = 50;
  opt.seed = 7;
  opt.jobs = 2;
  const PrecisionRun r = run_to_precision(s, opt, {parse_precision_goal("fire.response_time.mean=0.1s")}, 120);
  CHECK_FALSE(r.met);
  CHECK(r.run.replications.size() == 120);
  CHECK(r.reached[0] > 0.1);
}

TEST_CASE("precision goals on a scenario's stock metrics", "[sequential][logistics]") {
  const Scenario s = load_scenario(std::string(READYSIM_SOURCE_DIR) + "/scenarios/validation/stock.yaml");
  const PrecisionGoal g = parse_precision_goal("stock.shortfall.drinking_water.mean=10", &s);
  CHECK(g.metric == "stock.shortfall.drinking_water");
  CHECK(g.info.unit == "L");
  CHECK(g.half_width == 10);
  CHECK(parse_precision_goal("stock.stockout_probability.blanket=0.05", &s).info.share());
  CHECK_THROWS_WITH(parse_precision_goal("stock.shortfall.drinkng_water.mean=10", &s),
                    Catch::Contains("did you mean 'stock.shortfall.drinking_water'"));
  CHECK_THROWS_AS(parse_precision_goal("stock.shortfall.drinking_water.mean=10"), UsageError);  // no scenario
  RunOptions opt;
  opt.replications = 2;
  const PrecisionRun run = run_to_precision(s, opt, {g}, 4);
  CHECK(run.met);  // every replication is 2050 L short: the interval has no width
  const auto samples = metric_samples(s, run.run, {"stock.shortfall.drinking_water", "fire.response_time"});
  CHECK(samples[0].values() == std::vector<double>{2050, 2050});
}
