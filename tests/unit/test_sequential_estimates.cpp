// Estimates on clustered samples (means, quantiles, exceedance shares, paired differences) and
// the batch rule of sequential stopping — pure statistics, on synthetic data.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include "splitmix.hpp"
#include "readysim/estimate.hpp"
#include "readysim/sequential.hpp"
#include "readysim/stats.hpp"

namespace st = readysim::stats;

namespace {

constexpr double inf = std::numeric_limits<double>::infinity();

using readysim::testing::SplitMix64;

// Items U·E with U ~ U(0, 2) shared by a replication and E ~ exponential(1) per item:
// P(UE <= x) = 1 - (x/2)·E1(x/2) - … has no closed form; integrate over u (Simpson, 2000 steps).
double clustered_cdf(double x) {
  constexpr int n = 2000;
  double sum = 0;
  for (int i = 0; i <= n; ++i) {
    const double u = 2.0 * i / n;
    const double f = u == 0 ? 1.0 : 1 - std::exp(-x / u);
    sum += f * (i == 0 || i == n ? 1 : i % 2 ? 4 : 2);
  }
  return sum * (2.0 / n) / 3 / 2;
}

double clustered_p90() {
  double lo = 0, hi = 50;
  for (int k = 0; k < 200; ++k) {
    const double mid = (lo + hi) / 2;
    (clustered_cdf(mid) < 0.9 ? lo : hi) = mid;
  }
  return (lo + hi) / 2;
}

}  // namespace

TEST_CASE("statistics parse from their names and print back", "[stats][sequential]") {
  CHECK(st::parse_statistic("mean")->kind == st::StatKind::mean);
  CHECK(st::parse_statistic("p90")->p == Approx(0.9));
  CHECK(st::parse_statistic("p99.5")->p == Approx(0.995));
  CHECK(st::parse_statistic("median")->p == Approx(0.5));
  CHECK(st::parse_statistic("share_above")->kind == st::StatKind::share_above);
  CHECK_FALSE(st::parse_statistic("p100"));
  CHECK_FALSE(st::parse_statistic("p0"));
  CHECK_FALSE(st::parse_statistic("p9x"));
  CHECK_FALSE(st::parse_statistic("average"));
  CHECK(st::parse_statistic("p90")->name() == "p90");
  CHECK(st::parse_statistic("p99.5")->name() == "p99.5");
  CHECK(st::Statistic{}.name() == "mean");
}

TEST_CASE("a clustered sample keeps replications in order and analyses any prefix", "[stats][sequential]") {
  st::ClusteredSample s;
  s.add_replication({1, 2, 3});
  s.add_replication({});
  st::ClusteredSample later;
  later.add_replication({10});
  later.add_replication({4, 6});
  s.append(later);
  REQUIRE(s.replications() == 4);
  CHECK(s.size() == 6);
  CHECK(s.replication(2) == std::vector<double>{10});
  CHECK(s.replication(1).empty());
  // The mean is the clustered ratio estimator, over a prefix as asked.
  const double sums[] = {6, 0, 10, 10}, counts[] = {3, 0, 1, 2};
  const st::MeanCI ref = st::ratio_mean_ci(sums, counts, 0.9);
  const st::Estimate all = st::estimate(s, st::Statistic{}, 0.9);
  CHECK(all.value == Approx(26.0 / 6));
  CHECK(all.low == Approx(ref.low));
  CHECK(all.high == Approx(ref.high));
  CHECK(all.replications == 4);
  const st::Estimate two = st::estimate(s, st::Statistic{}, 0.9, 2);
  CHECK(two.value == Approx(2.0));
  CHECK(two.n == 3);
  CHECK_THROWS_AS(st::estimate(s, st::Statistic{}, 0.9, 5), std::invalid_argument);
  st::ClusteredSample share(true);
  CHECK_THROWS_AS(share.append(s), std::invalid_argument);
}

TEST_CASE("a share never seen still gets an honest upper bound", "[stats][sequential]") {
  // 50 replications of 10 fires, no flag set: the delta method alone says [0, 0]; Wilson over the
  // 500 items says the share could still be about z²/n.
  st::ClusteredSample zeros(true);
  for (int r = 0; r < 50; ++r) zeros.add_replication(std::vector<double>(10, 0.0));
  const st::Estimate e = st::estimate(zeros, st::Statistic{}, 0.95);
  CHECK(e.value == 0);
  CHECK(e.low == 0);
  CHECK(e.high == Approx(st::wilson(0, 500, 0.95).high));
  CHECK(e.high > 0.005);
  // share_above reads a timed sample through its threshold.
  st::ClusteredSample waits;
  waits.add_replication({0, 0, 5, 12});
  waits.add_replication({0, 30});
  waits.add_replication({1, 0});
  st::Statistic above{st::StatKind::share_above, 0.5, 0.0};
  CHECK(st::estimate(waits, above, 0.95).value == Approx(4.0 / 8));
  above.threshold = 10;
  CHECK(st::estimate(waits, above, 0.95).value == Approx(2.0 / 8));
}

// Rule: a share's interval is the wider of the clustered (delta-method) one and Wilson's score
// interval over the items, bound by bound: low = max(0, min(delta, Wilson)), high = min(1, max(…)).
// Reference values: Newcombe (1998), "Two-sided confidence intervals for the single proportion:
// comparison of seven methods", Stat Med 17:857–872, illustrative examples, method 3 (score,
// no continuity correction): 81/263 → 0.2553–0.3662, 1/29 → 0.0061–0.1718 (recomputed here from
// (p + z²/2n ± z·√(p(1−p)/n + z²/4n²)) / (1 + z²/n), z = 1.95996: the same to 4 decimals).
TEST_CASE("share bounds: Wilson's where it is wider than the clustered interval (Newcombe 1998)",
          "[stats][sequential][share]") {
  SECTION("81/263 spread evenly: the delta method is far narrower, both bounds are Wilson's") {
    // 20 replications of 13 items with 4 ones and one of 3 items with 1: 81 ones in 263. The
    // residuals 4 − 13·81/263 = −0.0038 and 1 − 3·81/263 = 0.076 give a delta-method interval of
    // 0.3080 ± 0.0006, well inside Wilson's [0.2553, 0.3662].
    st::ClusteredSample s(true);
    for (int r = 0; r < 20; ++r) s.add_replication({1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0});
    s.add_replication({1, 0, 0});
    REQUIRE(s.size() == 263);
    const st::Estimate e = st::estimate(s, st::Statistic{}, 0.95);
    CHECK(e.value == Approx(81.0 / 263));
    CHECK(e.low == Approx(0.2553).margin(5e-5));
    CHECK(e.high == Approx(0.3662).margin(5e-5));
    CHECK(e.half_width == Approx((e.high - e.low) / 2));
  }
  SECTION("1/29, one item a replication: the delta method reaches below zero, Wilson above it") {
    // Delta method: p = 1/29 = 0.0345, s² = p(1 − p)·29/28, half-width t₀.₉₇₅,₂₈ · s/√29
    // = 2.048 × 0.0345 = 0.0706: [−0.036, 0.105]. Lower bound: min(−0.036, 0.0061) → clipped
    // at 0; upper bound: max(0.105, 0.1718) = 0.1718.
    st::ClusteredSample s(true);
    s.add_replication({1});
    for (int r = 0; r < 28; ++r) s.add_replication({0});
    const st::Estimate e = st::estimate(s, st::Statistic{}, 0.95);
    CHECK(e.value == Approx(1.0 / 29));
    CHECK(e.low == 0.0);
    CHECK(e.high == Approx(0.1718).margin(5e-5));
  }
  SECTION("share_above goes through the same rule") {
    // The 81/263 layout again, as times above and below a 10 min threshold.
    st::ClusteredSample waits;
    for (int r = 0; r < 20; ++r) waits.add_replication({900, 700, 601, 1200, 5, 10, 20, 30, 40, 50, 60, 70, 600});
    waits.add_replication({3600, 0, 599});
    const st::Estimate e = st::estimate(waits, st::Statistic{st::StatKind::share_above, 0.5, 600.0}, 0.95);
    CHECK(e.value == Approx(81.0 / 263));
    CHECK(e.low == Approx(0.2553).margin(5e-5));
    CHECK(e.high == Approx(0.3662).margin(5e-5));
  }
}

TEST_CASE("quantile intervals: order statistics for independent items, wider when items cluster",
          "[stats][sequential]") {
  SplitMix64 rng{11};
  // One replication of 400 independent items: exactly quantile_ci (Woodruff needs 2 replications).
  st::ClusteredSample one;
  std::vector<double> x(400);
  for (double& v : x) v = rng.exponential();
  one.add_replication(x);
  std::sort(x.begin(), x.end());
  const st::QuantileCI ref = st::quantile_ci(x, 0.9, 0.95);
  const st::Estimate e1 = st::estimate(one, *st::parse_statistic("p90"), 0.95);
  CHECK(e1.value == Approx(ref.estimate));
  CHECK(e1.low == -inf);  // a single replication says nothing about between-replication spread
  CHECK(e1.high == inf);
  // The same 400 items split over 40 replications of 10: Woodruff ≈ order statistics (no clustering).
  st::ClusteredSample iid;
  SplitMix64 rng2{11};
  std::vector<double> all;
  for (int r = 0; r < 40; ++r) {
    std::vector<double> rep(10);
    for (double& v : rep) v = rng2.exponential();
    all.insert(all.end(), rep.begin(), rep.end());
    iid.add_replication(rep);
  }
  std::sort(all.begin(), all.end());
  const st::QuantileCI order = st::quantile_ci(all, 0.9, 0.95);
  const st::Estimate e2 = st::estimate(iid, *st::parse_statistic("p90"), 0.95);
  CHECK(e2.low <= order.low);
  CHECK(e2.high >= order.high);
  // Not much wider either. Both intervals map a band of probabilities around p = 0.9 through the
  // same empirical quantile function: the order statistics a band ±z·√(p(1 − p)/n) (±11.8 of the
  // 400 ranks), Woodruff ±t₀.₉₇₅,₃₉·ŝ, with ŝ the clustered standard error of F̂(q̂) from R = 40
  // replications of 10 independent items, so E ŝ ≈ √(p(1 − p)/n). The ratio of the bands is at most
  // t/z · (1 + 3/√(2(R − 1))) = 1.032 × 1.340 at three standard errors of ŝ, and whole ranks add
  // at most 2/23.5 = 8.5 % to the mapped width: 1.032 × 1.340 × 1.085 = 1.50.
  const double z = st::normal_quantile(0.975), t = st::student_t_quantile(0.975, 39);
  const double ranks = 2 * z * std::sqrt(400 * 0.9 * 0.1);
  const double most = t / z * (1 + 3 / std::sqrt(2.0 * 39)) * (1 + 2 / ranks);
  CHECK(e2.half_width < most * (order.high - order.low) / 2);
}

// Per-fire values cluster by replication. 1000 repetitions of an experiment with R = 100
// replications of 0–20 items U·E (U ~ U(0, 2) per replication): the 95 % interval for P90 must
// cover the true P90 of the item distribution 95 % of the time (measured: 0.948), where the
// order-statistic interval alone, which takes the items as independent, covers 0.823.
TEST_CASE("clustered P90 intervals cover the truth", "[stats][sequential][coverage]") {
  constexpr int repetitions = 1000, replications = 100;
  const double truth = clustered_p90();
  SplitMix64 rng{2024};
  int hits = 0, order_hits = 0;
  for (int k = 0; k < repetitions; ++k) {
    st::ClusteredSample s;
    std::vector<double> all;
    for (int r = 0; r < replications; ++r) {
      const auto n = static_cast<int>(rng.uniform() * 21);
      const double u = 2 * rng.uniform();
      std::vector<double> rep(static_cast<std::size_t>(n));
      for (double& v : rep) v = u * rng.exponential();
      all.insert(all.end(), rep.begin(), rep.end());
      s.add_replication(rep);
    }
    const st::Estimate e = st::estimate(s, *st::parse_statistic("p90"), 0.95);
    hits += e.low <= truth && truth <= e.high;
    std::sort(all.begin(), all.end());
    const st::QuantileCI q = st::quantile_ci(all, 0.9, 0.95);
    order_hits += q.low <= truth && truth <= q.high;
  }
  const double coverage = double(hits) / repetitions, order_coverage = double(order_hits) / repetitions;
  INFO("true P90 " << truth << "; clustered coverage " << coverage << ", order statistics alone " << order_coverage);
  // Hits are Binomial(1000, c): at the nominal c = 0.95 the standard error of the coverage is
  // √(0.95 × 0.05/1000) = 0.0069. The clustered interval must be consistent with 0.95 at the
  // 99.9 % level (±3.29 SE = ±0.0227); the order-statistic interval must be rejected as a 95 %
  // interval at that level (below 0.95 − 0.0227).
  const double se = std::sqrt(0.95 * 0.05 / repetitions);
  CHECK(std::fabs(coverage - 0.95) <= 3.29 * se);
  CHECK(order_coverage < 0.95 - 3.29 * se);
}

TEST_CASE("paired differences on common random numbers are narrower than unpaired ones", "[stats][sequential]") {
  // B = A + 0.1 on the same replications, plus a little noise of its own: the replication-to-
  // replication spread (a factor of up to 2) cancels in the difference.
  SplitMix64 rng{5};
  st::ClusteredSample a, b;
  for (int r = 0; r < 200; ++r) {
    const double factor = 2 * rng.uniform();
    std::vector<double> ra, rb;
    for (int i = 0; i < 8; ++i) {
      const double v = factor * rng.exponential();
      ra.push_back(v);
      rb.push_back(v + 0.1 + 0.02 * (rng.uniform() - 0.5));
    }
    a.add_replication(ra);
    b.add_replication(rb);
  }
  const st::Difference d = st::paired_difference(a, b, st::Statistic{}, 0.95);
  // The difference of the two means over the same 1600 items is 0.1 plus the mean of the noise
  // 0.02·(U − 0.5), whose standard deviation is 0.02/√12: a standard error of 0.02/√(12 · 1600) =
  // 1.44e-4, so 0.1 ± 3.29 SE (99.9 %).
  CHECK(d.difference == Approx(0.1).margin(3.29 * 0.02 / std::sqrt(12.0 * 1600)));
  CHECK(d.low <= 0.1);
  CHECK(0.1 <= d.high);
  CHECK(d.half_width < d.unpaired_half_width / 20);
  // The unpaired half-width is the two separate intervals' in quadrature: the same t, the same
  // residuals, so equal up to rounding.
  CHECK(d.unpaired_half_width == Approx(std::hypot(d.a.half_width, d.b.half_width)).epsilon(1e-12));
  st::ClusteredSample shorter;
  shorter.add_replication({1});
  CHECK_THROWS_AS(st::paired_difference(a, shorter, st::Statistic{}, 0.95), std::invalid_argument);
  CHECK_THROWS_AS(st::paired_difference(a, b, *st::parse_statistic("p90"), 0.95), std::invalid_argument);
}

TEST_CASE("sequential batches aim at the half-width wanted, within bounds", "[stats][sequential]") {
  const double met[] = {1.0}, want1[] = {2.0};
  CHECK(st::next_batch(100, met, want1, 10000, 10) == 0);  // already there
  // 1.5 times too wide: 1.5² times the replications in all, plus 10 % (248), so 148 more.
  const double wide[] = {1.5}, want[] = {1.0};
  CHECK(st::next_batch(100, wide, want, 10000, 10) == 148);
  // Ten times too wide would need 100x; one batch grows at most fourfold.
  const double far[] = {10.0};
  CHECK(st::next_batch(100, far, want, 10000, 10) == 300);
  // An unbounded interval (too little data) quadruples; the cap holds.
  const double unbounded[] = {inf};
  CHECK(st::next_batch(100, unbounded, want, 10000, 10) == 300);
  CHECK(st::next_batch(100, far, want, 250, 10) == 150);
  CHECK(st::next_batch(250, far, want, 250, 10) == 0);
  // Nearly there: at least the minimum batch.
  const double close[] = {1.01};
  CHECK(st::next_batch(1000, close, want, 100000, 200) == 200);
  // The worst goal decides.
  const double two[] = {0.5, 1.5}, want2[] = {1.0, 1.0};
  CHECK(st::next_batch(100, two, want2, 10000, 10) == 148);
}
