// Estimators and their confidence intervals.
#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "readysim/estimate.hpp"
#include "readysim/stats.hpp"
#include "special_functions.hpp"

namespace readysim::stats {
namespace {

constexpr double inf = std::numeric_limits<double>::infinity();
constexpr double nan = std::numeric_limits<double>::quiet_NaN();

void check_confidence(double confidence, const char* who) {
  if (!(confidence > 0 && confidence < 1))
    throw std::invalid_argument(std::string(who) + ": confidence must be in (0, 1), got " +
                                std::to_string(confidence));
}

void check_quantile_args(std::span<const double> sorted, double p, const char* who) {
  if (!(p >= 0 && p <= 1))
    throw std::invalid_argument(std::string(who) + ": p must be in [0, 1], got " + std::to_string(p));
  if (!std::is_sorted(sorted.begin(), sorted.end()))
    throw std::invalid_argument(std::string(who) + ": values must be sorted ascending");
}

MeanCI unbounded(double mean, std::size_t n) { return {mean, -inf, inf, inf, n}; }

}  // namespace

MeanCI mean_ci(std::span<const double> x, double confidence) {
  check_confidence(confidence, "mean_ci");
  const std::size_t n = x.size();
  if (n == 0) return unbounded(nan, 0);
  double mean = 0;
  for (double v : x) mean += v;
  mean /= static_cast<double>(n);
  if (n < 2) return unbounded(mean, n);
  double ss = 0;  // two passes: no cancellation when the spread is small next to the mean
  for (double v : x) ss += (v - mean) * (v - mean);
  const double dn = static_cast<double>(n);
  const double half = student_t_quantile((1 + confidence) / 2, dn - 1) * std::sqrt(ss / (dn - 1) / dn);
  return {mean, mean - half, mean + half, half, n};
}

MeanCI ratio_mean_ci(std::span<const double> sums, std::span<const double> counts, double confidence) {
  check_confidence(confidence, "ratio_mean_ci");
  if (sums.size() != counts.size()) throw std::invalid_argument("ratio_mean_ci: sums and counts differ in length");
  const std::size_t reps = sums.size();
  double total_sum = 0, total_count = 0;
  for (std::size_t r = 0; r < reps; ++r) {
    if (!(counts[r] >= 0)) throw std::invalid_argument("ratio_mean_ci: counts must be >= 0");
    total_sum += sums[r];
    total_count += counts[r];
  }
  const auto n = static_cast<std::size_t>(std::llround(total_count));
  if (total_count == 0) return unbounded(nan, 0);
  const double ratio = total_sum / total_count;
  if (reps < 2) return unbounded(ratio, n);
  // Delta method: ratio - true ≈ mean_r(sum_r - true·count_r) / mean count, and the
  // residuals sum_r - ratio·count_r are independent across replications.
  double ss = 0;
  for (std::size_t r = 0; r < reps; ++r) ss += (sums[r] - ratio * counts[r]) * (sums[r] - ratio * counts[r]);
  const double dr = static_cast<double>(reps);
  const double mean_count = total_count / dr;
  const double se = std::sqrt(ss / (dr - 1) / dr) / mean_count;
  const double half = student_t_quantile((1 + confidence) / 2, dr - 1) * se;
  return {ratio, ratio - half, ratio + half, half, n};
}

ProportionCI wilson(std::size_t successes, std::size_t n, double confidence) {
  check_confidence(confidence, "wilson");
  if (successes > n) throw std::invalid_argument("wilson: successes exceed trials");
  if (n == 0) return {nan, 0, 1, 0};
  const double z = normal_quantile((1 + confidence) / 2);
  const double dn = static_cast<double>(n);
  const double p = static_cast<double>(successes) / dn;
  const double z2n = z * z / dn;
  const double centre = (p + z2n / 2) / (1 + z2n);
  const double half = z / (1 + z2n) * std::sqrt(p * (1 - p) / dn + z2n / (4 * dn));
  // At 0 or n successes the bound is exactly 0 or 1; do not let rounding say otherwise.
  return {p, successes == 0 ? 0 : std::max(0.0, centre - half), successes == n ? 1 : std::min(1.0, centre + half), n};
}

double quantile(std::span<const double> sorted, double p) {
  check_quantile_args(sorted, p, "quantile");
  if (sorted.empty()) return nan;
  const double h = static_cast<double>(sorted.size() - 1) * p;
  const auto i = static_cast<std::size_t>(h);
  if (i + 1 >= sorted.size()) return sorted.back();
  return sorted[i] + (h - static_cast<double>(i)) * (sorted[i + 1] - sorted[i]);
}

QuantileCI quantile_ci(std::span<const double> sorted, double p, double confidence) {
  check_confidence(confidence, "quantile_ci");
  const double estimate = quantile(sorted, p);
  const std::size_t n = sorted.size();
  if (n == 0) return {nan, -inf, inf};
  // B = #{X_i <= ξ_p} ~ Binomial(n, p), and X_(l) <= ξ_p < X_(u) exactly when l <= B <= u - 1.
  // Grow the set of B values [a, b] from the mode; below = P(B < a), above = P(B > b).
  const double dn = static_cast<double>(n);
  std::size_t a = std::min(n, static_cast<std::size_t>(std::floor((dn + 1) * p)));
  std::size_t b = a;
  const double da = static_cast<double>(a);
  double below = a == 0 ? 0 : detail::beta_inc(dn - da + 1, da, 1 - p, p);
  double above = a == n ? 0 : detail::beta_inc(da + 1, dn - da, p, 1 - p);
  const double mode_mass = std::max(0.0, 1 - below - above);
  double mass_a = mode_mass, mass_b = mode_mass;  // P(B = a), P(B = b), by recurrence
  const double odds = p / (1 - p);
  while (1 - below - above < confidence) {
    const bool down = a > 0 && (below >= above || b == n);
    if (!down && b == n) break;  // everything is covered; only rounding kept us here
    if (down) {
      mass_a *= static_cast<double>(a) / (dn - static_cast<double>(a) + 1) / odds;
      --a;
      below = std::max(0.0, below - mass_a);
    } else {
      mass_b *= (dn - static_cast<double>(b)) / static_cast<double>(b + 1) * odds;
      ++b;
      above = std::max(0.0, above - mass_b);
    }
  }
  // Ranks are 1-based: l = a, u = b + 1; rank 0 and rank n + 1 are the infinities.
  return {estimate, a == 0 ? -inf : sorted[a - 1], b + 1 > n ? inf : sorted[b]};
}

MeanCI non_negative_mean_ci(std::span<const double> sums, std::span<const double> counts, double confidence) {
  for (double v : sums)
    if (v < 0) throw std::invalid_argument("non_negative_mean_ci: a sum is negative (" + std::to_string(v) + ")");
  MeanCI ci = ratio_mean_ci(sums, counts, confidence);
  if (ci.low < 0) {
    ci.low = 0;  // the true mean is >= 0, so cutting at 0 keeps the coverage
    ci.half_width = (ci.high - ci.low) / 2;
  }
  return ci;
}

MeanCI fraction_mean_ci(std::span<const double> sums, std::span<const double> counts, double confidence) {
  for (std::size_t r = 0; r < sums.size() && r < counts.size(); ++r)
    if (sums[r] < 0 || sums[r] > counts[r])
      throw std::invalid_argument("fraction_mean_ci: replication " + std::to_string(r) + "'s values are outside [0, 1]");
  MeanCI ci = non_negative_mean_ci(sums, counts, confidence);
  if (ci.high > 1) {
    ci.high = 1;  // nor above 1: the same rule on the other side
    ci.half_width = (ci.high - ci.low) / 2;
  }
  return ci;
}

MeanCI share_ci(std::span<const double> sums, std::span<const double> counts, double confidence) {
  MeanCI e = ratio_mean_ci(sums, counts, confidence);
  if (e.n == 0) return {nan, 0, 1, 0.5, 0};
  double ones = 0;
  for (double s : sums) ones += s;
  const ProportionCI w = wilson(static_cast<std::size_t>(std::llround(ones)), e.n, confidence);
  e.low = std::max(0.0, std::min(e.low, w.low));
  e.high = std::min(1.0, std::max(e.high, w.high));
  e.half_width = (e.high - e.low) / 2;
  return e;
}

Summary summarize(std::string metric, std::string unit, std::span<const double> values,
                  std::span<const int> replication_of_value, int replications, ValueKind kind) {
  if (values.size() != replication_of_value.size())
    throw std::invalid_argument("summarize(" + metric + "): values and replication_of_value differ in length");
  if (replications < 0) throw std::invalid_argument("summarize(" + metric + "): replications must be >= 0");
  std::vector<double> sums(static_cast<std::size_t>(replications)), counts(sums.size());
  for (std::size_t i = 0; i < values.size(); ++i) {
    const double v = values[i];
    if (std::isnan(v))
      throw std::invalid_argument("summarize(" + metric + "): value " + std::to_string(i) + " is NaN");
    if ((kind == ValueKind::non_negative || kind == ValueKind::fraction) && v < 0)
      throw std::invalid_argument("summarize(" + metric + "): value " + std::to_string(i) + " is " + std::to_string(v) +
                                  ", but the metric cannot be negative (pass ValueKind::any_sign if it can)");
    if (kind == ValueKind::fraction && v > 1)
      throw std::invalid_argument("summarize(" + metric + "): value " + std::to_string(i) + " is " + std::to_string(v) +
                                  ", but the metric is a fraction in [0, 1]");
    if (kind == ValueKind::share && v != 0 && v != 1)
      throw std::invalid_argument("summarize(" + metric + "): value " + std::to_string(i) + " is " + std::to_string(v) +
                                  ", but a share's values are 0/1 flags");
    const int r = replication_of_value[i];
    if (r < 0 || r >= replications)
      throw std::invalid_argument("summarize(" + metric + "): replication " + std::to_string(r) + " is outside [0, " +
                                  std::to_string(replications) + ")");
    sums[static_cast<std::size_t>(r)] += v;
    counts[static_cast<std::size_t>(r)] += 1;
  }
  if (kind == ValueKind::share) {
    const MeanCI ci = share_ci(sums, counts, 0.95);
    return {std::move(metric), std::move(unit), values.size(), ci.mean, ci.low, ci.high, nan, nan, nan, nan};
  }
  const MeanCI ci = kind == ValueKind::non_negative ? non_negative_mean_ci(sums, counts, 0.95)
                   : kind == ValueKind::fraction   ? fraction_mean_ci(sums, counts, 0.95)
                                                   : ratio_mean_ci(sums, counts, 0.95);
  std::vector<double> sorted(values.begin(), values.end());
  std::sort(sorted.begin(), sorted.end());
  Summary out{std::move(metric), std::move(unit), values.size(), ci.mean, ci.low, ci.high,
              quantile(sorted, 0.50), quantile(sorted, 0.90), quantile(sorted, 0.95), quantile(sorted, 0.99)};
  if (values.empty()) return out;
  // The quantiles' intervals: the values grouped by replication, as the sizing study sees them.
  std::vector<std::vector<double>> by_replication(static_cast<std::size_t>(replications));
  for (std::size_t i = 0; i < values.size(); ++i)
    by_replication[static_cast<std::size_t>(replication_of_value[i])].push_back(values[i]);
  ClusteredSample sample(kind);
  for (const auto& r : by_replication) sample.add_replication(r);
  const auto ci95 = [&](double p, double& low, double& high) {
    const Estimate e = estimate(sample, Statistic{StatKind::quantile, p}, 0.95);
    low = e.low;
    high = e.high;
  };
  ci95(0.50, out.p50_ci95_low, out.p50_ci95_high);
  ci95(0.90, out.p90_ci95_low, out.p90_ci95_high);
  ci95(0.95, out.p95_ci95_low, out.p95_ci95_high);
  ci95(0.99, out.p99_ci95_low, out.p99_ci95_high);
  return out;
}

Summary summarize_proportion(std::string metric, std::span<const int> flags_0_1) {
  std::size_t ones = 0;
  for (int f : flags_0_1) {
    if (f != 0 && f != 1) throw std::invalid_argument("summarize_proportion(" + metric + "): flags must be 0 or 1");
    ones += static_cast<std::size_t>(f);
  }
  const ProportionCI ci = wilson(ones, flags_0_1.size(), 0.95);
  return {std::move(metric), "1", flags_0_1.size(), ci.p, ci.low, ci.high, nan, nan, nan, nan};
}

}  // namespace readysim::stats
