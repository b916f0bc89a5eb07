#include "readysim/distribution.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace readysim {
namespace {

constexpr double kZ90 = 1.2815515655446004;  // normal_quantile(0.9)

// Shortest round-trip form, so a planner sees "120", not "120.000000".
std::string num(double x) {
  char buf[32];
  const auto res = std::to_chars(buf, buf + sizeof buf, x);
  return {buf, res.ptr};
}

[[noreturn]] void fail(std::string_view family, const std::string& what) {
  throw std::invalid_argument(std::string(family) + ": " + what);
}

void require_finite(std::string_view family, std::string_view name, double x) {
  if (!std::isfinite(x)) fail(family, std::string(name) + " (" + num(x) + ") must be a finite number");
}

void require_positive(std::string_view family, std::string_view name, double x) {
  require_finite(family, name, x);
  if (x <= 0) fail(family, std::string(name) + " (" + num(x) + ") must be greater than 0");
}

// Marsaglia & Tsang (2000) for shape >= 1, with the normal taken by inversion so that a
// rejection step consumes exactly two uniforms.
double gamma_mt(double shape, RandomStream& rng) {
  const double d = shape - 1.0 / 3.0;
  const double c = 1.0 / std::sqrt(9.0 * d);
  for (;;) {
    const double x = normal_quantile(rng.uniform01());
    const double u = rng.uniform01();
    double v = 1.0 + c * x;
    if (v <= 0) continue;
    v = v * v * v;
    if (std::log(u) < 0.5 * x * x + d - d * v + d * std::log(v)) return d * v;
  }
}

// Type 7 (R's default): linear interpolation between order statistics at (n-1)p.
double sample_quantile(const std::vector<double>& sorted, double p) {
  const double h = static_cast<double>(sorted.size() - 1) * p;
  const auto lo = static_cast<std::size_t>(std::floor(h));
  if (lo + 1 >= sorted.size()) return sorted.back();
  return sorted[lo] + (h - static_cast<double>(lo)) * (sorted[lo + 1] - sorted[lo]);
}

}  // namespace

std::string_view distribution_name(DistributionKind k) {
  switch (k) {
    case DistributionKind::constant: return "constant";
    case DistributionKind::uniform: return "uniform";
    case DistributionKind::triangular: return "triangular";
    case DistributionKind::exponential: return "exponential";
    case DistributionKind::lognormal: return "lognormal";
    case DistributionKind::gamma: return "gamma";
    case DistributionKind::weibull: return "weibull";
    case DistributionKind::empirical: return "empirical";
  }
  return "unknown";
}

Distribution Distribution::constant(double value) {
  require_finite("constant", "value", value);
  return {DistributionKind::constant, value, 0, 0};
}

Distribution Distribution::uniform(double low, double high) {
  require_finite("uniform", "low", low);
  require_finite("uniform", "high", high);
  if (low > high) fail("uniform", "low (" + num(low) + ") must not be greater than high (" + num(high) + ")");
  return {DistributionKind::uniform, low, high, 0};
}

Distribution Distribution::triangular(double low, double mode, double high) {
  require_finite("triangular", "low", low);
  require_finite("triangular", "mode", mode);
  require_finite("triangular", "high", high);
  if (low >= high) fail("triangular", "low (" + num(low) + ") must be less than high (" + num(high) + ")");
  if (mode < low || mode > high)
    fail("triangular", "mode (" + num(mode) + ") must lie between low (" + num(low) + ") and high (" + num(high) + ")");
  return {DistributionKind::triangular, low, mode, high};
}

Distribution Distribution::exponential(double mean) {
  require_positive("exponential", "mean", mean);
  return {DistributionKind::exponential, mean, 0, 0};
}

Distribution Distribution::lognormal_mu_sigma(double mu, double sigma) {
  require_finite("lognormal", "mu", mu);
  require_positive("lognormal", "sigma", sigma);
  return {DistributionKind::lognormal, mu, sigma, 0};
}

Distribution Distribution::lognormal_mean_sd(double mean, double sd) {
  require_positive("lognormal", "mean", mean);
  require_positive("lognormal", "sd", sd);
  const double s2 = std::log1p((sd / mean) * (sd / mean));
  return {DistributionKind::lognormal, std::log(mean) - 0.5 * s2, std::sqrt(s2), 0};
}

Distribution Distribution::lognormal_median_p90(double median, double p90) {
  require_positive("lognormal", "median", median);
  require_finite("lognormal", "p90", p90);
  if (p90 <= median) fail("lognormal", "p90 (" + num(p90) + ") must be greater than median (" + num(median) + ")");
  const double mu = std::log(median);
  return {DistributionKind::lognormal, mu, (std::log(p90) - mu) / kZ90, 0};
}

Distribution Distribution::gamma(double shape, double scale) {
  require_positive("gamma", "shape", shape);
  require_positive("gamma", "scale", scale);
  return {DistributionKind::gamma, shape, scale, 0};
}

Distribution Distribution::weibull(double shape, double scale) {
  require_positive("weibull", "shape", shape);
  require_positive("weibull", "scale", scale);
  return {DistributionKind::weibull, shape, scale, 0};
}

Distribution Distribution::empirical(std::vector<double> values) {
  if (values.empty()) fail("empirical", "needs at least one observation");
  for (std::size_t i = 0; i < values.size(); ++i)
    if (!std::isfinite(values[i]))
      fail("empirical", "observation " + std::to_string(i + 1) + " (" + num(values[i]) + ") must be a finite number");
  // Sorted, sampling by index is an inverse CDF: draws stay monotone in u (common random numbers).
  std::sort(values.begin(), values.end());
  Distribution d(DistributionKind::empirical, 0, 0, 0);
  d.values_ = std::move(values);
  return d;
}

double Distribution::sample(RandomStream& rng) const {
  if (kind_ == DistributionKind::gamma) {
    if (a_ >= 1) return gamma_mt(a_, rng) * b_;
    // Shape < 1: G(k) = G(k+1)·U^(1/k). Two statements, so the draw order is fixed.
    const double g = gamma_mt(a_ + 1, rng);
    return g * std::pow(rng.uniform01(), 1 / a_) * b_;
  }
  const double u = rng.uniform01();  // drawn even for constant, so families can be swapped without shifting later draws
  switch (kind_) {
    case DistributionKind::constant: return a_;
    case DistributionKind::empirical: {
      const auto i = static_cast<std::size_t>(u * static_cast<double>(values_.size()));
      return values_[std::min(i, values_.size() - 1)];  // u·n can round up to n
    }
    default: return quantile(u);
  }
}

double Distribution::mean() const {
  switch (kind_) {
    case DistributionKind::constant: return a_;
    case DistributionKind::uniform: return 0.5 * (a_ + b_);
    case DistributionKind::triangular: return (a_ + b_ + c_) / 3;
    case DistributionKind::exponential: return a_;
    case DistributionKind::lognormal: return std::exp(a_ + 0.5 * b_ * b_);
    case DistributionKind::gamma: return a_ * b_;
    case DistributionKind::weibull: return b_ * std::tgamma(1 + 1 / a_);
    case DistributionKind::empirical: {
      double s = 0;
      for (double v : values_) s += v;
      return s / static_cast<double>(values_.size());
    }
  }
  return 0;
}

double Distribution::variance() const {
  switch (kind_) {
    case DistributionKind::constant: return 0;
    case DistributionKind::uniform: return (b_ - a_) * (b_ - a_) / 12;
    case DistributionKind::triangular:
      return (a_ * a_ + b_ * b_ + c_ * c_ - a_ * b_ - a_ * c_ - b_ * c_) / 18;
    case DistributionKind::exponential: return a_ * a_;
    case DistributionKind::lognormal: return std::expm1(b_ * b_) * std::exp(2 * a_ + b_ * b_);
    case DistributionKind::gamma: return a_ * b_ * b_;
    case DistributionKind::weibull: {
      const double g1 = std::tgamma(1 + 1 / a_);
      return b_ * b_ * (std::tgamma(1 + 2 / a_) - g1 * g1);
    }
    case DistributionKind::empirical: {
      // The variance of resampling, i.e. with divisor n.
      const double m = mean();
      double s = 0;
      for (double v : values_) s += (v - m) * (v - m);
      return s / static_cast<double>(values_.size());
    }
  }
  return 0;
}

double Distribution::quantile(double p) const {
  if (!(p >= 0 && p <= 1)) throw std::invalid_argument("quantile: p (" + num(p) + ") must lie in [0, 1]");
  switch (kind_) {
    case DistributionKind::constant: return a_;
    case DistributionKind::uniform: return a_ + p * (b_ - a_);
    case DistributionKind::triangular: {
      const double span = c_ - a_;
      if (p * span < b_ - a_) return a_ + std::sqrt(p * span * (b_ - a_));
      return c_ - std::sqrt((1 - p) * span * (c_ - b_));
    }
    case DistributionKind::exponential: return -a_ * std::log1p(-p);
    case DistributionKind::lognormal: return std::exp(a_ + b_ * normal_quantile(p));
    case DistributionKind::weibull: return b_ * std::pow(-std::log1p(-p), 1 / a_);
    case DistributionKind::empirical: return sample_quantile(values_, p);
    case DistributionKind::gamma: {
      if (p == 0) return 0;
      if (p == 1) return std::numeric_limits<double>::infinity();
      // Bracket, then bisect to the last bit: robust for every shape, and rarely called.
      double lo = 0, hi = a_;
      while (gamma_p(a_, hi) < p) hi *= 2;
      for (;;) {
        const double mid = 0.5 * (lo + hi);
        if (mid <= lo || mid >= hi) return b_ * hi;
        (gamma_p(a_, mid) < p ? lo : hi) = mid;
      }
    }
  }
  return 0;
}

double Distribution::cdf(double x) const {
  switch (kind_) {
    case DistributionKind::constant: return x < a_ ? 0 : 1;
    case DistributionKind::uniform:
      if (x < a_) return 0;
      if (x >= b_) return 1;
      return (x - a_) / (b_ - a_);
    case DistributionKind::triangular:
      if (x <= a_) return 0;
      if (x >= c_) return 1;
      if (x <= b_) return (x - a_) * (x - a_) / ((c_ - a_) * (b_ - a_));
      return 1 - (c_ - x) * (c_ - x) / ((c_ - a_) * (c_ - b_));
    case DistributionKind::exponential: return x <= 0 ? 0 : -std::expm1(-x / a_);
    case DistributionKind::lognormal: return x <= 0 ? 0 : normal_cdf((std::log(x) - a_) / b_);
    case DistributionKind::gamma: return x <= 0 ? 0 : gamma_p(a_, x / b_);
    case DistributionKind::weibull: return x <= 0 ? 0 : -std::expm1(-std::pow(x / b_, a_));
    case DistributionKind::empirical:
      return static_cast<double>(std::upper_bound(values_.begin(), values_.end(), x) - values_.begin()) /
             static_cast<double>(values_.size());
  }
  return 0;
}

std::vector<std::pair<std::string, double>> Distribution::parameters() const {
  switch (kind_) {
    case DistributionKind::constant: return {{"value", a_}};
    case DistributionKind::uniform: return {{"low", a_}, {"high", b_}};
    case DistributionKind::triangular: return {{"low", a_}, {"mode", b_}, {"high", c_}};
    case DistributionKind::exponential: return {{"mean", a_}};
    // In the scenario's own terms (SI values), whichever way the lognormal was given.
    case DistributionKind::lognormal: return {{"median", std::exp(a_)}, {"p90", std::exp(a_ + kZ90 * b_)}};
    case DistributionKind::gamma:
    case DistributionKind::weibull: return {{"shape", a_}, {"scale", b_}};
    case DistributionKind::empirical: return {{"n", static_cast<double>(values_.size())}};
  }
  return {};
}

double normal_quantile(double p) {
  if (std::isnan(p) || p < 0 || p > 1) return std::numeric_limits<double>::quiet_NaN();
  if (p == 0) return -std::numeric_limits<double>::infinity();
  if (p == 1) return std::numeric_limits<double>::infinity();
  // Wichura (1988), Algorithm AS 241 (PPND16).
  const double q = p - 0.5;
  if (std::fabs(q) <= 0.425) {
    const double r = 0.180625 - q * q;
    return q *
           (((((((r * 2509.0809287301226727 + 33430.575583588128105) * r + 67265.770927008700853) * r +
                45921.953931549871457) * r + 13731.693765509461125) * r + 1971.5909503065514427) * r +
             133.14166789178437745) * r + 3.387132872796366608) /
           (((((((r * 5226.495278852545925 + 28729.085735721942674) * r + 39307.89580009271061) * r +
                21213.794301586595867) * r + 5394.1960214247511077) * r + 687.1870074920579083) * r +
             42.313330701600911252) * r + 1.0);
  }
  double r = std::sqrt(-std::log(q < 0 ? p : 1 - p));
  double val;
  if (r <= 5) {
    r -= 1.6;
    val = (((((((r * 7.7454501427834140764e-4 + 0.0227238449892691845833) * r + 0.24178072517745061177) * r +
               1.27045825245236838258) * r + 3.64784832476320460504) * r + 5.7694972214606914055) * r +
            4.6303378461565452959) * r + 1.42343711074968357734) /
          (((((((r * 1.05075007164441684324e-9 + 5.475938084995344946e-4) * r + 0.0151986665636164571966) * r +
               0.14810397642748007459) * r + 0.68976733498510000455) * r + 1.6763848301838038494) * r +
            2.05319162663775882187) * r + 1.0);
  } else {
    r -= 5;
    val = (((((((r * 2.01033439929228813265e-7 + 2.71155556874348757815e-5) * r + 0.0012426609473880784386) * r +
               0.026532189526576123093) * r + 0.29656057182850489123) * r + 1.7848265399172913358) * r +
            5.4637849111641143699) * r + 6.6579046435011037772) /
          (((((((r * 2.04426310338993978564e-15 + 1.4215117583164458887e-7) * r + 1.8463183175100546818e-5) * r +
               7.868691311456132591e-4) * r + 0.0148753612908506148525) * r + 0.13692988092273580531) * r +
            0.59983220655588793769) * r + 1.0);
  }
  return q < 0 ? -val : val;
}

double normal_cdf(double x) { return 0.5 * std::erfc(-x / std::sqrt(2.0)); }

double gamma_p(double a, double x) {
  if (!(a > 0)) throw std::invalid_argument("gamma_p: a (" + num(a) + ") must be greater than 0");
  if (std::isnan(x)) return x;
  if (x <= 0) return 0;
  if (std::isinf(x)) return 1;
  constexpr double eps = std::numeric_limits<double>::epsilon();
  const double log_prefactor = -x + a * std::log(x) - std::lgamma(a);
  if (x < a + 1) {
    // Series (Numerical Recipes gser): converges fast below the mode.
    double ap = a, term = 1 / a, sum = term;
    for (int n = 0; n < 100000 && std::fabs(term) > std::fabs(sum) * eps; ++n) {
      ap += 1;
      term *= x / ap;
      sum += term;
    }
    return sum * std::exp(log_prefactor);
  }
  // Continued fraction for Q by modified Lentz (Numerical Recipes gcf); P = 1 - Q is not small here.
  constexpr double tiny = std::numeric_limits<double>::min() / eps;
  double b = x + 1 - a, c = 1 / tiny, d = 1 / b, h = d;
  for (int i = 1; i < 100000; ++i) {
    const double an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (std::fabs(d) < tiny) d = tiny;
    c = b + an / c;
    if (std::fabs(c) < tiny) c = tiny;
    d = 1 / d;
    const double delta = d * c;
    h *= delta;
    if (std::fabs(delta - 1) <= eps) break;
  }
  return 1 - std::exp(log_prefactor) * h;
}

}  // namespace readysim
