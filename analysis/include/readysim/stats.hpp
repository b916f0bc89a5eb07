#pragma once
/// \file stats.hpp
/// Estimators with confidence intervals for replicated simulation output, and the
/// queueing formulas that validation scenarios are checked against.
///
/// Invalid arguments (confidence outside (0, 1), p outside [0, 1], mismatched spans,
/// unsorted input to the quantile functions, unstable queues) throw std::invalid_argument.

#include <cstddef>
#include <limits>
#include <span>
#include <string>

namespace readysim::stats {

/// What values a metric can take, which decides what interval its mean may have.
enum class ValueKind {
  any_sign,      ///< any real value (differences): the plain t interval
  non_negative,  ///< durations, people, amounts: the interval is truncated at 0
  fraction,      ///< values in [0, 1] (a share of people per flood): the interval is truncated to [0, 1]
  share,         ///< 0/1 flags: the mean is a share, its interval lies in [0, 1]
};

/// Quantile of the standard normal distribution (relative error ~1e-15); -inf at p = 0, +inf at p = 1.
double normal_quantile(double p);

/// Quantile of Student's t with `dof` > 0 degrees of freedom (need not be an integer):
/// incomplete beta function and a safeguarded Newton solve, relative error below 1e-12.
double student_t_quantile(double p, double dof);

/// A confidence interval for a mean.
struct MeanCI {
  double mean = 0;        ///< point estimate (NaN without data)
  double low = 0;         ///< lower bound (-inf when there is too little data)
  double high = 0;        ///< upper bound (+inf when there is too little data)
  double half_width = 0;  ///< (high - low) / 2
  std::size_t n = 0;      ///< number of values the mean is over
};

/// Mean of independent values with the t interval (n - 1 dof). With n < 2 the interval
/// is [-inf, inf]; with n = 0 the mean is NaN.
MeanCI mean_ci(std::span<const double> x, double confidence = 0.95);

/// Mean of per-item values clustered by replication: replication r contributes
/// `sums[r]` over `counts[r]` items (counts may be 0). Estimate Σsums / Σcounts, variance
/// by the delta method over replications, t quantile with R - 1 dof; n = Σcounts. Items
/// of one replication share its hazards and resources, so only replications are
/// independent. With R < 2 the interval is [-inf, inf]; with Σcounts = 0 the mean is NaN.
MeanCI ratio_mean_ci(std::span<const double> sums, std::span<const double> counts,
                     double confidence = 0.95);

/// A confidence interval for a proportion.
struct ProportionCI {
  double p = 0;       ///< observed share (NaN when n = 0)
  double low = 0;     ///< lower bound
  double high = 0;    ///< upper bound
  std::size_t n = 0;  ///< number of trials
};

/// Wilson score interval for `successes` out of `n` independent trials (n = 0 gives [0, 1]).
/// Wilson (1927), JASA 22:209; Newcombe (1998), Stat. Med. 17:857, method 3. Chosen over
/// Clopper–Pearson because its coverage stays close to the nominal level for small n and
/// shares near 0 or 1, where Clopper–Pearson's is well above it (its intervals wider than they
/// need be); Brown, Cai & DasGupta (2001), Stat. Sci. 16:101, recommend it for n < 40.
ProportionCI wilson(std::size_t successes, std::size_t n, double confidence = 0.95);

/// Mean of a non-negative quantity: ratio_mean_ci with its lower bound raised to 0 when it falls
/// below. The truncated interval covers the true mean exactly when the untruncated one does,
/// since that mean cannot be negative (Mandelkern (2002), "Setting confidence intervals for
/// bounded parameters", Stat. Sci. 17:149); its upper bound and the estimate are unchanged.
/// half_width stays (high - low) / 2 of the interval reported. Values are per-replication sums
/// and counts as for ratio_mean_ci; a negative sum throws std::invalid_argument.
MeanCI non_negative_mean_ci(std::span<const double> sums, std::span<const double> counts,
                            double confidence = 0.95);

/// Mean of values in [0, 1] that are not 0/1 flags (a share of people per flood): the
/// ratio_mean_ci interval cut to [0, 1], by the same rule as non_negative_mean_ci on both sides.
/// A sum outside [0, count] throws std::invalid_argument.
MeanCI fraction_mean_ci(std::span<const double> sums, std::span<const double> counts, double confidence = 0.95);

/// Share of 0/1 flags clustered by replication (`sums[r]` ones of `counts[r]` flags): the
/// ratio_mean_ci interval widened to at least Wilson's over all Σcounts flags and kept in
/// [0, 1]. The delta method alone gives a zero-width interval at a share of 0 (every
/// replication's residual is 0) and runs past 0 or 1 with few replications; Wilson's interval
/// treats the flags as independent, which the clustered one does not, so the wider of the two
/// is taken. With Σcounts = 0: NaN and [0, 1].
MeanCI share_ci(std::span<const double> sums, std::span<const double> counts, double confidence = 0.95);

/// Quantile of ascending `sorted` values, type 7 (numpy's default, linear between order
/// statistics); NaN when empty.
double quantile(std::span<const double> sorted, double p);

/// A quantile with a confidence interval.
struct QuantileCI {
  double estimate = 0;  ///< type-7 quantile
  double low = 0;       ///< an order statistic, or -inf
  double high = 0;      ///< an order statistic, or +inf
};

/// Distribution-free interval for the p-quantile from order statistics of ascending
/// `sorted` values: ranks l < u such that P(X_(l) <= ξ_p <= X_(u)) >= confidence under
/// Binomial(n, p), grown from the binomial mode one rank at a time on the side with more
/// probability left outside, so the two tails stay balanced and the coverage exceeds
/// `confidence` by as little as that allows. A bound needing rank 0 or n + 1 (too few
/// values) is -inf or +inf.
QuantileCI quantile_ci(std::span<const double> sorted, double p, double confidence = 0.95);

/// One row of the `/summary` table.
struct Summary {
  std::string metric;    ///< e.g. "fire.response_time"
  std::string unit;      ///< SI unit of the values, "1" for shares
  std::size_t n = 0;     ///< number of values (items, not replications)
  double mean = 0;       ///< mean (a share for proportions)
  double ci95_low = 0;   ///< 95 % CI of the mean, lower bound (>= 0 unless the kind is any_sign)
  double ci95_high = 0;  ///< 95 % CI of the mean, upper bound
  double p50 = 0;        ///< median, pooled over replications (NaN for proportions)
  double p90 = 0;        ///< 90th percentile, pooled (NaN for proportions)
  double p95 = 0;        ///< 95th percentile, pooled (NaN for proportions)
  double p99 = 0;        ///< 99th percentile, pooled (NaN for proportions)
  // 95 % confidence intervals of the quantiles, as stats::estimate gives them for the same
  // values grouped by replication (Woodruff's clustered interval joined with the order-statistic
  // one, cut at 0 or to [0, 1] by the kind). NaN for proportions and without values; an infinite
  // bound where the data do not reach (one replication, or too few values for p99).
  double p50_ci95_low = std::numeric_limits<double>::quiet_NaN();   ///< 95 % CI of the median, lower bound
  double p50_ci95_high = std::numeric_limits<double>::quiet_NaN();  ///< 95 % CI of the median, upper bound
  double p90_ci95_low = std::numeric_limits<double>::quiet_NaN();   ///< 95 % CI of the p90, lower bound
  double p90_ci95_high = std::numeric_limits<double>::quiet_NaN();  ///< 95 % CI of the p90, upper bound
  double p95_ci95_low = std::numeric_limits<double>::quiet_NaN();   ///< 95 % CI of the p95, lower bound
  double p95_ci95_high = std::numeric_limits<double>::quiet_NaN();  ///< 95 % CI of the p95, upper bound
  double p99_ci95_low = std::numeric_limits<double>::quiet_NaN();   ///< 95 % CI of the p99, lower bound
  double p99_ci95_high = std::numeric_limits<double>::quiet_NaN();  ///< 95 % CI of the p99, upper bound
  /// Of those, values cut at the horizon: lower bounds of what they would be with a longer one
  /// (set by the engine's summary for its evacuation metrics; 0 here).
  std::size_t censored = 0;
};

/// Summary of a per-item metric: the mean and its CI clustered by replication
/// (`replication_of_value[i]` in [0, replications) is the replication of `values[i]`; a
/// replication without values counts with sum 0 and count 0), quantiles of all values pooled
/// (type 7), each with its 95 % CI as estimate() gives it for the values grouped by replication
/// (the sizing study's and --precision's interval). The mean's interval follows `kind`: ratio_mean_ci for any_sign, non_negative_mean_ci for
/// non_negative (the default: the engine's metrics are durations, counts of people, amounts or
/// shares), fraction_mean_ci for fraction, share_ci for share (quantiles NaN). Values must not
/// be NaN; a value the kind rules out (negative; above 1 for a fraction; other than 0 and 1 for
/// a share) throws std::invalid_argument naming the metric.
Summary summarize(std::string metric, std::string unit, std::span<const double> values,
                  std::span<const int> replication_of_value, int replications,
                  ValueKind kind = ValueKind::non_negative);

/// Summary of a yes/no metric (flags 0 or 1): mean = share of 1s with the Wilson
/// interval, which treats flags as independent (for per-item flags clustered by
/// replication it is optimistic); unit "1"; quantiles NaN.
Summary summarize_proportion(std::string metric, std::span<const int> flags_0_1);

/// Erlang B: blocking probability of `servers` servers with `offered_load` erlangs and no
/// queue (stable recursion B(k) = A·B(k-1) / (k + A·B(k-1))).
double erlang_b(int servers, double offered_load);

/// Erlang C: probability that an arrival waits in M/M/c; requires offered_load < servers.
double erlang_c(int servers, double offered_load);

/// Mean wait in queue of M/M/c: C(c, λ/μ) / (cμ - λ); requires arrival_rate < servers·service_rate.
double mmc_mean_wait(int servers, double arrival_rate, double service_rate);

}  // namespace readysim::stats
