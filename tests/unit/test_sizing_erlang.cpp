// Sizing against queueing theory: on the M/M/c scenario the fewest engines with P(wait) <= 0.15
// must be the smallest c with Erlang C(c, a) <= 0.15, for several offered loads a.
#include <catch2/catch.hpp>

#include <fmt/format.h>

#include <cmath>
#include <map>

#include "readysim/stats.hpp"
#include "readysim/study.hpp"

using namespace readysim;

namespace {
const std::string kDir = std::string(READYSIM_SOURCE_DIR) + "/scenarios/validation/";

int erlang_answer(double load, double target, int most) {
  for (int c = 1; c <= most; ++c)
    if (c > load && stats::erlang_c(c, load) <= target) return c;
  return -1;
}
}  // namespace

// Pins README.md, "Sizing studies": "On scenarios/validation/mmc.yaml the fewest engines with
// P(wait) <= 0.15 equals Erlang C's answer for loads 0.8, 1.5, 2.4 and 3.0" (3, 4, 5 and 6
// engines), the estimate agreeing with the formula within its sampling error.
TEST_CASE("sizing on M/M/c: the fewest engines with P(wait) <= 0.15 is Erlang C's answer", "[sizing][validation]") {
  const Study study = load_study(kDir + "mmc_study.yaml");
  REQUIRE(study.problem.targets.size() == 1);
  const double target = study.problem.targets[0].bound;
  REQUIRE(target == 0.15);
  // Loads whose answer is clear: C(c - 1, a) and C(c, a) are at least 0.035 from 0.15 (a = 2.4:
  // C(4) = 0.287, C(5) = 0.114), so 640 replications of 400 h always decide.
  for (double load : {0.8, 1.5, 2.4, 3.0}) {
    const int expected = erlang_answer(load, target, 10);
    StudyRunOptions opt;
    opt.scenario_path = kDir + "mmc.yaml";
    opt.overrides = {{"district.risk_points.calls.ignition_rate", fmt::format("{} /h", load)}};
    opt.jobs = 2;
    const StudyOutcome out = run_study(study, opt);
    const auto& r = out.result;
    REQUIRE(r.recommended);
    const auto& rec = r.candidates[*r.recommended];
    const int engines = std::stoi(study.problem.variables[0].levels[static_cast<std::size_t>(rec.levels[0])].label);
    INFO("load " << load << ": Erlang C says " << expected << " (C = " << stats::erlang_c(expected, load)
                 << "), sizing says " << engines << " with P(wait) " << rec.targets[0].estimate.value << " in ["
                 << rec.targets[0].estimate.low << ", " << rec.targets[0].estimate.high << "]");
    CHECK(engines == expected);
    CHECK(engines == std::map<double, int>{{0.8, 3}, {1.5, 4}, {2.4, 5}, {3.0, 6}}.at(load));
    CHECK(rec.verdict == sizing::Verdict::met);
    // One engine fewer was shown to miss: the target binds.
    REQUIRE(r.binding.size() == 1);
    CHECK(r.candidates[r.binding[0].candidate].verdict == sizing::Verdict::missed);
    // The estimate agrees with the formula too, within its sampling error. The study's interval
    // is two-sided at 2·0.95 - 1 = 90 %: for a share, the clustered t interval over R
    // replications, h = t(0.95, R - 1)·SE, widened to Wilson's if that is wider (which only makes
    // the bound below looser, never tighter), so SE <= h / t(0.95, R - 1). (value - C) / SE is
    // t with R - 1 dof; the queue's bias is far below SE (a 20 h warm-up is about ten
    // relaxation times 1 / (μ(√c - √a)²) <= 2.1 h at these answers; at most the Lq < 0.11
    // calls waiting at the horizon censored out of 300-1100 a replication). Four loads, a false
    // alarm once in 1000 runs of the test: each is
    // bounded at the two-sided 1 - 0.001/4 quantile, about 2.3 half-widths at R = 640 and 2.6 at
    // R = 20.
    const auto& e = rec.targets[0].estimate;
    const double dof = e.replications - 1;
    const double k = stats::student_t_quantile(1 - 0.001 / 4 / 2, dof) / stats::student_t_quantile(0.95, dof);
    INFO(e.replications << " replications: |estimate - Erlang C| = " << std::fabs(e.value - stats::erlang_c(engines, load))
                        << ", bound " << k << " half-widths = " << k * e.half_width);
    CHECK(std::fabs(e.value - stats::erlang_c(engines, load)) <= k * e.half_width);
  }
}

// Pins README.md, "Sizing studies": "scenarios/validation/stock_study.yaml finds the least
// drinking water with no shortfall at a hall's depot (4,000 L), as its hand computation says".
// The stock model has no randomness here: the shortfalls are exact.
TEST_CASE("sizing a stockpile: the least water with no shortfall is the hand computation's", "[sizing][validation][logistics]") {
  // scenarios/validation/stock_study.yaml derives 2050, 600 and 0 L short for 2000, 3000 and 4000 L.
  const Scenario base = load_scenario(kDir + "stock.yaml");
  const Study study = load_study(kDir + "stock_study.yaml", &base);
  REQUIRE(study.problem.targets.size() == 2);
  CHECK(study.problem.targets[0].unit == "L");
  StudyRunOptions opt;
  opt.scenario_path = kDir + "stock.yaml";
  opt.jobs = 2;
  const StudyOutcome out = run_study(study, opt);
  const auto& r = out.result;
  REQUIRE(r.recommended);
  const auto& rec = r.candidates[*r.recommended];
  CHECK(study.problem.variables[0].levels[static_cast<std::size_t>(rec.levels[0])].label == "4000");
  CHECK(rec.targets[0].estimate.value == 0);
  for (const auto& c : r.candidates) {
    const std::string& water = study.problem.variables[0].levels[static_cast<std::size_t>(c.levels[0])].label;
    if (water == "2000") CHECK(c.targets[0].estimate.value == Approx(2050));
    if (water == "3000") CHECK(c.targets[0].estimate.value == Approx(600));
  }
  // Without the scenario the stock metric is unknown: it depends on the scenario's items.
  CHECK_THROWS_AS(load_study(kDir + "stock_study.yaml"), ScenarioError);
}
