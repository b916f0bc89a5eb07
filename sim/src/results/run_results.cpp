#include "readysim/run_results.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "readysim/metrics.hpp"
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

}  // namespace

std::vector<stats::Summary> summarize_run(const Scenario& s, const RunOutput& run) {
  std::vector<stats::Summary> out = summarize_run(run);
  summarize_staff_roles(s, run, out);
  std::vector<StockRecords> stock;
  for (const auto& rep : run.replications) stock.push_back(rep.stock);
  summarize_stock(s, s.logistics, stock, out);
  return out;
}

std::vector<stats::Summary> summarize_run(const RunOutput& run) {
  // Evacuation metrics only when some replication had a flood.
  bool flood = false;
  for (const auto& rep : run.replications) flood = flood || rep.breach_s != kNever || !rep.cohorts.empty();
  // Staff metrics only for tasks that asked for people in some replication.
  std::vector<char> asked(kStaffTaskCount, 0);
  for (const auto& rep : run.replications)
    for (const auto& t : rep.staff_tasks)
      if (t.requests > 0) asked[static_cast<std::size_t>(t.task)] = 1;
  const auto wanted = [&](const std::string& name) {
    if (name.starts_with("fire.")) return true;
    if (name.starts_with("staff."))
      for (StaffTask t : kStaffTasks)
        if (name.starts_with(fmt::format("staff.{}.", staff_task_name(t)))) return asked[static_cast<std::size_t>(t)] != 0;
    return flood;
  };
  std::vector<std::string> names;
  for (const MetricInfo& m : known_metrics())
    if (wanted(m.name)) names.push_back(m.name);
  const auto samples = metric_samples(run, names);
  std::vector<stats::Summary> out;
  for (std::size_t i = 0; i < names.size(); ++i) {
    const MetricInfo& info = *find_metric(names[i]);
    std::vector<int> replication;
    for (int r = 0; r < samples[i].replications(); ++r)
      replication.insert(replication.end(), samples[i].replication(r).size(), r);
    stats::Summary m = stats::summarize(info.name, info.unit, samples[i].values(), replication,
                                        static_cast<int>(run.replications.size()));
    // Shares: the mean of 0/1 flags with the interval --precision and size use: clustered by
    // replication, widened to at least Wilson's and kept in [0, 1] (the delta method alone gives
    // a zero-width interval at a share of 0 and runs past 1 near 1); quantiles mean nothing here.
    if (info.share()) {
      const stats::Estimate e = stats::estimate(samples[i], stats::Statistic{}, 0.95,
                                                static_cast<int>(run.replications.size()));
      if (e.n > 0) {
        m.ci95_low = e.low;
        m.ci95_high = e.high;
      }
      m.p50 = m.p90 = m.p95 = m.p99 = std::numeric_limits<double>::quiet_NaN();
    }
    out.push_back(std::move(m));
  }
  return out;
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
  auto& unreached = inc.add_ints("unreached");
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
      unreached.push_back(f.unreached ? 1 : 0);
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

  const char* modes[] = {"car", "walk", "assisted"};
  Table& coh = rs.add_table("cohorts");
  auto& c_rep = coh.add_ints("replication");
  auto& c_comm = coh.add_strings("community");
  auto& c_sett = coh.add_strings("settlement");
  auto& c_hh = coh.add_ints("households");
  auto& c_people = coh.add_doubles("people", {}, "people");
  auto& c_mode = coh.add_strings("mode");
  auto& c_warned = coh.add_doubles("warned", {}, "s");
  auto& c_departed = coh.add_doubles("departed", {}, "s");
  auto& c_safe = coh.add_doubles("safe", {}, "s");
  auto& c_shelter = coh.add_strings("shelter");
  auto& c_stranded = coh.add_ints("stranded");
  auto& c_flooded = coh.add_doubles("home_flooded", {}, "s");
  auto& c_replans = coh.add_ints("replans");
  for (const auto& rep : run.replications)
    for (const CohortRecord& c : rep.cohorts) {
      c_rep.push_back(rep.replication);
      c_comm.push_back(s.district.communities[static_cast<std::size_t>(c.community)].id);
      c_sett.push_back(s.district.settlements[static_cast<std::size_t>(c.settlement)].id);
      c_hh.push_back(c.households);
      c_people.push_back(c.people);
      c_mode.push_back(modes[static_cast<int>(c.mode)]);
      c_warned.push_back(c.warned_s);
      c_departed.push_back(c.departed_s);
      c_safe.push_back(c.safe_s);
      c_shelter.push_back(c.shelter >= 0 ? s.resources.shelters[static_cast<std::size_t>(c.shelter)].id : "");
      c_stranded.push_back(c.stranded ? 1 : 0);
      c_flooded.push_back(c.home_flooded_s);
      c_replans.push_back(c.replans);
    }

  // Per community and replication (issue 4's evacuation record), aggregated from the cohorts.
  Table& evac = rs.add_table("evacuation");
  auto& e_rep = evac.add_ints("replication");
  auto& e_comm = evac.add_strings("community");
  auto& e_pop = evac.add_doubles("population", {}, "people");
  auto& e_warned = evac.add_doubles("warned", {}, "people");
  auto& e_departed = evac.add_doubles("departed", {}, "people");
  auto& e_safe = evac.add_doubles("safe", {}, "people");
  auto& e_stranded = evac.add_doubles("stranded", {}, "people");
  auto& e_first_warned = evac.add_doubles("first_warned", {}, "s");
  auto& e_last_departure = evac.add_doubles("last_departure", {}, "s");
  auto& e_last_arrival = evac.add_doubles("last_arrival", {}, "s");
  auto& e_inundation = evac.add_doubles("inundation", {}, "s");
  for (const auto& rep : run.replications) {
    if (rep.cohorts.empty()) continue;
    for (std::size_t ci = 0; ci < s.district.communities.size(); ++ci) {
      double pop = 0, warned = 0, departed = 0, safe = 0, stranded = 0;
      double first_warned = kNever, last_departure = -1, last_arrival = -1, inundation = kNever;
      for (const CohortRecord& c : rep.cohorts) {
        if (static_cast<std::size_t>(c.community) != ci) continue;
        pop += c.people;
        if (c.warned_s != kNever) warned += c.people;
        if (c.departed_s != kNever) departed += c.people;
        if (c.safe_s != kNever) safe += c.people;
        if (c.stranded) stranded += c.people;
        first_warned = std::min(first_warned, c.warned_s);
        if (c.departed_s != kNever) last_departure = std::max(last_departure, c.departed_s);
        if (c.safe_s != kNever) last_arrival = std::max(last_arrival, c.safe_s);
        inundation = std::min(inundation, c.home_flooded_s);
      }
      e_rep.push_back(rep.replication);
      e_comm.push_back(s.district.communities[ci].id);
      e_pop.push_back(pop);
      e_warned.push_back(warned);
      e_departed.push_back(departed);
      e_safe.push_back(safe);
      e_stranded.push_back(stranded);
      e_first_warned.push_back(first_warned);
      e_last_departure.push_back(last_departure < 0 ? kNever : last_departure);
      e_last_arrival.push_back(last_arrival < 0 ? kNever : last_arrival);
      e_inundation.push_back(inundation);
    }
  }

  Table& shel = rs.add_table("shelters");
  auto& sh_rep = shel.add_ints("replication");
  auto& sh_id = shel.add_strings("shelter");
  auto& sh_cap = shel.add_ints("capacity");
  auto& sh_peak = shel.add_doubles("peak_occupancy", {}, "people");
  auto& sh_away = shel.add_ints("turned_away");
  for (const auto& rep : run.replications)
    for (const ShelterRecord& sh : rep.shelters) {
      sh_rep.push_back(rep.replication);
      sh_id.push_back(s.resources.shelters[static_cast<std::size_t>(sh.shelter)].id);
      sh_cap.push_back(s.resources.shelters[static_cast<std::size_t>(sh.shelter)].capacity);
      sh_peak.push_back(sh.peak_occupancy);
      sh_away.push_back(sh.turned_away);
    }

  {
    std::vector<StockRecords> stock;
    for (const auto& rep : run.replications) stock.push_back(rep.stock);
    add_stock_tables(s, s.logistics, stock, rs);
  }
  add_staff_tables(s, run, rs);

  Table& reps = rs.add_table("replications");
  auto& r_rep = reps.add_ints("replication");
  auto& r_fires = reps.add_ints("fires");
  auto& r_events = reps.add_ints("events");
  auto& r_breach = reps.add_doubles("breach", {}, "s");
  auto& r_warning = reps.add_doubles("warning", {}, "s");
  for (const auto& rep : run.replications) {
    r_breach.push_back(rep.breach_s);
    r_warning.push_back(rep.warning_s);
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
  const auto label = [](const stats::Summary& m) {
    return m.metric + (m.unit == "s" ? " [min]" : m.unit == "1" ? " [share]" : " [" + m.unit + "]");
  };
  std::size_t width = 38;
  for (const auto& m : summary) width = std::max(width, label(m).size());
  std::string out = fmt::format("{:<{}} {:>8} {:>21} {:>8} {:>8} {:>8} {:>8}\n", "metric", width, "mean", "95% CI",
                                "p50", "p90", "p95", "n");
  const auto cell = [](double v, bool minutes) {
    if (std::isnan(v)) return std::string("—");
    if (std::isinf(v)) return std::string(v > 0 ? "inf" : "-inf");
    std::string text = minutes ? fmt::format("{:.2f}", v / 60.0) : fmt::format("{:.3f}", v);
    if (text.find_first_not_of("-0.") == std::string::npos && text[0] == '-') text.erase(0, 1);  // no "-0.000"
    return text;
  };
  for (const auto& m : summary) {
    const bool minutes = m.unit == "s";
    out += fmt::format("{:<{}} {:>8} {:>21} {:>8} {:>8} {:>8} {:>8}\n", label(m), width, cell(m.mean, minutes),
                       fmt::format("[{}, {}]", cell(m.ci95_low, minutes), cell(m.ci95_high, minutes)),
                       cell(m.p50, minutes), cell(m.p90, minutes), cell(m.p95, minutes), m.n);
  }
  return out;
}

}  // namespace readysim
