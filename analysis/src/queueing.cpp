// Erlang B and C, the analytic answers the validation scenarios are checked against.
#include <stdexcept>
#include <string>

#include "readysim/stats.hpp"

namespace readysim::stats {

double erlang_b(int servers, double offered_load) {
  if (servers < 0 || !(offered_load >= 0))
    throw std::invalid_argument("erlang_b: need servers >= 0 and offered_load >= 0");
  // The recursion stays in [0, 1]; the textbook ratio of sums overflows past ~170 servers.
  double b = 1;
  for (int k = 1; k <= servers; ++k) b = offered_load * b / (k + offered_load * b);
  return b;
}

double erlang_c(int servers, double offered_load) {
  if (!(offered_load < servers))
    throw std::invalid_argument("erlang_c: offered load " + std::to_string(offered_load) + " must be below " +
                                std::to_string(servers) + " servers (otherwise the queue grows without bound)");
  const double b = erlang_b(servers, offered_load);
  return servers * b / (servers - offered_load * (1 - b));
}

double mmc_mean_wait(int servers, double arrival_rate, double service_rate) {
  if (!(service_rate > 0)) throw std::invalid_argument("mmc_mean_wait: service_rate must be > 0");
  return erlang_c(servers, arrival_rate / service_rate) / (servers * service_rate - arrival_rate);
}

}  // namespace readysim::stats
