// Normal and Student t quantiles, and the regularised incomplete beta function behind the
// t distribution and the binomial tails of quantile_ci.
#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <stdexcept>
#include <string>
#include <utility>

#include "readysim/stats.hpp"
#include "special_functions.hpp"

namespace readysim::stats {
namespace {

constexpr double inf = std::numeric_limits<double>::infinity();

// lgamma(x) - Stirling's approximation, for x >= 10 (error < 1e-15 with these terms).
double stirling_remainder(double x) {
  const double x2 = 1.0 / (x * x);
  const double series = 1.0 / 1260 - x2 * (1.0 / 1680 - x2 * (1.0 / 1188 - x2 * 691.0 / 360360));
  return (1.0 / 12 - x2 * (1.0 / 360 - x2 * series)) / x;
}

// Modified Lentz evaluation of the continued fraction for I_x(a, b) (Numerical Recipes
// betacf); converges fast for x < (a + 1) / (a + b + 2), in O(sqrt(max(a, b))) terms at worst.
double beta_fraction(double a, double b, double x) {
  constexpr double tiny = 1e-300;
  auto guard = [](double v) { return std::fabs(v) < tiny ? tiny : v; };
  double c = 1.0;
  double d = 1.0 / guard(1.0 - (a + b) * x / (a + 1.0));
  double h = d;
  for (int i = 1; i <= 100000; ++i) {
    const double m = i;
    double aa = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m));
    d = 1.0 / guard(1.0 + aa * d);
    c = guard(1.0 + aa / c);
    h *= d * c;
    aa = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1));
    d = 1.0 / guard(1.0 + aa * d);
    c = guard(1.0 + aa / c);
    const double delta = d * c;
    h *= delta;
    if (std::fabs(delta - 1.0) < 1e-16) break;
  }
  return h;
}

}  // namespace

namespace detail {

double log_beta(double a, double b) {
  if (a < b) std::swap(a, b);
  // Large arguments: differences of lgamma values of size a·ln a would lose their low
  // digits (t with large dof, binomials over many values), so work with Stirling remainders.
  if (b >= 10)
    return 0.5 * std::log(2 * std::numbers::pi) + (a - 0.5) * std::log(a / (a + b)) +
           (b - 0.5) * std::log(b / (a + b)) - 0.5 * std::log(a + b) + stirling_remainder(a) +
           stirling_remainder(b) - stirling_remainder(a + b);
  if (a >= 10)
    return std::lgamma(b) - (a - 0.5) * std::log1p(b / a) - b * std::log(a + b) + b +
           stirling_remainder(a) - stirling_remainder(a + b);
  return std::lgamma(a) + std::lgamma(b) - std::lgamma(a + b);
}

double beta_inc(double a, double b, double x, double y) {
  if (x <= 0) return 0;
  if (y <= 0) return 1;
  // Logs from whichever of x, y = 1 - x is known to full relative precision.
  return beta_inc_log(a, b, x < 0.5 ? std::log(x) : std::log1p(-y), y < 0.5 ? std::log(y) : std::log1p(-x));
}

double beta_inc_log(double a, double b, double lx, double ly) {
  const double x = std::exp(lx), y = std::exp(ly);
  const double front = std::exp(a * lx + b * ly - log_beta(a, b));
  if (x < (a + 1) / (a + b + 2)) return front * beta_fraction(a, b, x) / a;
  return 1.0 - front * beta_fraction(b, a, y) / b;
}

}  // namespace detail

double normal_quantile(double p) {
  if (!(p >= 0 && p <= 1))
    throw std::invalid_argument("normal_quantile: p must be in [0, 1], got " + std::to_string(p));
  if (p > 0.5) return -normal_quantile(1.0 - p);  // 1 - p is exact here
  if (p == 0) return -inf;
  // Acklam's rational approximation (relative error 1.2e-9), then one Halley step.
  static constexpr double a[] = {-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
                                 1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00};
  static constexpr double b[] = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
                                 6.680131188771972e+01, -1.328068155288572e+01};
  static constexpr double c[] = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
                                 -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00};
  static constexpr double d[] = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
                                 3.754408661907416e+00};
  double x;
  if (p < 0.02425) {
    const double q = std::sqrt(-2 * std::log(p));
    x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
        ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  } else {
    const double q = p - 0.5;
    const double r = q * q;
    x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
        (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
  }
  // Near the centre p - 1/2 is exact and erf keeps the relative precision that erfc loses.
  const double e = p < 0.25 ? 0.5 * std::erfc(-x / std::numbers::sqrt2) - p
                            : 0.5 * std::erf(x / std::numbers::sqrt2) - (p - 0.5);
  const double u = e * std::sqrt(2 * std::numbers::pi) * std::exp(x * x / 2);
  if (!std::isfinite(u)) return x;  // p below ~1e-300: the density underflows; keep Acklam's 1e-9
  return x - u / (1 + x * u / 2);
}

double student_t_quantile(double p, double dof) {
  if (!(p >= 0 && p <= 1))
    throw std::invalid_argument("student_t_quantile: p must be in [0, 1], got " + std::to_string(p));
  if (!(dof > 0)) throw std::invalid_argument("student_t_quantile: dof must be > 0, got " + std::to_string(dof));
  if (p == 0.5) return 0;
  const double sign = p < 0.5 ? -1 : 1;
  const double q = p < 0.5 ? p : 1 - p;  // one-sided tail, exact
  if (q == 0) return sign * inf;
  const double z = -normal_quantile(q);
  if (dof >= 1e5) {
    // Cornish–Fisher (Abramowitz & Stegun 26.7.5): the continued fraction below loses
    // about dof·1e-16 of relative accuracy in the tails, while the next term of this
    // series is below 1e-15 there for |z| < 10.
    const double z2 = z * z;
    const double g1 = (z2 + 1) * z / 4;
    const double g2 = ((5 * z2 + 16) * z2 + 3) * z / 96;
    const double g3 = (((3 * z2 + 19) * z2 + 17) * z2 - 15) * z / 384;
    const double g4 = ((((79 * z2 + 776) * z2 + 1482) * z2 - 1920) * z2 - 945) * z / 92160;
    return sign * (z + (g1 + (g2 + (g3 + g4 / dof) / dof) / dof) / dof);
  }
  // Solve in s = t / sqrt(dof), where P(|T| > t) = I_x(dof/2, 1/2) with x = 1 / (1 + s²).
  // Far tails: match the one-sided tail I_x / 2 = q; near the centre match
  // P(|T| <= t) = I_y(1/2, dof/2) = 1 - 2q (exact for q > 1/4), so neither loses digits
  // to cancellation. Both are close to linear in ln s (power-law or Gaussian tails), so
  // Newton in ln s converges in a few steps; a bracket catches any stray step.
  const double a = dof / 2;
  const bool centre = q > 0.25;
  const double target = centre ? 1 - 2 * q : q;
  const double lb = detail::log_beta(a, 0.5);
  auto residual = [&](double s, double& slope) {
    // ln x and ln y for x = 1 / (1 + s²), y = 1 - x, accurate and without overflow for any s.
    const double l1s2 = s < 1 ? std::log1p(s * s) : 2 * std::log(s) + std::log1p(1 / s / s);
    const double lx = -l1s2, ly = s < 1 ? 2 * std::log(s) - l1s2 : -std::log1p(1 / s / s);
    const double g = centre ? detail::beta_inc_log(0.5, a, ly, lx) : 0.5 * detail::beta_inc_log(a, 0.5, lx, ly);
    // s times the density of S = T / sqrt(dof) at s, over g: d ln g / d ln s up to sign.
    const double s_density = std::exp(std::log(s) - (dof + 1) / 2 * l1s2 - lb);
    slope = centre ? 2 * s_density / g : -s_density / g;
    return std::log(g) - std::log(target);
  };
  // Newton on u = ln s within a bracket that spans every positive double.
  double slope = 0;
  double lo = -690, hi = 709;  // s from 1e-300 to 8e307
  if (!centre && residual(std::exp(hi), slope) > 0) return sign * inf;  // t beyond the doubles
  double u = std::clamp(std::log((z + (z * z * z + z) / (4 * dof)) / std::sqrt(dof)), lo, hi);
  for (int i = 0; i < 200; ++i) {
    const double r = residual(std::exp(u), slope);
    if (r == 0) break;
    ((r < 0) == centre ? lo : hi) = u;  // the centre residual rises with s, the tail one falls
    double next = u - r / slope;
    if (!(next > lo && next < hi)) next = (lo + hi) / 2;
    const bool done = std::fabs(next - u) <= 1e-14 || hi - lo <= 1e-15;
    u = next;
    if (done) break;
  }
  return sign * std::exp(u) * std::sqrt(dof);
}

}  // namespace readysim::stats
