#include "readysim/run_results.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>

#include "readysim/engine_units.hpp"
#include "readysim/error.hpp"
#include "readysim/metrics.hpp"
#include "readysim/record_columns.hpp"
#include "readysim/version.hpp"
#include "results/replication_tables.hpp"

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

namespace {
std::vector<stats::Summary> summarize_records(const RunOutput& run, double warm_up_s);
}  // namespace

std::vector<stats::Summary> summarize_run(const Scenario& s, const RunOutput& run) {
  // run.warm_up: fires alarmed before it are left out (the per-replication staff, stock and
  // flood metrics have no start of their own and are kept whole).
  std::vector<stats::Summary> out = summarize_records(run, s.run.warm_up_s);
  summarize_staff_roles(s, run, out);
  std::vector<const StockRecords*> stock;
  for (const auto& rep : run.replications) stock.push_back(&rep.stock);
  detail::summarize_stock(s, s.logistics, stock, out);
  return out;
}

std::vector<stats::Summary> summarize_run(const RunOutput& run) { return summarize_records(run, 0); }

namespace {

std::vector<stats::Summary> summarize_records(const RunOutput& run, double warm_up_s) {
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
  const auto samples = metric_samples(run, names, warm_up_s);
  std::vector<stats::Summary> out;
  for (std::size_t i = 0; i < names.size(); ++i) {
    const MetricInfo& info = *find_metric(names[i]);
    std::vector<int> replication;
    for (int r = 0; r < samples[i].replications(); ++r)
      replication.insert(replication.end(), samples[i].replication(r).size(), r);
    stats::Summary m = stats::summarize(info.name, info.unit, samples[i].values(), replication,
                                        static_cast<int>(run.replications.size()), samples[i].kind());
    m.censored = censored_values(run, info.name);
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
      m.p50_ci95_low = m.p50_ci95_high = m.p90_ci95_low = m.p90_ci95_high = m.p50;
      m.p95_ci95_low = m.p95_ci95_high = m.p99_ci95_low = m.p99_ci95_high = m.p50;
    }
    out.push_back(std::move(m));
  }
  return out;
}

// /meta: provenance.
void add_meta(const Scenario& s, const RunOptions& opt, ResultSet& rs) {
  rs.meta_text = {{"effective_scenario", effective_scenario_yaml(s)},
                  {"scenario_path", s.path},
                  {"version", kVersion},
                  {"git_hash", kGitHash}};
  rs.meta_int = {{"seed", static_cast<std::int64_t>(opt.seed)},
                 {"replications", opt.replications},
                 {"first_replication", opt.first_replication}};
}

// /summary: one row per metric.
void add_summary_table(const std::vector<stats::Summary>& summary, ResultSet& rs) {
  const RecordColumns<stats::Summary> summary_columns = {
      {"metric", [](const stats::Summary& m) { return m.metric; },
         "metric name (fire.response_time, staff.role.ROLE.busy, …)"},
      {"unit", [](const stats::Summary& m) { return m.unit; }, "unit of the metric's values (s, people, 1 for shares)"},
      {"mean", [](const stats::Summary& m) { return m.mean; }, "mean over its values (a share: over 0/1 flags)"},
      {"ci95_low", [](const stats::Summary& m) { return m.ci95_low; },
         "lower bound of the 95 % confidence interval of the mean"},
      {"ci95_high", [](const stats::Summary& m) { return m.ci95_high; },
         "upper bound of the 95 % confidence interval of the mean"},
      {"p50", [](const stats::Summary& m) { return m.p50; }, "median of the pooled values; NaN for shares"},
      {"p90", [](const stats::Summary& m) { return m.p90; }, "90th percentile of the pooled values; NaN for shares"},
      {"p95", [](const stats::Summary& m) { return m.p95; }, "95th percentile of the pooled values; NaN for shares"},
      {"p99", [](const stats::Summary& m) { return m.p99; }, "99th percentile of the pooled values; NaN for shares"},
      {"p50_ci95_low", [](const stats::Summary& m) { return m.p50_ci95_low; },
         "lower bound of the 95 % confidence interval of the median, clustered by replication as the sizing "
         "study's; -inf (0 for a quantity that cannot be negative) when the data do not reach; NaN for shares"},
      {"p50_ci95_high", [](const stats::Summary& m) { return m.p50_ci95_high; },
         "upper bound of the 95 % confidence interval of the median; inf when the data do not reach"},
      {"p90_ci95_low", [](const stats::Summary& m) { return m.p90_ci95_low; },
         "lower bound of the 95 % confidence interval of the 90th percentile"},
      {"p90_ci95_high", [](const stats::Summary& m) { return m.p90_ci95_high; },
         "upper bound of the 95 % confidence interval of the 90th percentile"},
      {"p95_ci95_low", [](const stats::Summary& m) { return m.p95_ci95_low; },
         "lower bound of the 95 % confidence interval of the 95th percentile"},
      {"p95_ci95_high", [](const stats::Summary& m) { return m.p95_ci95_high; },
         "upper bound of the 95 % confidence interval of the 95th percentile"},
      {"p99_ci95_low", [](const stats::Summary& m) { return m.p99_ci95_low; },
         "lower bound of the 95 % confidence interval of the 99th percentile"},
      {"p99_ci95_high", [](const stats::Summary& m) { return m.p99_ci95_high; },
         "upper bound of the 95 % confidence interval of the 99th percentile"},
      {"n", [](const stats::Summary& m) { return m.n; }, "values summarized"},
      {"censored", [](const stats::Summary& m) { return m.censored; },
         "values cut at the horizon, lower bounds (evac clearance times and assisted wait: people still waiting or "
         "on the way then); the mean and quantiles are then lower bounds too"},
  };
  add_record_table(rs, "summary", summary_columns, summary);
}

}  // namespace

ResultSet run_result_set(const Scenario& s, const RunOptions& opt, const RunOutput& run,
                         const std::vector<stats::Summary>& summary) {
  ResultSet rs;
  add_meta(s, opt, rs);
  detail::add_replication_tables(s, run.replications, rs);
  add_summary_table(summary, rs);
  return rs;
}

RunResultsFile::RunResultsFile(std::string path, const Scenario& scenario, const RunOptions& options)
    : scenario_(scenario), options_(options), file_(std::move(path)) {
  options_.progress = nullptr;
  options_.on_records = nullptr;
}

void RunResultsFile::add(std::span<const ReplicationRecords> replications) {
  if (replications.empty()) return;
  if (pending_.empty())
    pending_ = replications;
  else if (replications.data() == pending_.data() + pending_.size())
    pending_ = {pending_.data(), pending_.size() + replications.size()};
  else
    throw Error("internal: replications handed to the results file out of order");
  // Fixed batches from the first replication: the file is built the same way at any job count.
  while (pending_.size() >= kBatch) {
    append(pending_.first(kBatch));
    pending_ = pending_.subspan(kBatch);
  }
}

void RunResultsFile::append(std::span<const ReplicationRecords> replications) {
  ResultSet batch;
  detail::add_replication_tables(scenario_, replications, batch);
  file_.append(std::move(batch));
  appended_ = true;
}

void RunResultsFile::finish(const std::vector<stats::Summary>& summary) {
  if (!pending_.empty() || !appended_) append(pending_);
  pending_ = {};
  ResultSet rest;
  add_meta(scenario_, options_, rest);
  add_summary_table(summary, rest);
  file_.finish(rest);
}

void detail::add_replication_tables(const Scenario& s, std::span<const ReplicationRecords> reps, ResultSet& rs) {
  const RoadGraph& g = s.district.roads;
  const auto& occupancies = s.hazards.fire.occupancies;
  const char* levels[] = {"red", "orange", "yellow", "blue"};
  const std::vector<std::string> engine_names = engine_unit_names(s);

  using Fire = ReplicationRow<FireRecord>;
  const RecordColumns<Fire> incidents = {
      replication_column<FireRecord>(),
      {"fire", [](const Fire& f) { return f->id; }, "fire number within the replication, in alarm order"},
      {"node", [&](const Fire& f) { return g.node(static_cast<NodeIndex>(f->node)).id; }, "road node where it burns"},
      {"kind", [](const Fire& f) { return f->dwelling ? "dwelling" : "enterprise"; },
         "dwelling or enterprise (a risk point)"},
      {"risk_level", [&](const Fire& f) { return f->risk_level >= 0 ? levels[f->risk_level] : ""; },
         "risk level of the risk point (red, orange, yellow, blue); empty for dwellings"},
      {"occupancy", [&](const Fire& f) { return occupancies[static_cast<std::size_t>(f->occupancy)].name; },
         "occupancy type (hazards.fire.occupancies) that sets its fire growth"},
      {"ignition", "s", [](const Fire& f) { return f->ignition_s; }, "ignition time"},
      {"alarm", "s", [](const Fire& f) { return f->alarm_s; }, "call received"},
      {"dispatch", "s", [](const Fire& f) { return f->dispatch_s; }, "an engine assigned (or mutual aid called)"},
      {"first_arrival", "s", [](const Fire& f) { return f->first_arrival_s; }, "first unit of any kind on scene"},
      {"engine_arrival", "s", [](const Fire& f) { return f->engine_arrival_s; },
         "engine (or mutual aid) on scene; inf if unreached"},
      {"queue_wait", "s", [](const Fire& f) { return f->queue_wait_s; }, "time waiting for a free engine"},
      {"crew_wait", "s", [](const Fire& f) { return f->crew_wait_s; },
         "time waiting for the crew: an idle engine lacking one, then called-back members after the turnout "
         "(staff.engine_crew.wait)"},
      {"first_unit", [](const Fire& f) { return unit_kind_name(f->first_unit); },
         "kind of the first unit on scene: engine, micro_fire_station, mutual_aid or none"},
      {"engine", [&](const Fire& f) {
         if (f->mutual_aid) return std::string("mutual_aid");
         return f->engine_unit < 0 ? std::string() : engine_names[static_cast<std::size_t>(f->engine_unit)];
       }, "engine that came (station/number), or mutual_aid; empty if none was sent (every engine cut off)"},
      {"heat_release_at_engine_arrival", "kW", [](const Fire& f) { return f->heat_release_w / 1000.0; },
         "heat release when the engine arrived (held: when the micro station did); at most the fire's peak"},
      {"flashover_before_arrival", [](const Fire& f) { return f->flashover_before_arrival; },
         "1 if flashover came before the engine (or a hold) arrived"},
      {"held_by_micro", [](const Fire& f) { return f->held_by_micro; },
         "1 if the micro fire station held it below its limit"},
      {"confined", [](const Fire& f) { return f->confined; },
         "1 if it stayed confined to the item of origin (hazards.fire.confined_fire)"},
      {"smoke_alarm", [](const Fire& f) { return f->smoke_alarm; },
         "1 if a smoke alarm sounded (else a person raised the alarm)"},
      {"unreached", [](const Fire& f) { return f->unreached; }, "1 if no engine got there (roads flooded)"},
  };
  add_record_table(rs, "incidents", incidents, replication_rows(reps, &ReplicationRecords::fires));

  using Unit = ReplicationRow<UnitRecord>;
  const RecordColumns<Unit> units = {
      replication_column<UnitRecord>(),
      {"engine", [&](const Unit& u) { return engine_names[static_cast<std::size_t>(u->engine)]; },
         "engine (station/number)"},
      {"dispatches", [](const Unit& u) { return u->dispatches; }, "calls served"},
      {"busy_time", "s", [](const Unit& u) { return u->busy_s; }, "time away from the station or crewing up"},
  };
  add_record_table(rs, "units", units, replication_rows(reps, &ReplicationRecords::units));

  const char* modes[] = {"car", "walk", "assisted"};
  // A time that never came (or not within the horizon) is NaN in these tables, not inf.
  const auto when = [](double t) { return t == kNever ? std::numeric_limits<double>::quiet_NaN() : t; };
  using Cohort = ReplicationRow<CohortRecord>;
  const RecordColumns<Cohort> cohorts = {
      replication_column<CohortRecord>(),
      {"community", [&](const Cohort& c) { return s.district.communities[static_cast<std::size_t>(c->community)].id; },
         "community the households belong to"},
      {"settlement", [&](const Cohort& c) { return s.district.settlements[static_cast<std::size_t>(c->settlement)].id; },
         "settlement they live in"},
      {"households", [](const Cohort& c) { return c->households; }, "households in the group"},
      {"people", "people", [](const Cohort& c) { return c->people; },
         "people in the group, whole: each household's share of the settlement's population (they sum to it)"},
      {"mode", [&](const Cohort& c) { return modes[static_cast<int>(c->mode)]; },
         "how they travel: car, walk or assisted"},
      {"warned", "s", [&](const Cohort& c) { return when(c->warned_s); },
         "the last of them warned; NaN if some never were (within the horizon)"},
      {"ready", "s", [&](const Cohort& c) { return when(c->ready_s); },
         "the last of them ready to leave (assisted: to be picked up); NaN if never (within the horizon)"},
      {"departed", "s", [&](const Cohort& c) { return when(c->departed_s); },
         "they left (or were picked up); NaN if never (within the horizon)"},
      {"safe", "s", [&](const Cohort& c) { return when(c->safe_s); },
         "they reached a shelter (and were unloaded); NaN if not within the horizon"},
      {"shelter", [&](const Cohort& c) {
         return c->shelter >= 0 ? s.resources.shelters[static_cast<std::size_t>(c->shelter)].id : std::string();
       }, "shelter they went to; empty if none"},
      {"stranded", [](const Cohort& c) { return c->stranded; },
         "1 if still at home when it flooded, cut off on the way, or in a shelter that flooded with them inside"},
      {"home_flooded", "s", [&](const Cohort& c) { return when(c->home_flooded_s); },
         "their home node flooded; NaN if not within the horizon"},
      {"shelter_flooded", "s", [&](const Cohort& c) { return when(c->shelter_flooded_s); },
         "their shelter's node flooded with them inside (they are stranded); NaN if not within the horizon"},
      {"wait", "s", [](const Cohort& c) { return c->wait_s; },
         "assisted: mean wait of its households from ready to picked up (still waiting: to the horizon, censored); "
         "0 for car and walk"},
      {"censored", [](const Cohort& c) { return c->censored; },
         "1 if still waiting for the transport or on the way at the horizon: safe is unknown, wait a lower bound"},
      {"replans", [](const Cohort& c) { return c->replans; },
         "times they re-planned around closed roads or away from a shelter that flooded"},
  };
  add_record_table(rs, "cohorts", cohorts, replication_rows(reps, &ReplicationRecords::cohorts));

  // Per community and replication (issue 4's evacuation record), aggregated from the cohorts.
  struct Evacuation {
    std::int64_t replication = 0;
    std::size_t community = 0;
    double population = 0, warned = 0, departed = 0, safe = 0, stranded = 0, waiting = 0;
    double first_warned = kNever, last_departure = -1, last_arrival = -1, inundation = kNever;
  };
  std::vector<Evacuation> evacuation;
  for (const auto& rep : reps) {
    if (rep.cohorts.empty()) continue;
    for (std::size_t ci = 0; ci < s.district.communities.size(); ++ci) {
      Evacuation e{rep.replication, ci};
      for (const CohortRecord& c : rep.cohorts) {
        if (static_cast<std::size_t>(c.community) != ci) continue;
        e.population += c.people;
        if (c.warned_s != kNever) e.warned += c.people;
        if (c.departed_s != kNever) e.departed += c.people;
        if (c.safe_s != kNever) e.safe += c.people;
        if (c.stranded) e.stranded += c.people;
        if (c.censored) e.waiting += c.people;
        e.first_warned = std::min(e.first_warned, c.warned_s);
        if (c.departed_s != kNever) e.last_departure = std::max(e.last_departure, c.departed_s);
        if (c.safe_s != kNever) e.last_arrival = std::max(e.last_arrival, c.safe_s);
        e.inundation = std::min(e.inundation, c.home_flooded_s);
      }
      evacuation.push_back(e);
    }
  }
  const RecordColumns<Evacuation> evacuation_columns = {
      {"replication", [](const Evacuation& e) { return e.replication; },
         "replication number (its random streams depend on it alone)"},
      {"community", [&](const Evacuation& e) { return s.district.communities[e.community].id; }, "community"},
      {"population", "people", [](const Evacuation& e) { return e.population; }, "people in its evacuating groups"},
      {"warned", "people", [](const Evacuation& e) { return e.warned; }, "people warned"},
      {"departed", "people", [](const Evacuation& e) { return e.departed; }, "people who left"},
      {"safe", "people", [](const Evacuation& e) { return e.safe; },
         "people who reached a shelter (those in one that later flooded included: see stranded)"},
      {"stranded", "people", [](const Evacuation& e) { return e.stranded; },
         "people stranded at home, on the way or in a shelter that flooded"},
      {"first_warned", "s", [&](const Evacuation& e) { return when(e.first_warned); }, "first group warned; NaN if none"},
      {"last_departure", "s", [&](const Evacuation& e) { return when(e.last_departure < 0 ? kNever : e.last_departure); },
         "last group left; NaN if none left"},
      {"last_arrival", "s", [&](const Evacuation& e) { return when(e.last_arrival < 0 ? kNever : e.last_arrival); },
         "last group reached a shelter; NaN if none did"},
      {"inundation", "s", [&](const Evacuation& e) { return when(e.inundation); },
         "first home in it flooded; NaN if none within the horizon"},
      {"waiting", "people", [](const Evacuation& e) { return e.waiting; },
         "assisted people still waiting for the transport (or on the way) at the horizon"},
  };
  add_record_table(rs, "evacuation", evacuation_columns, evacuation);

  using ShelterRow = ReplicationRow<ShelterRecord>;
  const auto shelter = [&](const ShelterRow& sh) -> const auto& {
    return s.resources.shelters[static_cast<std::size_t>(sh->shelter)];
  };
  const RecordColumns<ShelterRow> shelters = {
      replication_column<ShelterRecord>(),
      {"shelter", [&](const ShelterRow& sh) { return shelter(sh).id; }, "shelter"},
      {"capacity", [&](const ShelterRow& sh) { return shelter(sh).capacity; },
         "people it can take (resources.shelters)"},
      {"peak_occupancy", "people", [](const ShelterRow& sh) { return sh->peak_occupancy; },
         "most people in it at once"},
      {"turned_away", [](const ShelterRow& sh) { return sh->turned_away; }, "groups for whom it was nearest but full"},
      {"flooded", "s", [&](const ShelterRow& sh) { return when(sh->flooded_s); },
         "its node flooded: from then it admits nobody; NaN if not within the horizon"},
      {"people_flooded", "people", [](const ShelterRow& sh) { return sh->people_flooded; },
         "people inside when its node flooded (stranded: readysim does not move them)"},
  };
  add_record_table(rs, "shelters", shelters, replication_rows(reps, &ReplicationRecords::shelters));

  {
    std::vector<const StockRecords*> stock;
    for (const auto& rep : reps) stock.push_back(&rep.stock);
    add_stock_tables(s, s.logistics, stock, rs);
  }
  add_staff_tables(s, reps, rs);

  const RecordColumns<ReplicationRecords> replications = {
      {"replication", [](const ReplicationRecords& r) { return r.replication; },
         "replication number (its random streams depend on it alone)"},
      {"fires", [](const ReplicationRecords& r) { return r.fires.size(); }, "fires in the replication"},
      {"events", [](const ReplicationRecords& r) { return r.events; },
         "simulation activities started (moves, waits, messages)"},
      {"breach", "s", [](const ReplicationRecords& r) { return r.breach_s; }, "flood start; inf if no flood"},
      {"warning", "s", [](const ReplicationRecords& r) { return r.warning_s; }, "flood warning issued; inf if none"},
  };
  add_record_table(rs, "replications", replications, reps);
}

}  // namespace readysim
