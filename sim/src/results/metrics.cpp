// The run's metrics as clustered samples: per fire, per household, per shelter or per flood,
// grouped by replication.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <optional>

#include "readysim/error.hpp"
#include "readysim/flood.hpp"
#include "readysim/logistics.hpp"
#include "readysim/metrics.hpp"
#include "readysim/suggest.hpp"

namespace readysim {

namespace {

// How each metric reads a replication: the one definition, used by summarize_run for /summary
// and by sequential runs, comparisons and sizing studies.
using Reader = std::function<void(const ReplicationRecords&, std::vector<double>&, double warm_up_s)>;

template <class Value, class Applies>
void per_fire(const ReplicationRecords& rep, std::vector<double>& out, double warm_up_s, Value value, Applies applies) {
  for (const FireRecord& f : rep.fires)
    if (f.alarm_s >= warm_up_s && applies(f)) out.push_back(value(f));
}

// Alarm to `t`: with no travel and no delays (the queueing validations) the two times are one
// instant written apart by rounding, a microsecond either way; never below 0.
double since_alarm(double t, const FireRecord& f) { return std::max(0.0, t - f.alarm_s); }

bool reached(const FireRecord& f) { return !f.unreached; }
bool own_engine(const FireRecord& f) { return !f.unreached && !f.mutual_aid; }
// Fires an engine of the district was sent to (reached or not): one crew request each.
bool own_engine_sent(const FireRecord& f) { return !f.mutual_aid && f.engine_unit >= 0; }

// fire.crew_wait and staff.engine_crew.wait: one definition (FireRecord::crew_wait_s, which is
// also the engine crew request's wait), one reader, so one number.
void crew_wait(const ReplicationRecords& r, std::vector<double>& o, double w) {
  per_fire(r, o, w, [](const FireRecord& f) { return f.crew_wait_s; }, own_engine_sent);
}
bool flooded(const ReplicationRecords& rep) { return rep.breach_s != kNever || !rep.cohorts.empty(); }

// Whose clearance: everyone, those who left by themselves (car, walk), or the assisted.
enum class Who { everyone, self, assisted };

bool among(const CohortRecord& c, Who who) {
  return who == Who::everyone || (who == Who::assisted) == (c.mode == TravelMode::assisted);
}

// A flood's clearance: warning to the last of them safe (not stranded). When some of them are
// still waiting for the transport or on the way at the horizon, it is cut there: horizon −
// warning, a lower bound (censored). nullopt when nobody of them reached safety and none is
// censored.
struct Clearance {
  double value;
  bool censored;
};
std::optional<Clearance> clearance(const ReplicationRecords& r, Who who) {
  if (!flooded(r) || r.warning_s == kNever) return std::nullopt;
  double last = -1;
  bool censored = false;
  for (const CohortRecord& c : r.cohorts) {
    if (!among(c, who)) continue;
    censored = censored || c.censored;
    if (!c.stranded && c.safe_s != kNever) last = std::max(last, c.safe_s);
  }
  if (censored && r.horizon_s != kNever) return Clearance{r.horizon_s - r.warning_s, true};
  if (last >= 0) return Clearance{last - r.warning_s, false};
  return std::nullopt;
}

void push(std::vector<double>& o, const std::optional<Clearance>& c) {
  if (c) o.push_back(c->value);
}

// Assisted households that were ready to be picked up within the horizon.
bool ready_assisted(const CohortRecord& c) { return c.mode == TravelMode::assisted && c.ready_s != kNever; }

const std::vector<Reader>& readers() {
  static std::vector<Reader> list{
      [](const ReplicationRecords& r, std::vector<double>& o, double w) {
        per_fire(r, o, w, [](const FireRecord& f) { return since_alarm(f.engine_arrival_s, f); }, reached);
      },
      [](const ReplicationRecords& r, std::vector<double>& o, double w) {
        per_fire(r, o, w, [](const FireRecord& f) { return since_alarm(f.first_arrival_s, f); }, reached);
      },
      [](const ReplicationRecords& r, std::vector<double>& o, double w) {
        per_fire(r, o, w, [](const FireRecord& f) { return f.queue_wait_s; }, own_engine);
      },
      crew_wait,
      [](const ReplicationRecords& r, std::vector<double>& o, double w) {
        per_fire(r, o, w, [](const FireRecord& f) { return f.flashover_before_arrival ? 1.0 : 0.0; }, reached);
      },
      [](const ReplicationRecords& r, std::vector<double>& o, double w) {
        per_fire(r, o, w, [](const FireRecord& f) { return f.mutual_aid ? 1.0 : 0.0; }, reached);
      },
      [](const ReplicationRecords& r, std::vector<double>& o, double w) {
        per_fire(r, o, w, [](const FireRecord& f) { return f.held_by_micro ? 1.0 : 0.0; }, reached);
      },
      [](const ReplicationRecords& r, std::vector<double>& o, double w) {
        per_fire(r, o, w, [](const FireRecord& f) { return f.unreached ? 1.0 : 0.0; },
                 [](const FireRecord&) { return true; });
      },
      // Evacuation: warm-up does not apply (one flood per replication: there is no steady state
      // to wait for, and the flood's start is drawn, not a transient; scenarios/README.md).
      [](const ReplicationRecords& r, std::vector<double>& o, double) { push(o, clearance(r, Who::everyone)); },
      [](const ReplicationRecords& r, std::vector<double>& o, double) {
        if (!flooded(r)) return;
        double people = 0;
        for (const CohortRecord& c : r.cohorts) people += c.stranded ? c.people : 0;
        o.push_back(people);
      },
      [](const ReplicationRecords& r, std::vector<double>& o, double) {
        if (!flooded(r)) return;
        double at_risk = 0, in_time = 0;
        for (const CohortRecord& c : r.cohorts)
          if (c.home_flooded_s != kNever) {
            at_risk += c.people;
            // In a shelter that flooded with them inside is not safe (stranded).
            in_time += !c.stranded && c.safe_s < c.home_flooded_s ? c.people : 0;
          }
        if (at_risk > 0) o.push_back(in_time / at_risk);
      },
      [](const ReplicationRecords& r, std::vector<double>& o, double) { push(o, clearance(r, Who::self)); },
      [](const ReplicationRecords& r, std::vector<double>& o, double) { push(o, clearance(r, Who::assisted)); },
      [](const ReplicationRecords& r, std::vector<double>& o, double) {
        if (!flooded(r)) return;
        for (const CohortRecord& c : r.cohorts)
          if (ready_assisted(c)) o.insert(o.end(), static_cast<std::size_t>(c.households), c.wait_s);
      },
      [](const ReplicationRecords& r, std::vector<double>& o, double) {
        if (!flooded(r)) return;
        double people = 0;
        for (const CohortRecord& c : r.cohorts) people += ready_assisted(c) && c.departed_s == kNever ? c.people : 0;
        o.push_back(people);
      },
      [](const ReplicationRecords& r, std::vector<double>& o, double) {
        if (!flooded(r)) return;
        for (float w : r.household_warning_s) o.push_back(w);
      },
      [](const ReplicationRecords& r, std::vector<double>& o, double) {
        if (!flooded(r)) return;
        for (const ShelterRecord& sh : r.shelters) o.push_back(sh.peak_occupancy);
      },
  };
  static const bool staff_added = [] {
    // Staff tasks. Waits per request asked at or after the warm-up (an engine crew's: per fire,
    // by its alarm, the same reader as fire.crew_wait); unmet time and peak demand one value per
    // replication in which the task asked for people, from the staff board's integrals, which
    // start at the scenario's run.warm_up (StaffBoard).
    for (StaffTask t : kStaffTasks) {
      const auto k = static_cast<std::size_t>(t);
      const auto asked = [k](const ReplicationRecords& r) { return k < r.staff_tasks.size() && r.staff_tasks[k].requests > 0; };
      if (t == StaffTask::engine_crew)
        list.push_back(crew_wait);
      else
        list.push_back([t](const ReplicationRecords& r, std::vector<double>& o, double w) {
          for (const StaffRequestRecord& q : r.staff_requests)
            if (q.task == t && q.asked_s >= w) o.push_back(q.wait_s);
        });
      list.push_back([k, asked](const ReplicationRecords& r, std::vector<double>& o, double) {
        if (asked(r)) o.push_back(r.staff_tasks[k].unmet_s);
      });
      list.push_back([k, asked](const ReplicationRecords& r, std::vector<double>& o, double) {
        if (asked(r)) o.push_back(r.staff_tasks[k].peak_demand);
      });
    }
    return true;
  }();
  (void)staff_added;
  return list;
}


// What values a metric takes, for its intervals: a share of 0/1 flags lies in [0, 1], so does a
// dimensionless fraction per item (unit "1": evac.safe_before_inundation); every other metric
// the engine reports is a duration, a count of people or an amount, never negative, so its
// bounds are cut at 0 (stats::non_negative_mean_ci). A metric that can be negative (a
// difference) would need a kind of its own in MetricInfo.
stats::ValueKind value_kind(const MetricInfo& m) {
  if (m.share()) return stats::ValueKind::share;
  return m.unit == "1" ? stats::ValueKind::fraction : stats::ValueKind::non_negative;
}

}  // namespace

const std::vector<MetricInfo>& known_metrics() {
  static std::vector<MetricInfo> list{
      {"fire.response_time", "s", "alarm to an engine (or mutual aid) on scene", false},
      {"fire.first_response_time", "s", "alarm to the first unit of any kind on scene", false},
      {"fire.queue_wait", "s", "waiting for a free, crewable engine (own engines' fires)", false},
      {"fire.crew_wait", "s",
       "waiting for the crew: an idle engine lacking one, then called-back members after the turnout (fires "
       "the district's engines were sent to; = staff.engine_crew.wait)",
       false},
      {"fire.flashover_before_arrival", "1", "share of fires that flash over before help arrives", true},
      {"fire.mutual_aid_share", "1", "share of fires served by outside help", true},
      {"fire.held_by_micro", "1", "share of fires held by the community micro fire station", true},
      {"fire.unreached_share", "1", "share of fires no unit could reach (flooded roads)", true},
      {"evac.clearance_time", "s",
       "warning to the last evacuee safe, per flood; horizon - warning (censored) if some are still waiting or on "
       "the way then",
       false},
      {"evac.stranded", "people",
       "people still home when it flooded, cut off on the way, or in a shelter that flooded, per flood", false},
      {"evac.safe_before_inundation", "1",
       "share of people at risk (home flooded within the horizon) safe before it flooded and not stranded, per flood",
       false},
      {"evac.self_clearance_time", "s",
       "warning to the last of those who left by car or on foot safe, per flood (censored as clearance_time)", false},
      {"evac.assisted_clearance_time", "s",
       "warning to the last assisted evacuee (fetched by the transport) safe, per flood; censored at the horizon "
       "while some still wait",
       false},
      {"evac.assisted_wait", "s",
       "ready to be picked up by the transport, per assisted household; those still waiting at the horizon: to it "
       "(censored)",
       false},
      {"evac.assisted_waiting", "people", "assisted people ready but still waiting for the transport at the horizon, per flood",
       false},
      {"evac.warning_time", "s", "warning issued to household reached, per household", false},
      {"shelter.peak_occupancy", "people", "most people in a shelter at once, per shelter", false},
  };
  static const bool staff_added = [] {
    for (StaffTask t : kStaffTasks) {
      const std::string task(staff_task_name(t));
      list.push_back({fmt::format("staff.{}.wait", task), "s",
                      t == StaffTask::engine_crew
                          ? std::string("the crew wait of each fire an engine was sent to (= fire.crew_wait)")
                          : fmt::format("{} request to all its people assigned (given up: to then), per request", task),
                      false});
      list.push_back({fmt::format("staff.{}.unmet_time", task), "s",
                      fmt::format("time some {} demand waited for people, per replication", task), false});
      list.push_back({fmt::format("staff.{}.peak_demand", task), "people",
                      fmt::format("most people {} wanted at once (assigned + waiting), per replication", task), false});
    }
    return true;
  }();
  (void)staff_added;
  return list;
}

const MetricInfo* find_metric(std::string_view name) {
  for (const auto& m : known_metrics())
    if (m.name == name) return &m;
  return nullptr;
}

namespace {
// How many of a metric's values in a replication are cut at the horizon (lower bounds): those of
// the clearance times and of the assisted wait; no other metric is censored.
std::size_t censored_in(const ReplicationRecords& r, std::string_view metric) {
  const auto cut = [&](Who who) -> std::size_t {
    const auto c = clearance(r, who);
    return c && c->censored ? 1 : 0;
  };
  if (metric == "evac.clearance_time") return cut(Who::everyone);
  if (metric == "evac.self_clearance_time") return cut(Who::self);
  if (metric == "evac.assisted_clearance_time") return cut(Who::assisted);
  std::size_t n = 0;
  if (metric == "evac.assisted_wait" && flooded(r))
    for (const CohortRecord& c : r.cohorts)
      if (ready_assisted(c) && c.departed_s == kNever) n += static_cast<std::size_t>(c.households);
  return n;
}

}  // namespace

std::size_t censored_values(const RunOutput& run, std::string_view metric) {
  std::size_t n = 0;
  for (const auto& rep : run.replications) n += censored_in(rep, metric);
  return n;
}

std::vector<stats::ClusteredSample> metric_samples(const RunOutput& run, const std::vector<std::string>& metrics,
                                                   double warm_up_s) {
  std::vector<Reader> read;
  std::vector<stats::ClusteredSample> out;
  for (const auto& name : metrics) {
    const MetricInfo* m = find_metric(name);
    if (!m) throw Error(fmt::format("unknown metric '{}'{}", name, did_you_mean(name, metric_names())));
    read.push_back(readers()[static_cast<std::size_t>(m - known_metrics().data())]);
    out.emplace_back(value_kind(*m));
  }
  std::vector<double> values;
  for (const auto& rep : run.replications)
    for (std::size_t k = 0; k < read.size(); ++k) {
      values.clear();
      read[k](rep, values, warm_up_s);
      out[k].add_replication(values);
    }
  return out;
}

std::vector<MetricInfo> scenario_metrics(const Scenario* scenario) {
  std::vector<MetricInfo> out = known_metrics();
  if (!scenario) return out;
  const Scenario& s = *scenario;
  for (const std::string& name : stock_metric_names(s, s.logistics)) {
    const bool shortfall = name.starts_with("stock.shortfall.");
    const std::string item = name.substr(name.rfind('.') + 1);
    const ItemType* type = s.logistics.find_item(item);
    out.push_back(shortfall ? MetricInfo{name, type ? type->unit : "", fmt::format("{} short, summed over depots, per replication", item), false}
                            : MetricInfo{name, "1", fmt::format("replications in which some depot ran out of {}", item), true});
  }
  return out;
}

std::vector<std::string> metric_names(const Scenario* scenario) {
  std::vector<std::string> out;
  for (const auto& m : scenario_metrics(scenario)) out.push_back(m.name);
  return out;
}

std::optional<MetricInfo> find_metric(const Scenario* scenario, std::string_view name) {
  if (const MetricInfo* m = find_metric(name)) return *m;
  if (!scenario) return std::nullopt;
  for (const MetricInfo& m : scenario_metrics(scenario))
    if (m.name == name) return m;
  return std::nullopt;
}

std::vector<stats::ClusteredSample> metric_samples(const Scenario& s, const RunOutput& run,
                                                   const std::vector<std::string>& metrics, double warm_up_s) {
  std::vector<std::string> plain;
  for (const auto& name : metrics)
    if (find_metric(name)) plain.push_back(name);
  // The scenario's own run.warm_up holds too (a study's warm-up may be longer).
  std::vector<stats::ClusteredSample> known = metric_samples(run, plain, std::max(warm_up_s, s.run.warm_up_s));
  std::vector<StockRecords> stock;  // copied only if a stock metric is asked for (studies call this per batch)
  if (plain.size() < metrics.size())
    for (const auto& rep : run.replications) stock.push_back(rep.stock);
  std::vector<stats::ClusteredSample> out;
  std::size_t next_known = 0;
  for (const auto& name : metrics) {
    if (find_metric(name)) {
      out.push_back(std::move(known[next_known++]));
      continue;
    }
    const auto m = find_metric(&s, name);
    const auto values = m ? stock_metric_values(s.logistics, stock, name) : std::nullopt;
    if (!values) throw Error(fmt::format("unknown metric '{}'{}", name, did_you_mean(name, metric_names(&s))));
    stats::ClusteredSample sample(value_kind(*m));
    for (double v : *values) sample.add_replication({v});
    out.push_back(std::move(sample));
  }
  return out;
}

std::string format_metric_value(const MetricInfo& metric, double si_value) {
  if (std::isnan(si_value)) return "n/a";
  if (std::isinf(si_value)) return si_value > 0 ? "inf" : "-inf";
  if (metric.timed()) return fmt::format("{:.2f} min", si_value / 60);
  return metric.share() ? fmt::format("{:.4f}", si_value) : fmt::format("{:.4g}", si_value);
}

}  // namespace readysim
