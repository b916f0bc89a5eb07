// compare -o: the results file of a comparison, for `readysim report`: /compare (each metric's
// means, paired difference B − A with its interval) and /meta (both scenarios, seed, replications).
#include "compare_results.hpp"

#include <cmath>

#include "readysim/metrics.hpp"
#include "readysim/version.hpp"

namespace readysim::cli {

ResultSet compare_result_set(const CompareFile& c) {
  ResultSet rs;
  rs.meta_text = {{"scenario_path", c.a_description},
                  {"scenario_b_path", c.b_description},
                  {"effective_scenario", effective_scenario_yaml(c.a)},
                  {"effective_scenario_b", effective_scenario_yaml(c.b)},
                  {"version", kVersion},
                  {"git_hash", kGitHash}};
  rs.meta_int = {{"seed", static_cast<std::int64_t>(c.seed)}, {"replications", c.replications}};
  Table& t = rs.add_table("compare");
  auto& metric = t.add_strings("metric");
  auto& unit = t.add_strings("unit");
  t.find("unit")->description = "unit of the values (s, people; 1 for shares)";
  auto& a = t.add_doubles("a");
  auto& b = t.add_doubles("b");
  auto& diff = t.add_doubles("difference");
  auto& low = t.add_doubles("low");
  auto& high = t.add_doubles("high");
  auto& half = t.add_doubles("half_width");
  auto& unpaired = t.add_doubles("unpaired_half_width");
  auto& confidence = t.add_doubles("confidence");
  for (std::size_t k = 0; k < c.metrics.size(); ++k) {
    if (c.samples_a[k].size() == 0 && c.samples_b[k].size() == 0) continue;
    const auto d = stats::paired_difference(c.samples_a[k], c.samples_b[k], stats::Statistic{}, c.confidence);
    metric.push_back(c.metrics[k].name), unit.push_back(c.metrics[k].unit);
    a.push_back(d.a.value), b.push_back(d.b.value), diff.push_back(d.difference);
    low.push_back(d.low), high.push_back(d.high), half.push_back(d.half_width);
    unpaired.push_back(d.unpaired_half_width), confidence.push_back(c.confidence);
  }
  const std::pair<const char*, const char*> described[] = {
      {"metric", "metric name (fire.response_time, …)"},
      {"a", "mean of A, in the metric's unit"},
      {"b", "mean of B, in the metric's unit"},
      {"difference", "B − A, paired over the same replications (common random numbers)"},
      {"low", "lower bound of the paired interval of B − A"},
      {"high", "upper bound of the paired interval of B − A"},
      {"half_width", "half-width of the paired interval"},
      {"unpaired_half_width", "half-width two independent runs of as many replications would give"},
      {"confidence", "confidence of the intervals"}};
  for (const auto& [name, text] : described) t.find(name)->description = text;
  return rs;
}

}  // namespace readysim::cli
