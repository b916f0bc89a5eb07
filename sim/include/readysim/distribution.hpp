#pragma once
/// \file distribution.hpp
/// Probability distributions as scenario values, sampled by our own code (std::
/// distributions differ between standard libraries, and we promise the same bits everywhere).

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "readysim/random.hpp"

namespace readysim {

/// The distribution families a scenario may use.
enum class DistributionKind { constant, uniform, triangular, exponential, lognormal, gamma, weibull, empirical };

/// Name as written in scenarios ("lognormal").
std::string_view distribution_name(DistributionKind k);

/// A fully specified distribution on SI values. Build it with the named constructors, which
/// check parameters; every parameter is already in SI units.
class Distribution {
 public:
  /// The constant 0 (a placeholder until assigned).
  Distribution() : Distribution(DistributionKind::constant, 0.0, 0.0, 0.0) {}
  /// Always `value`.
  static Distribution constant(double value);
  /// Uniform on [low, high]; requires low <= high.
  static Distribution uniform(double low, double high);
  /// Triangular on [low, high] with mode; requires low <= mode <= high, low < high.
  static Distribution triangular(double low, double mode, double high);
  /// Exponential with the given mean (> 0).
  static Distribution exponential(double mean);
  /// Lognormal with parameters of the underlying normal: mu and sigma (> 0).
  static Distribution lognormal_mu_sigma(double mu, double sigma);
  /// Lognormal with the given mean and standard deviation (both > 0).
  static Distribution lognormal_mean_sd(double mean, double sd);
  /// Lognormal with the given median and 90th percentile (0 < median < p90).
  static Distribution lognormal_median_p90(double median, double p90);
  /// Gamma with shape k > 0 and scale theta > 0 (mean k·theta).
  static Distribution gamma(double shape, double scale);
  /// Weibull with shape k > 0 and scale lambda > 0.
  static Distribution weibull(double shape, double scale);
  /// Empirical: resamples the given non-empty, finite observations with equal weight.
  static Distribution empirical(std::vector<double> values);

  /// The family.
  [[nodiscard]] DistributionKind kind() const { return kind_; }
  /// One draw by inversion of one uniform from `rng` (constant too, so swapping families keeps
  /// later draws aligned); gamma uses rejection and so a varying number of uniforms.
  [[nodiscard]] double sample(RandomStream& rng) const;
  /// Theoretical mean.
  [[nodiscard]] double mean() const;
  /// Theoretical variance.
  [[nodiscard]] double variance() const;
  /// Theoretical quantile at probability p in [0, 1] (for empirical: the type-7 sample
  /// quantile); throws std::invalid_argument for p outside [0, 1].
  [[nodiscard]] double quantile(double p) const;
  /// Theoretical CDF at x.
  [[nodiscard]] double cdf(double x) const;
  /// The parameters, named, for printing the effective scenario (SI values); a lognormal is
  /// given as median and p90 however it was built, an empirical as its count n.
  [[nodiscard]] std::vector<std::pair<std::string, double>> parameters() const;
  /// The observations of an empirical distribution, sorted ascending (empty otherwise).
  [[nodiscard]] const std::vector<double>& values() const { return values_; }

 private:
  Distribution(DistributionKind k, double a, double b, double c) : kind_(k), a_(a), b_(b), c_(c) {}
  DistributionKind kind_;
  // By kind: (value), (low, high), (low, mode, high), (mean), (mu, sigma), (shape, scale).
  double a_, b_, c_;
  std::vector<double> values_;
};

/// Standard normal quantile (inverse CDF), accurate to ~1e-15 relative (Wichura AS241);
/// -inf at 0, +inf at 1, NaN outside [0, 1].
double normal_quantile(double p);
/// Standard normal CDF.
double normal_cdf(double x);
/// Regularised lower incomplete gamma P(a, x); 0 for x <= 0; throws std::invalid_argument if a <= 0.
double gamma_p(double a, double x);

}  // namespace readysim
