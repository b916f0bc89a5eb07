// Batch sizes for sequential stopping.
#include "readysim/sequential.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace readysim::stats {

std::int64_t next_batch(std::int64_t done, std::span<const double> reached, std::span<const double> wanted,
                        std::int64_t cap, std::int64_t min_batch) {
  if (reached.size() != wanted.size()) throw std::invalid_argument("next_batch: reached and wanted differ in length");
  if (done >= cap) return 0;
  double need = static_cast<double>(done);
  bool all_met = true;
  for (std::size_t i = 0; i < reached.size(); ++i) {
    if (!(wanted[i] > 0)) throw std::invalid_argument("next_batch: a wanted half-width must be > 0");
    if (reached[i] <= wanted[i]) continue;
    all_met = false;
    const double ratio = reached[i] / wanted[i];
    need = std::max(need, std::isfinite(ratio) ? 1.1 * static_cast<double>(done) * ratio * ratio
                                               : 4.0 * static_cast<double>(std::max<std::int64_t>(done, 1)));
  }
  if (all_met) return 0;
  const double most = 4.0 * static_cast<double>(std::max<std::int64_t>(done, 1));
  const auto total = static_cast<std::int64_t>(std::ceil(std::min(need, most)));
  const std::int64_t batch = std::max(total - done, std::max<std::int64_t>(1, min_batch));
  return std::min(batch, cap - done);
}

}  // namespace readysim::stats
