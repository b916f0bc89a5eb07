#pragma once
/// \file stats.hpp
/// Estimators with confidence intervals for replicated simulation output, and the
/// queueing formulas that validation scenarios are checked against.
///
/// Invalid arguments (confidence outside (0, 1), p outside [0, 1], mismatched spans,
/// unsorted input to the quantile functions, unstable queues) throw std::invalid_argument.

#include <cstddef>
#include <span>
#include <string>

namespace readysim::stats {

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
ProportionCI wilson(std::size_t successes, std::size_t n, double confidence = 0.95);

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
  double ci95_low = 0;   ///< 95 % CI of the mean, lower bound
  double ci95_high = 0;  ///< 95 % CI of the mean, upper bound
  double p50 = 0;        ///< median, pooled over replications (NaN for proportions)
  double p90 = 0;        ///< 90th percentile, pooled (NaN for proportions)
  double p95 = 0;        ///< 95th percentile, pooled (NaN for proportions)
  double p99 = 0;        ///< 99th percentile, pooled (NaN for proportions)
};

/// Summary of a per-item metric: the mean and its CI by ratio_mean_ci clustered by
/// replication (`replication_of_value[i]` in [0, replications) is the replication of
/// `values[i]`; a replication without values counts with sum 0 and count 0), quantiles
/// of all values pooled (type 7). Values must not be NaN.
Summary summarize(std::string metric, std::string unit, std::span<const double> values,
                  std::span<const int> replication_of_value, int replications);

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
