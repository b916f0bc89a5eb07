// The fire-response kernel against queueing theory: with no travel and no delays, calls and
// engines form an M/M/c queue (Erlang C) or, with overflow to mutual aid, an M/M/c/c loss
// system (Erlang B). Agreement is checked against the 99 % confidence interval of the estimate,
// clustered by replication (fires of one replication are not independent).
#include <catch2/catch.hpp>

#include <cmath>

#include "readysim/run.hpp"
#include "readysim/stats.hpp"

using namespace readysim;

namespace {
const std::string kDir = std::string(READYSIM_SOURCE_DIR) + "/scenarios/validation/";
constexpr double kHour = 3600.0;
constexpr double kWarmUp = 50 * kHour;  // the queue starts empty; drop the first 50 h

// Per-replication sums and counts of `value(fire)` over fires after the warm-up.
template <class F>
stats::MeanCI clustered_mean(const RunOutput& run, F value) {
  std::vector<double> sums, counts;
  for (const auto& rep : run.replications) {
    double sum = 0, count = 0;
    for (const auto& f : rep.fires)
      if (f.alarm_s >= kWarmUp) {
        sum += value(f);
        count += 1;
      }
    sums.push_back(sum);
    counts.push_back(count);
  }
  return stats::ratio_mean_ci(sums, counts, 0.99);
}
// The scenario's own replications and seed, on two workers.
RunOutput run_as_written(const std::string& file) {
  const Scenario s = load_scenario(kDir + file);
  RunOptions opt;
  opt.replications = s.run.replications;
  opt.seed = s.run.seed;
  opt.jobs = 2;
  return run_replications(s, opt);
}
}  // namespace

TEST_CASE("queue validation: M/M/3 waits agree with Erlang C", "[fire][validation]") {
  const RunOutput run = run_as_written("mmc.yaml");
  const double lambda = 2.4 / kHour, mu = 1.0 / kHour;
  const auto p_wait = clustered_mean(run, [](const FireRecord& f) { return f.queue_wait_s > 0 ? 1.0 : 0.0; });
  const auto wait = clustered_mean(run, [](const FireRecord& f) { return f.queue_wait_s; });
  INFO("P(wait) " << p_wait.mean << " in [" << p_wait.low << ", " << p_wait.high << "], Erlang C "
                  << stats::erlang_c(3, 2.4));
  INFO("mean wait " << wait.mean / kHour << " h in [" << wait.low / kHour << ", " << wait.high / kHour
                    << "], theory " << stats::mmc_mean_wait(3, lambda, mu) / kHour);
  CHECK(p_wait.n > 100000);
  CHECK(p_wait.low <= stats::erlang_c(3, 2.4));
  CHECK(stats::erlang_c(3, 2.4) <= p_wait.high);
  CHECK(wait.low <= stats::mmc_mean_wait(3, lambda, mu));
  CHECK(stats::mmc_mean_wait(3, lambda, mu) <= wait.high);
  // The interval is tight enough to mean something: a 10 % error in the wait would be caught.
  CHECK(wait.half_width < 0.1 * stats::mmc_mean_wait(3, lambda, mu));
}

TEST_CASE("queue validation: the share sent to mutual aid agrees with Erlang B", "[fire][validation]") {
  const RunOutput run = run_as_written("mmc_loss.yaml");
  const auto blocked = clustered_mean(run, [](const FireRecord& f) { return f.mutual_aid ? 1.0 : 0.0; });
  const auto waited = clustered_mean(run, [](const FireRecord& f) { return f.queue_wait_s; });
  INFO("blocked " << blocked.mean << " in [" << blocked.low << ", " << blocked.high << "], Erlang B "
                  << stats::erlang_b(3, 2.4));
  CHECK(blocked.low <= stats::erlang_b(3, 2.4));
  CHECK(stats::erlang_b(3, 2.4) <= blocked.high);
  // The interval is as tight as the data allow. With n independent calls the 99 % half-width
  // would be z·√(B(1 − B)/n). Successive calls' "blocked" flags are correlated through the number
  // of engines busy, whose autocorrelation decays at least as fast as e^(−μt) (the M/M/c/c
  // chain's spectral gap is at least μ, as for M/M/∞); calls k apart are a Gamma(k, λ) time apart,
  // so ρ_k ≤ E e^(−μ·Gamma(k, λ)) = (λ/(λ + μ))^k and the variance grows by at most
  // 1 + 2 Σ ρ_k = 1 + 2λ/μ = 5.8. With t₀.₉₉₅ on R − 1 degrees of freedom for z and three
  // standard errors of a standard deviation estimated from R replications (1 + 3/√(2(R − 1))):
  const double b = stats::erlang_b(3, 2.4), reps = static_cast<double>(run.replications.size());
  const double tight = stats::student_t_quantile(0.995, reps - 1) *
                       std::sqrt(b * (1 - b) / static_cast<double>(blocked.n)) * std::sqrt(1 + 2 * 2.4) *
                       (1 + 3 / std::sqrt(2 * (reps - 1)));
  INFO("half-width " << blocked.half_width << ", at most " << tight << " (n = " << blocked.n << ")");
  CHECK(blocked.half_width < tight);
  CHECK(waited.mean == 0.0);  // a loss system: nobody queues (exactly: waits are differences within a slot)
}
