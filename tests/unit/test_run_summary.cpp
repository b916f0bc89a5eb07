// The run's summary table: a share's interval is the one --precision and sizing use (clustered,
// at least Wilson's, within [0, 1]), so the figure a planner quotes from `run` agrees with them.
#include <catch2/catch.hpp>

#include <cmath>

#include "readysim/metrics.hpp"
#include "readysim/run.hpp"
#include "readysim/run_results.hpp"

using namespace readysim;

TEST_CASE("summary: share intervals stay in [0, 1] and never prove a share of 0 from a few fires", "[results][stats]") {
  const Scenario s = load_scenario(std::string(READYSIM_SOURCE_DIR) + "/scenarios/yunlianghu/scenario.yaml");
  RunOptions opt;
  opt.replications = 12;
  opt.seed = 20231026;
  const RunOutput run = run_replications(s, opt);
  const auto summary = summarize_run(run);
  int shares = 0;
  for (const auto& m : summary) {
    const MetricInfo& info = *find_metric(m.metric);
    if (!info.share() || m.n == 0) continue;
    ++shares;
    INFO(m.metric << " " << m.mean << " [" << m.ci95_low << ", " << m.ci95_high << "] over " << m.n);
    CHECK(0 <= m.ci95_low);
    CHECK(m.ci95_high <= 1);
    CHECK(m.ci95_low <= m.mean);
    CHECK(m.mean <= m.ci95_high);
    CHECK(m.ci95_high > m.ci95_low);  // Wilson's interval has width even at 0 of n
    // The same interval as the estimator behind --precision and size.
    const auto sample = metric_samples(run, {m.metric});
    const stats::Estimate e = stats::estimate(sample[0], stats::Statistic{}, 0.95, 12);
    CHECK(m.ci95_low == e.low);
    CHECK(m.ci95_high == e.high);
  }
  CHECK(shares >= 2);
  // At 0 flashovers or 0 mutual-aid calls of n, the upper bound is Wilson's z²/(n + z²).
  for (const auto& m : summary)
    if (find_metric(m.metric)->share() && m.n > 0 && m.mean == 0) {
      const double z = 1.959963984540054, n = static_cast<double>(m.n);
      CHECK(m.ci95_high == Approx(z * z / (n + z * z)).epsilon(1e-12));
    }
}

TEST_CASE("summary: one mutual-aid call in ten fires gives Wilson's interval, not a negative bound", "[results][stats]") {
  // Ten replications of one fire each; only the first goes to mutual aid. By hand: the share is
  // 0.1; the clustered (delta-method) interval is 0.1 ± t(0.975, 9)·0.1 = [-0.126, 0.326]
  // (residuals 0.9 and nine times -0.1: s² = 0.9 / 9, se = sqrt(0.1 / 10)). Widened to Wilson's
  // 1/10, [0.0179, 0.4042] (Newcombe 1998, method 3), and cut at 0: [0, 0.4042].
  RunOutput run;
  for (int r = 0; r < 10; ++r) {
    ReplicationRecords rep;
    rep.replication = r;
    FireRecord f;
    f.mutual_aid = r == 0;
    f.engine_arrival_s = f.first_arrival_s = 600;
    rep.fires.push_back(f);
    run.replications.push_back(rep);
  }
  for (const auto& m : summarize_run(run))
    if (m.metric == "fire.mutual_aid_share") {
      CHECK(m.n == 10);
      CHECK(m.mean == Approx(0.1));
      CHECK(m.ci95_low == 0);
      CHECK(m.ci95_high == Approx(0.40415).margin(5e-5));
      return;
    }
  FAIL("no fire.mutual_aid_share in the summary");
}

TEST_CASE("summary: the quantiles' intervals are the sizing study's estimate() of them", "[results][stats]") {
  // Issue 17, point 10: /summary and the printed table give each quantile the interval that
  // --precision and size compute for "METRIC.pNN" (clustered by replication), bit for bit.
  const Scenario s = load_scenario(std::string(READYSIM_SOURCE_DIR) + "/scenarios/yunlianghu/scenario.yaml");
  RunOptions opt;
  opt.replications = 12;
  opt.seed = 20231026;
  const RunOutput run = run_replications(s, opt);
  int quantiles = 0;
  for (const auto& m : summarize_run(run)) {
    const MetricInfo& info = *find_metric(m.metric);
    if (info.share() || m.n == 0) {
      CHECK(std::isnan(m.p90_ci95_low));
      continue;
    }
    const auto sample = metric_samples(run, {m.metric});
    const double ps[] = {0.5, 0.9, 0.95, 0.99};
    const double lows[] = {m.p50_ci95_low, m.p90_ci95_low, m.p95_ci95_low, m.p99_ci95_low};
    const double highs[] = {m.p50_ci95_high, m.p90_ci95_high, m.p95_ci95_high, m.p99_ci95_high};
    const double points[] = {m.p50, m.p90, m.p95, m.p99};
    for (int k = 0; k < 4; ++k) {
      const stats::Estimate e = stats::estimate(sample[0], stats::Statistic{stats::StatKind::quantile, ps[k]}, 0.95, 12);
      INFO(m.metric << " p" << ps[k] * 100 << " " << points[k] << " [" << lows[k] << ", " << highs[k] << "]");
      CHECK(e.value == points[k]);
      CHECK(lows[k] == e.low);
      CHECK(highs[k] == e.high);
      CHECK(lows[k] <= points[k]);
      CHECK(points[k] <= highs[k]);
      ++quantiles;
    }
  }
  CHECK(quantiles >= 8);
  // The printed table shows the p90's interval in a column of its own.
  const auto summary = summarize_run(run);
  CHECK_THAT(format_summary_table(summary), Catch::Contains("p90 95% CI"));
}
