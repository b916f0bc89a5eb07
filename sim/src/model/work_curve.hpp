#pragma once
// Work done by people who join one by one and then keep going at a fixed rate each:
// W(t) = rate · Σ_i max(0, t − a_i). Used for door-to-door warning (households) and levee
// sandbagging (metres); exact, no time stepping.

#include <algorithm>
#include <cstddef>
#include <limits>
#include <vector>

namespace readysim {

/// The cumulative work of a crew whose members arrive at given times.
class WorkCurve {
 public:
  /// `arrivals` in any order; `rate_per_person` units of work per second each.
  WorkCurve(std::vector<double> arrivals, double rate_per_person) : a_(std::move(arrivals)), rate_(rate_per_person) {
    std::sort(a_.begin(), a_.end());
  }

  /// Work done by time t.
  [[nodiscard]] double at(double t) const {
    double w = 0;
    for (double a : a_)
      if (t > a) w += rate_ * (t - a);
    return w;
  }

  /// First time the work reaches `w` (> 0); infinity when nobody works.
  [[nodiscard]] double time_of(double w) const {
    double done = 0;  // work at a_[k]
    for (std::size_t k = 0; k < a_.size(); ++k) {
      const double people = static_cast<double>(k + 1);
      const double next = k + 1 < a_.size() ? a_[k + 1] : std::numeric_limits<double>::infinity();
      const double reach = a_[k] + (w - done) / (people * rate_);
      if (reach <= next) return reach;
      done += people * rate_ * (next - a_[k]);
    }
    return std::numeric_limits<double>::infinity();
  }

 private:
  std::vector<double> a_;
  double rate_;
};

}  // namespace readysim
