// Per-replication metrics, the quantile pick, and each metric's worst moment.
#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <map>

#include "drill_internal.hpp"
#include "readysim/error.hpp"
#include "readysim/suggest.hpp"

namespace readysim::drill {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

std::vector<std::string> metric_names() {
  std::vector<std::string> out;
  for (const auto& m : replication_metrics()) out.push_back(m.name);
  return out;
}


// A fire's value for a fire.* metric base name; nullopt when the fire does not count (the
// district's queue and crew waits mean nothing for a fire served by outside help).
std::optional<double> fire_value(std::string_view base, const FireRecord& f) {
  if (base == "fire.response_time") return f.unreached ? kInf : f.engine_arrival_s - f.alarm_s;
  if (base == "fire.first_response_time")
    return f.first_arrival_s == kNever ? kInf : f.first_arrival_s - f.alarm_s;
  if (f.mutual_aid) return std::nullopt;
  if (base == "fire.queue_wait") return f.queue_wait_s;
  return f.crew_wait_s;
}

bool is_fire_time_metric(std::string_view base) {
  return base == "fire.response_time" || base == "fire.first_response_time" || base == "fire.queue_wait" ||
         base == "fire.crew_wait";
}

std::string_view base_of(std::string_view metric) {
  return metric.ends_with(".mean") ? metric.substr(0, metric.size() - 5) : metric;
}

std::optional<double> value_of(const Scenario& s, std::string_view metric, const ReplicationRecords& rep) {
  const std::string_view base = base_of(metric);
  if (is_fire_time_metric(base)) {
    double worst = -kInf, sum = 0;
    std::size_t n = 0;
    for (const FireRecord& f : rep.fires)
      if (const auto v = fire_value(base, f)) {
        worst = std::max(worst, *v);
        sum += *v;
        ++n;
      }
    if (n == 0) return std::nullopt;
    return metric.ends_with(".mean") ? sum / static_cast<double>(n) : worst;
  }
  if (metric == "fire.fires") return static_cast<double>(rep.fires.size());
  if (metric == "fire.flashovers") {
    double n = 0;
    for (const FireRecord& f : rep.fires) n += f.flashover_before_arrival ? 1 : 0;
    return n;
  }
  // Without a flood the records hold a breach and a warning at 0: ask the scenario.
  if (!s.hazards.flood.enabled) return std::nullopt;
  if (metric == "evac.clearance_time") {
    // As the run's summary: the last one safe (in a shelter that did not flood with them inside);
    // when some are still waiting for the transport or on the way at the horizon, horizon − warning.
    double last = -1;
    bool censored = false;
    for (const CohortRecord& c : rep.cohorts) {
      censored = censored || c.censored;
      if (!c.stranded && c.safe_s != kNever) last = std::max(last, c.safe_s);
    }
    if (rep.warning_s == kNever) return std::nullopt;
    if (censored && rep.horizon_s != kNever) return rep.horizon_s - rep.warning_s;
    if (last < 0) return std::nullopt;
    return last - rep.warning_s;
  }
  if (metric == "evac.stranded" || metric == "evac.safe_before_inundation") {
    double stranded = 0, at_risk = 0, safe = 0;
    for (const CohortRecord& c : rep.cohorts) {
      if (c.stranded) stranded += c.people;
      if (c.home_flooded_s != kNever) {
        at_risk += c.people;
        if (!c.stranded && c.safe_s < c.home_flooded_s) safe += c.people;  // a flooded shelter is not safe
      }
    }
    if (metric == "evac.stranded") return stranded;
    if (at_risk <= 0) return std::nullopt;
    return safe / at_risk;
  }
  if (metric == "evac.warning_time") {
    if (rep.household_warning_s.empty()) return std::nullopt;
    return static_cast<double>(*std::max_element(rep.household_warning_s.begin(), rep.household_warning_s.end()));
  }
  if (rep.shelters.empty()) return std::nullopt;
  double v = 0;
  for (const ShelterRecord& sh : rep.shelters)
    v = metric == "shelter.peak_occupancy" ? std::max(v, sh.peak_occupancy) : v + sh.turned_away;
  return v;
}

}  // namespace

const std::vector<ReplicationMetric>& replication_metrics() {
  static const std::vector<ReplicationMetric> list{
      {"evac.clearance_time", "s", "warning to the last group in a shelter"},
      {"evac.stranded", "people", "people stranded (at home when it flooded, or cut off on the way)"},
      {"evac.safe_before_inundation", "1", "share of the people whose homes flooded who were safe first"},
      {"evac.warning_time", "s", "warning issued to the last household warned"},
      {"shelter.peak_occupancy", "people", "the fullest shelter's peak"},
      {"shelter.turned_away", "groups", "groups turned away from a full nearest shelter"},
      {"fire.response_time", "s", "the worst fire: alarm to an engine on scene (never reached: infinite)"},
      {"fire.response_time.mean", "s", "mean over the fires: alarm to an engine on scene"},
      {"fire.first_response_time", "s", "the worst fire: alarm to the first unit of any kind on scene"},
      {"fire.first_response_time.mean", "s", "mean over the fires: alarm to the first unit on scene"},
      {"fire.queue_wait", "s", "the longest wait for a free engine"},
      {"fire.queue_wait.mean", "s", "mean wait for a free engine"},
      {"fire.crew_wait", "s", "the longest wait for called-back crew"},
      {"fire.crew_wait.mean", "s", "mean wait for called-back crew"},
      {"fire.fires", "fires", "fires in the replication"},
      {"fire.flashovers", "fires", "fires that flashed over before help arrived"},
  };
  return list;
}

double parse_quantile(std::string_view text) {
  const auto bad = [&] {
    return UsageError(fmt::format("quantile '{}': write pNN (p90, p99.5), median, min, max, or a share in [0, 1]",
                                  text));
  };
  if (text == "median") return 0.5;
  if (text == "min") return 0.0;
  if (text == "max") return 1.0;
  std::string_view digits = text;
  double scale = 1.0;
  if (!digits.empty() && (digits.front() == 'p' || digits.front() == 'P')) {
    digits.remove_prefix(1);
    scale = 100.0;
  }
  double v = 0;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), v);
  if (digits.empty() || ec != std::errc() || end != digits.data() + digits.size()) throw bad();
  v /= scale;
  if (!(v >= 0.0 && v <= 1.0)) throw bad();
  return v;
}

Selection parse_selection(std::string_view text) {
  const auto colon = text.rfind(':');
  if (colon == std::string_view::npos)
    throw UsageError(fmt::format("--select {}: write METRIC:QUANTILE, e.g. evac.clearance_time:p90", text));
  Selection sel;
  sel.metric = std::string(text.substr(0, colon));
  sel.quantile_text = std::string(text.substr(colon + 1));
  const auto names = metric_names();
  if (std::find(names.begin(), names.end(), sel.metric) == names.end())
    throw UsageError(fmt::format("--select {}: unknown metric '{}'{}; known: {}", text, sel.metric,
                                 did_you_mean(sel.metric, names), fmt::join(names, ", ")));
  try {
    sel.quantile = parse_quantile(sel.quantile_text);
  } catch (const UsageError& e) {
    throw UsageError(fmt::format("--select {}: {}", text, e.what()));
  }
  return sel;
}

std::vector<std::optional<double>> replication_values(const Scenario& s, const RunOutput& run,
                                                      std::string_view metric) {
  const auto names = metric_names();
  if (std::find(names.begin(), names.end(), metric) == names.end())
    throw UsageError(fmt::format("unknown metric '{}'{}", metric, did_you_mean(metric, names)));
  std::vector<std::optional<double>> out;
  for (const auto& rep : run.replications) out.push_back(value_of(s, metric, rep));
  return out;
}

std::size_t quantile_rank(std::size_t n, double q) {
  const double h = static_cast<double>(n - 1) * q;
  return std::min(n - 1, static_cast<std::size_t>(std::floor(h + 0.5)));
}

Pick pick(const Scenario& s, const RunOutput& run, const Selection& selection) {
  Pick p;
  p.selection = selection;
  const auto reps = static_cast<std::int64_t>(run.replications.size());
  if (selection.metric.empty()) {
    if (selection.replication < 0 || selection.replication >= reps)
      throw UsageError(fmt::format("--replication {}: the run has replications 0 to {} (-n sets how many)",
                                   selection.replication, reps - 1));
    p.replication = selection.replication;
    p.value = detail::kNaN;
    p.ranked = static_cast<std::size_t>(reps);
    p.rank = static_cast<std::size_t>(selection.replication);
    return p;
  }
  const auto values = replication_values(s, run, selection.metric);
  std::vector<std::pair<double, std::int64_t>> ranked;
  for (std::int64_t r = 0; r < reps; ++r)
    if (values[static_cast<std::size_t>(r)]) ranked.emplace_back(*values[static_cast<std::size_t>(r)], r);
  if (ranked.empty()) {
    const bool evac = !selection.metric.starts_with("fire.");
    throw UsageError(fmt::format("{} has no value in any of the {} replications ({}); pick another metric",
                                 selection.metric, reps,
                                 evac ? (s.hazards.flood.enabled ? "no warning or no one reached a shelter"
                                                                 : "the scenario has no flood")
                                      : "no fires"));
  }
  std::sort(ranked.begin(), ranked.end());  // by value, ties by replication index
  p.ranked = ranked.size();
  p.rank = quantile_rank(ranked.size(), selection.quantile);
  p.replication = ranked[p.rank].second;
  p.value = ranked[p.rank].first;
  return p;
}

namespace detail {

Moment worst_moment(const Scenario&, const ReplicationRecords& rep, std::string_view metric) {
  const std::string_view base = base_of(metric);
  if (metric.empty() || base.starts_with("fire.")) {
    // The fire that gives the replication its value; for counts, the slowest to get an engine.
    const std::string_view by = is_fire_time_metric(base) ? base : std::string_view("fire.response_time");
    const FireRecord* worst = nullptr;
    double worst_v = -kInf;
    for (const FireRecord& f : rep.fires) {
      if (metric == "fire.flashovers" && !f.flashover_before_arrival) continue;
      const auto v = fire_value(by, f);
      if (v && *v > worst_v) {
        worst = &f;
        worst_v = *v;
      }
    }
    if (metric.empty() || !worst) {
      Moment m{"fires", rep.fires.empty() ? kNaN : rep.fires.front().alarm_s};
      if (worst) m.t = worst->alarm_s;
      return m;
    }
    return {fmt::format("fire:{}:{}", rep.replication, worst->id), worst->alarm_s};
  }
  if (base.starts_with("shelter.")) {
    std::size_t best = 0;
    for (std::size_t k = 1; k < rep.shelters.size(); ++k) {
      const auto& a = rep.shelters[k];
      const auto& b = rep.shelters[best];
      if (metric == "shelter.peak_occupancy" ? a.peak_occupancy > b.peak_occupancy : a.turned_away > b.turned_away)
        best = k;
    }
    return {fmt::format("shelter:{}", best), rep.warning_s};
  }
  // Evacuation: the settlement the value comes from.
  const CohortRecord* pickc = nullptr;
  std::map<std::int32_t, double> stranded;
  for (const CohortRecord& c : rep.cohorts) {
    if (c.stranded) stranded[c.settlement] += c.people;
    if (metric == "evac.clearance_time" && !c.stranded && c.safe_s != kNever && (!pickc || c.safe_s > pickc->safe_s))
      pickc = &c;
    if (metric == "evac.warning_time" && c.warned_s != kNever && (!pickc || c.warned_s > pickc->warned_s)) pickc = &c;
  }
  // The last group to safety closes its community's evacuation: that community is the moment.
  if (pickc && metric == "evac.clearance_time") return {fmt::format("community:{}", pickc->community), pickc->safe_s};
  if (pickc) return {fmt::format("settlement:{}", pickc->settlement), pickc->safe_s};
  std::int32_t most = -1;
  for (const auto& [settlement, people] : stranded)
    if (most < 0 || people > stranded[most]) most = settlement;
  if (most < 0 && !rep.cohorts.empty()) most = rep.cohorts.front().settlement;
  return {fmt::format("settlement:{}", std::max(most, 0)), rep.breach_s};
}

std::string format_metric(const Catalog& cat, std::string_view metric, double value) {
  if (!std::isfinite(value)) return cat.text("labels.never");
  const auto& list = replication_metrics();
  const auto it = std::find_if(list.begin(), list.end(), [&](const auto& m) { return m.name == metric; });
  const std::string unit = it == list.end() ? "" : it->unit;
  if (unit == "s") return cat.duration(value);
  if (unit == "1") return cat.fill("labels.value_share", {{"v", fmt::format("{:.1f}", 100 * value)}});
  if (unit.empty()) return fmt::format("{:g}", value);
  return cat.fill("labels.value_" + unit, {{"v", fmt::format("{:.0f}", value)}});
}

}  // namespace detail
}  // namespace readysim::drill
