// Issue 17, point 8: the run's summary never quotes an interval outside what a metric can take.
// A few replications of the default district have fire.crew_wait 0.28 min over 47 fires, most
// of them 0: the clustered t interval alone was [-0.24, 0.80] min. Waits, people and amounts
// cannot be negative, shares lie in [0, 1], and the summary says over how many items.
#include <catch2/catch.hpp>

#include <cmath>
#include <string>

#include "readysim/metrics.hpp"
#include "readysim/run.hpp"
#include "readysim/run_results.hpp"

using namespace readysim;

namespace {

void check_bounds(const std::vector<stats::Summary>& summary) {
  for (const auto& m : summary) {
    INFO(m.metric << " " << m.mean << " [" << m.ci95_low << ", " << m.ci95_high << "] over " << m.n);
    CHECK(m.ci95_low >= 0);
    if (m.n == 0) continue;
    CHECK(m.ci95_low <= m.mean);
    CHECK(m.mean <= m.ci95_high);
    if (m.unit == "1" && std::isnan(m.p50)) CHECK(m.ci95_high <= 1);  // a share of 0/1 flags
  }
}

}  // namespace

TEST_CASE("summary: no negative bound for a wait, people or an amount (default district, 3 replications)",
          "[results][stats]") {
  const Scenario s = load_scenario(std::string(READYSIM_SOURCE_DIR) + "/scenarios/yunlianghu/scenario.yaml");
  RunOptions opt;
  opt.replications = 3;
  opt.seed = 20231026;
  const RunOutput run = run_replications(s, opt);
  const auto summary = summarize_run(s, run);
  check_bounds(summary);
  bool crew_wait = false;
  for (const auto& m : summary)
    if (m.metric == "fire.crew_wait") {
      crew_wait = true;
      CHECK(m.n == 47);
      CHECK(m.mean > 0);
      CHECK(m.ci95_low == 0);  // the t interval reaches below 0 here; a wait cannot
      // The same interval as --precision's estimator, from the metric's kind.
      const auto sample = metric_samples(run, {"fire.crew_wait"});
      CHECK(sample[0].kind() == stats::ValueKind::non_negative);
      const stats::Estimate e = stats::estimate(sample[0], stats::Statistic{}, 0.95);
      CHECK(e.low == 0);
      CHECK(e.high == Approx(m.ci95_high).epsilon(1e-12));
    }
  CHECK(crew_wait);
  const std::string table = format_summary_table(summary);
  CHECK_THAT(table, Catch::Contains(" n\n") && !Catch::Contains("[-"));
}

TEST_CASE("summary: the flood season's staff and stock metrics stay >= 0 over a few floods", "[results][stats]") {
  const Scenario s = load_scenario(std::string(READYSIM_SOURCE_DIR) + "/scenarios/yunlianghu/flood.yaml");
  RunOptions opt;
  opt.replications = 10;
  opt.seed = 20231026;
  const auto summary = summarize_run(s, run_replications(s, opt));
  check_bounds(summary);
  CHECK_THAT(format_summary_table(summary), !Catch::Contains("[-"));
}
