// Common random numbers: two configurations run on the same replications differ by a paired
// difference whose CI is far narrower than that of two independent runs — so a comparison needs
// far fewer replications. Measured here on the default district.
#include <catch2/catch.hpp>

#include <cmath>

#include "readysim/metrics.hpp"
#include "readysim/run.hpp"

using namespace readysim;

namespace {
const std::string kDistrict = std::string(READYSIM_SOURCE_DIR) + "/scenarios/yunlianghu/scenario.yaml";

RunOutput run(const Scenario& s, std::uint64_t seed, std::int64_t n) {
  RunOptions opt;
  opt.replications = n;
  opt.seed = seed;
  opt.jobs = 2;
  return run_replications(s, opt);
}
}  // namespace

TEST_CASE("paired comparison on common random numbers needs far fewer replications", "[sizing][crn]") {
  // A: the plan's brigade. B: the same crews sleeping at the station (turnout median 60 s instead
  // of 90 s). Every fire, delay and call-back is drawn from streams keyed by (seed, replication,
  // fire), so with one seed both see the same fires.
  const Scenario a = load_scenario(kDistrict);
  const Scenario b = load_scenario(
      kDistrict, {{"resources.stations.brigade.turnout", "{dist: lognormal, median: 60 s, p90: 2 min}"}});
  constexpr std::int64_t n = 300;
  const std::vector<std::string> metrics{"fire.response_time", "fire.flashover_before_arrival"};
  const auto sa = metric_samples(run(a, 11, n), metrics);
  const auto sb = metric_samples(run(b, 11, n), metrics);
  const auto d = stats::paired_difference(sa[0], sb[0], stats::Statistic{}, 0.95);
  const double factor = std::pow(d.unpaired_half_width / d.half_width, 2);
  WARN("mean response time, B - A = " << d.difference << " s, paired 95 % CI ±" << d.half_width
                                      << " s, unpaired ±" << d.unpaired_half_width << " s: independent runs need "
                                      << factor << " times the replications");
  // Turnout falls by 30 s at the median, so the response time by about that.
  CHECK(d.high < 0);
  CHECK(d.difference < -20);
  CHECK(d.difference > -40);
  CHECK(factor > 25);  // measured: a few hundred

  // The unpaired half-width is what independent runs really give: run B again on another seed
  // and form the Welch interval; it is as wide as claimed (within sampling noise), and no narrower.
  const auto sb_other = metric_samples(run(b, 12, n), metrics);
  const auto ea = stats::estimate(sa[0], stats::Statistic{}, 0.95);
  const auto eb = stats::estimate(sb_other[0], stats::Statistic{}, 0.95);
  const double welch = std::hypot(ea.half_width, eb.half_width);
  CHECK(welch > 0.7 * d.unpaired_half_width);
  CHECK(welch < 1.4 * d.unpaired_half_width);
  CHECK(welch > 5 * d.half_width);

  // A share gains too, less: flashover depends on growth as much as on arrival.
  const auto f = stats::paired_difference(sa[1], sb[1], stats::Statistic{}, 0.95);
  WARN("flashover share, B - A = " << f.difference << ", paired ±" << f.half_width << ", unpaired ±"
                                   << f.unpaired_half_width);
  CHECK(f.high < 0);
  CHECK(f.half_width < f.unpaired_half_width / 1.5);
}
