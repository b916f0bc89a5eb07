#include "readysim/run_results.hpp"

#include <fmt/format.h>

#include <cmath>
#include <limits>

#include "readysim/version.hpp"

namespace readysim {

namespace {

const char* unit_kind_name(UnitKind k) {
  switch (k) {
    case UnitKind::none: return "none";
    case UnitKind::engine: return "engine";
    case UnitKind::micro_station: return "micro_fire_station";
    case UnitKind::mutual_aid: return "mutual_aid";
  }
  return "?";
}

// Collects one per-fire value with the replication it belongs to.
struct Series {
  std::vector<double> values;
  std::vector<int> replication;
};

}  // namespace

std::vector<stats::Summary> summarize_run(const RunOutput& run) {
  Series response, first, queue, crew, flashover, mutual, held;
  const int reps = static_cast<int>(run.replications.size());
  for (int r = 0; r < reps; ++r) {
    for (const FireRecord& f : run.replications[static_cast<std::size_t>(r)].fires) {
      response.values.push_back(f.engine_arrival_s - f.alarm_s);
      response.replication.push_back(r);
      first.values.push_back(f.first_arrival_s - f.alarm_s);
      first.replication.push_back(r);
      if (!f.mutual_aid) {
        queue.values.push_back(f.queue_wait_s);
        queue.replication.push_back(r);
        crew.values.push_back(f.crew_wait_s);
        crew.replication.push_back(r);
      }
      for (auto [series, flag] : {std::pair{&flashover, f.flashover_before_arrival}, std::pair{&mutual, f.mutual_aid},
                                  std::pair{&held, f.held_by_micro}}) {
        series->values.push_back(flag ? 1.0 : 0.0);
        series->replication.push_back(r);
      }
    }
  }
  const auto timed = [&](const char* metric, const Series& s) {
    return stats::summarize(metric, "s", s.values, s.replication, reps);
  };
  // Shares: the mean of 0/1 flags with the CI clustered by replication (Wilson would treat the
  // fires of one replication as independent and be too narrow); quantiles mean nothing here.
  const auto share = [&](const char* metric, const Series& s) {
    stats::Summary m = stats::summarize(metric, "1", s.values, s.replication, reps);
    m.p50 = m.p90 = m.p95 = m.p99 = std::numeric_limits<double>::quiet_NaN();
    return m;
  };
  return {timed("fire.response_time", response),
          timed("fire.first_response_time", first),
          timed("fire.queue_wait", queue),
          timed("fire.crew_wait", crew),
          share("fire.flashover_before_arrival", flashover),
          share("fire.mutual_aid_share", mutual),
          share("fire.held_by_micro", held)};
}

ResultSet run_result_set(const Scenario& s, const RunOptions& opt, const RunOutput& run,
                         const std::vector<stats::Summary>& summary) {
  ResultSet rs;
  rs.meta_text = {{"effective_scenario", effective_scenario_yaml(s)},
                  {"scenario_path", s.path},
                  {"version", kVersion},
                  {"git_hash", kGitHash}};
  rs.meta_int = {{"seed", static_cast<std::int64_t>(opt.seed)},
                 {"replications", opt.replications},
                 {"first_replication", opt.first_replication}};

  const RoadGraph& g = s.district.roads;
  const auto& occupancies = s.hazards.fire.occupancies;
  const char* levels[] = {"red", "orange", "yellow", "blue"};
  std::vector<std::string> engine_names;
  for (const auto& st : s.resources.stations)
    for (int e = 0; e < st.engines; ++e) engine_names.push_back(fmt::format("{}/{}", st.id, e + 1));

  Table& inc = rs.add_table("incidents");
  auto& replication = inc.add_ints("replication");
  auto& id = inc.add_ints("fire");
  auto& node = inc.add_strings("node");
  auto& kind = inc.add_strings("kind");
  auto& level = inc.add_strings("risk_level");
  auto& occupancy = inc.add_strings("occupancy");
  auto& ignition = inc.add_doubles("ignition", {}, "s");
  auto& alarm = inc.add_doubles("alarm", {}, "s");
  auto& dispatch = inc.add_doubles("dispatch", {}, "s");
  auto& first_arrival = inc.add_doubles("first_arrival", {}, "s");
  auto& engine_arrival = inc.add_doubles("engine_arrival", {}, "s");
  auto& queue_wait = inc.add_doubles("queue_wait", {}, "s");
  auto& crew_wait = inc.add_doubles("crew_wait", {}, "s");
  auto& first_unit = inc.add_strings("first_unit");
  auto& engine = inc.add_strings("engine");
  auto& heat = inc.add_doubles("heat_release_at_engine_arrival", {}, "kW");
  auto& flashover = inc.add_ints("flashover_before_arrival");
  auto& held = inc.add_ints("held_by_micro");
  for (const auto& rep : run.replications) {
    for (const FireRecord& f : rep.fires) {
      replication.push_back(rep.replication);
      id.push_back(f.id);
      node.push_back(g.node(static_cast<NodeIndex>(f.node)).id);
      kind.push_back(f.dwelling ? "dwelling" : "enterprise");
      level.push_back(f.risk_level >= 0 ? levels[f.risk_level] : "");
      occupancy.push_back(occupancies[static_cast<std::size_t>(f.occupancy)].name);
      ignition.push_back(f.ignition_s);
      alarm.push_back(f.alarm_s);
      dispatch.push_back(f.dispatch_s);
      first_arrival.push_back(f.first_arrival_s);
      engine_arrival.push_back(f.engine_arrival_s);
      queue_wait.push_back(f.queue_wait_s);
      crew_wait.push_back(f.crew_wait_s);
      first_unit.push_back(unit_kind_name(f.first_unit));
      engine.push_back(f.mutual_aid ? "mutual_aid" : engine_names[static_cast<std::size_t>(f.engine_unit)]);
      heat.push_back(f.heat_release_w / 1000.0);
      flashover.push_back(f.flashover_before_arrival ? 1 : 0);
      held.push_back(f.held_by_micro ? 1 : 0);
    }
  }

  Table& units = rs.add_table("units");
  auto& u_rep = units.add_ints("replication");
  auto& u_name = units.add_strings("engine");
  auto& u_dispatches = units.add_ints("dispatches");
  auto& u_busy = units.add_doubles("busy_time", {}, "s");
  for (const auto& rep : run.replications)
    for (const UnitRecord& u : rep.units) {
      u_rep.push_back(rep.replication);
      u_name.push_back(engine_names[static_cast<std::size_t>(u.engine)]);
      u_dispatches.push_back(u.dispatches);
      u_busy.push_back(u.busy_s);
    }

  Table& reps = rs.add_table("replications");
  auto& r_rep = reps.add_ints("replication");
  auto& r_fires = reps.add_ints("fires");
  auto& r_events = reps.add_ints("events");
  for (const auto& rep : run.replications) {
    r_rep.push_back(rep.replication);
    r_fires.push_back(static_cast<std::int64_t>(rep.fires.size()));
    r_events.push_back(rep.events);
  }

  Table& sum = rs.add_table("summary");
  auto& metric = sum.add_strings("metric");
  auto& unit = sum.add_strings("unit");
  auto& mean = sum.add_doubles("mean");
  auto& lo = sum.add_doubles("ci95_low");
  auto& hi = sum.add_doubles("ci95_high");
  auto& p50 = sum.add_doubles("p50");
  auto& p90 = sum.add_doubles("p90");
  auto& p95 = sum.add_doubles("p95");
  auto& p99 = sum.add_doubles("p99");
  auto& n = sum.add_ints("n");
  for (const auto& m : summary) {
    metric.push_back(m.metric);
    unit.push_back(m.unit);
    mean.push_back(m.mean);
    lo.push_back(m.ci95_low);
    hi.push_back(m.ci95_high);
    p50.push_back(m.p50);
    p90.push_back(m.p90);
    p95.push_back(m.p95);
    p99.push_back(m.p99);
    n.push_back(static_cast<std::int64_t>(m.n));
  }
  return rs;
}

std::string format_summary_table(const std::vector<stats::Summary>& summary) {
  std::string out = fmt::format("{:<38} {:>8} {:>21} {:>8} {:>8} {:>8} {:>8}\n", "metric", "mean", "95% CI",
                                "p50", "p90", "p95", "n");
  const auto cell = [](double v, bool minutes) {
    if (std::isnan(v)) return std::string("—");
    if (std::isinf(v)) return std::string(v > 0 ? "inf" : "-inf");
    return minutes ? fmt::format("{:.2f}", v / 60.0) : fmt::format("{:.3f}", v);
  };
  for (const auto& m : summary) {
    const bool minutes = m.unit == "s";  // shares have unit "1"
    const std::string name = minutes ? m.metric + " [min]" : m.metric + " [share]";
    out += fmt::format("{:<38} {:>8} {:>21} {:>8} {:>8} {:>8} {:>8}\n", name, cell(m.mean, minutes),
                       fmt::format("[{}, {}]", cell(m.ci95_low, minutes), cell(m.ci95_high, minutes)),
                       cell(m.p50, minutes), cell(m.p90, minutes), cell(m.p95, minutes), m.n);
  }
  return out;
}

}  // namespace readysim
