#include "readysim/fire_curve.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace readysim {

FireCurve FireCurve::of(const FireHazard& fire, const Occupancy& occ, bool confined) {
  if (confined)
    return make(occ.growth_w_per_s2, std::min(fire.confined.peak_w, occ.peak_w),
                std::min(fire.confined.fire_load_mj * 1e6, occ.fire_load_j()));
  return make(occ.growth_w_per_s2, occ.peak_w, occ.fire_load_j());
}

FireCurve FireCurve::make(double alpha, double peak, double load) {
  FireCurve c;
  c.alpha_w_per_s2 = alpha;
  if (!(alpha > 0) || !(peak > 0) || !(load > 0)) return c;  // no fire: 0 throughout
  const double to_peak = std::sqrt(peak / alpha);
  const double growth_energy = alpha * to_peak * to_peak * to_peak / 3.0;
  const double decay_from = 0.7 * load;
  if (growth_energy >= decay_from) {
    // Fuel-limited before the peak: α t³ / 3 = 0.7 E.
    c.decay_start_s = std::cbrt(3.0 * decay_from / alpha);
    c.growth_end_s = c.decay_start_s;
    c.peak_w = alpha * c.decay_start_s * c.decay_start_s;
  } else {
    c.growth_end_s = to_peak;
    c.peak_w = peak;
    c.decay_start_s = to_peak + (decay_from - growth_energy) / peak;
  }
  c.decay_s = 2.0 * (load - decay_from) / c.peak_w;  // the last 30 % burns as a triangle
  return c;
}

double FireCurve::heat_release_w(double t) const {
  if (!(t > 0) || !(peak_w > 0)) return 0.0;
  if (t < growth_end_s) return std::min(peak_w, alpha_w_per_s2 * t * t);
  if (t < decay_start_s) return peak_w;
  if (t < decay_start_s + decay_s) return peak_w * (1.0 - (t - decay_start_s) / decay_s);
  return 0.0;
}

std::optional<double> FireCurve::time_to_w(double q) const {
  if (!(q <= peak_w) || !(peak_w > 0)) return std::nullopt;
  if (q <= 0) return 0.0;
  return std::min(growth_end_s, std::sqrt(q / alpha_w_per_s2));
}

}  // namespace readysim
