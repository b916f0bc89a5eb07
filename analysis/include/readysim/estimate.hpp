#pragma once
/// \file estimate.hpp
/// Statistics of one metric over replications, each with a confidence interval that respects
/// the clustering of items (fires) by replication: means, quantiles and exceedance shares, and
/// the paired difference of two configurations run on the same replications (common random
/// numbers). Everything here is pure arithmetic on numbers the simulator produced.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "readysim/stats.hpp"

namespace readysim::stats {

/// The items of one metric (one value per fire, say) from consecutive replications, kept in
/// replication order so that a prefix of replications can be analysed on its own and two
/// samples over the same replication indices can be paired.
class ClusteredSample {
 public:
  /// An empty sample; `proportion` marks values that are 0/1 flags (shares), otherwise any sign.
  explicit ClusteredSample(bool proportion = false)
      : kind_(proportion ? ValueKind::share : ValueKind::any_sign) {}
  /// An empty sample of values of this kind (a non_negative sample's intervals stay >= 0).
  explicit ClusteredSample(ValueKind kind) : kind_(kind) {}

  /// Appends the values of the next replication (possibly none).
  void add_replication(const std::vector<double>& values);
  /// Appends every replication of `later` after this sample's own; throws std::invalid_argument
  /// when the two differ in kind.
  void append(const ClusteredSample& later);

  /// Number of replications.
  [[nodiscard]] int replications() const { return static_cast<int>(offsets_.size()) - 1; }
  /// Number of values over all replications.
  [[nodiscard]] std::size_t size() const { return values_.size(); }
  /// True when the values are 0/1 flags.
  [[nodiscard]] bool proportion() const { return kind_ == ValueKind::share; }
  /// What values the sample holds.
  [[nodiscard]] ValueKind kind() const { return kind_; }
  /// The values of replication `r` (0-based within this sample).
  [[nodiscard]] std::vector<double> replication(int r) const;
  /// All values in replication order.
  [[nodiscard]] const std::vector<double>& values() const { return values_; }
  /// offsets()[r] is the index of replication r's first value; offsets().back() == size().
  [[nodiscard]] const std::vector<std::size_t>& offsets() const { return offsets_; }

 private:
  ValueKind kind_;
  std::vector<double> values_;
  std::vector<std::size_t> offsets_{0};
};

/// Which statistic of a metric.
enum class StatKind {
  mean,         ///< the mean per item (a share for 0/1 metrics)
  quantile,     ///< the p-quantile of the items pooled over replications
  share_above,  ///< the share of items strictly above a threshold
};

/// A statistic of a metric: "mean", "p90", or the share above a threshold.
struct Statistic {
  StatKind kind = StatKind::mean;  ///< which statistic
  double p = 0.5;                  ///< the probability, for quantiles (0 < p < 1)
  double threshold = 0;            ///< the threshold, for share_above (in the metric's unit)

  /// "mean", "p90", "p99.5", "share_above".
  [[nodiscard]] std::string name() const;
};

/// Parses "mean", "pNN" (0 < NN < 100, decimals allowed: "p99.5"), "median" (p50) or
/// "share_above" (the threshold is set by the caller); std::nullopt otherwise.
std::optional<Statistic> parse_statistic(std::string_view text);

/// A point estimate with its confidence interval.
struct Estimate {
  double value = 0;        ///< point estimate (NaN without data)
  double low = 0;          ///< lower bound (-inf when there is too little data)
  double high = 0;         ///< upper bound (+inf when there is too little data)
  double half_width = 0;   ///< (high - low) / 2; +inf when a bound is infinite
  std::size_t n = 0;       ///< items the estimate is over
  int replications = 0;    ///< replications the estimate is over
};

/// The statistic over the first `replications` replications of `sample` (all when negative),
/// with a two-sided interval at `confidence`:
/// - mean: ratio_mean_ci (delta method over replications); for 0/1 values share_ci (also at
///   least as wide as the Wilson interval over the items, so that a share never seen in a small
///   sample still gets an honest upper bound, and within [0, 1]);
/// - quantile: Woodruff's interval [Q(p - t·se), Q(p + t·se)] with se the clustered standard
///   error of the empirical CDF at the estimate, joined with quantile_ci's order-statistic
///   interval (exact for independent items, which Woodruff only approaches for large samples);
/// - share_above: as the mean of the 0/1 flags value > threshold.
/// For a non_negative sample a lower bound below 0 is raised to 0, for a fraction the bounds are
/// cut to [0, 1] (non_negative_mean_ci's rule, which keeps the coverage), for means and
/// quantiles alike.
/// Throws std::invalid_argument for a confidence outside (0, 1) or p outside (0, 1).
Estimate estimate(const ClusteredSample& sample, const Statistic& statistic, double confidence,
                  int replications = -1);

/// The difference b - a of one statistic between two configurations.
struct Difference {
  Estimate a;                       ///< configuration A alone
  Estimate b;                       ///< configuration B alone
  double difference = 0;            ///< b - a
  double low = 0;                   ///< lower bound of the paired interval
  double high = 0;                  ///< upper bound of the paired interval
  double half_width = 0;            ///< half-width of the paired interval
  double unpaired_half_width = 0;   ///< half-width if A and B had been run independently
  int replications = 0;             ///< pairs of replications used
};

/// The difference of means (or shares) b - a between two samples over the same replication
/// indices (common random numbers): the paired delta-method interval over the linearised
/// per-replication residuals of both ratio estimators, t with R - 1 dof. `unpaired_half_width`
/// is the Welch-style half-width the same data would give without pairing,
/// t·sqrt(se_a² + se_b²); its square over half_width² is how many times more replications two
/// independent runs need for the same precision. Throws std::invalid_argument when the two
/// samples differ in replication count or the statistic is not a mean or share_above.
Difference paired_difference(const ClusteredSample& a, const ClusteredSample& b, const Statistic& statistic,
                             double confidence);

/// Shares of items above `threshold` per replication, as a new 0/1 sample (share_above's data).
ClusteredSample exceedance_flags(const ClusteredSample& sample, double threshold);

}  // namespace readysim::stats
