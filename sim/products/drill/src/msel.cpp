// Building the script: the backbone replication's events, other selections' worst moments lined
// up with it, the window and the dropped types, then every inject worded from the catalogue.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <tuple>

#include "drill_internal.hpp"
#include "readysim/error.hpp"

namespace readysim::drill {

namespace detail {

std::vector<int> objectives_of(InjectType t, const std::string& variant) {
  switch (t) {
    case InjectType::start: return {13};
    case InjectType::warning: return {2, 8};
    case InjectType::breach: return {2, 4};
    case InjectType::level: return {15, 16};
    case InjectType::road_closed: return {2, 16};
    case InjectType::road_reopened: return {16};
    case InjectType::flooding:
      if (variant == "community") return {13};
      if (variant == "shelter") return {2};
      return {11, 2};
    case InjectType::stranded: return {4, 10};
    case InjectType::transport: return {6};
    case InjectType::shelter_filling: return {2, 5};
    case InjectType::shelter_full: return {2};
    case InjectType::community_cleared: return {13, 11};
    case InjectType::staff_short:
      if (variant == "door_to_door") return {11, 2};
      if (variant == "transport_driver") return {6};
      if (variant == "levee_patrol") return {4, 16};
      if (variant == "shelter_management") return {2, 13};
      return {13};
    case InjectType::fire_alarm: return {18, 19};
    case InjectType::call_queued: return {17};
    case InjectType::dispatch: return {18};
    case InjectType::crew_callback: return {18, 17};
    case InjectType::mutual_aid: return {17};
    case InjectType::micro_on_scene: return {19};
    case InjectType::flashover: return {19, 17};
    case InjectType::engine_on_scene: return {18};
    case InjectType::unreached: return {4, 2};
  }
  return {13};
}

}  // namespace detail

namespace {

using detail::Event;

constexpr double kTenMinutes = 600;

double floor_to(double t, double step) { return std::floor(t / step) * step; }

// Where a replication's events are pinned when lined up with another's: its flood, or else the
// moment its metric comes from.
double anchor_of(const Scenario& s, const ReplicationRecords& rep, const detail::Moment& m) {
  if (s.hazards.flood.enabled && rep.breach_s != kNever) return rep.breach_s;
  return std::isnan(m.t) ? 0.0 : m.t;
}

bool in_moment(const Event& e, const detail::Moment& m) {
  return e.entity == m.entity || (m.entity == "fires" && e.entity.starts_with("fire:"));
}

std::vector<Event> events_of(const Scenario& s, const ReplicationRecords& rep, const FloodTimeline* flood,
                             const detail::Targets& targets, const detail::Catalog& cat) {
  std::vector<Event> out;
  if (flood) out = detail::flood_events(s, rep, *flood, targets, cat);
  auto staff = detail::staff_events(s, rep, cat);
  out.insert(out.end(), std::make_move_iterator(staff.begin()), std::make_move_iterator(staff.end()));
  auto fires = detail::fire_events(s, rep, targets, cat);
  out.insert(out.end(), std::make_move_iterator(fires.begin()), std::make_move_iterator(fires.end()));
  return out;
}

// A replication's flood as the run recorded it (RunOptions::keep_flood), laid out per node and per
// segment as the events and targets read it.
FloodTimeline flood_of_records(const Scenario& s, const ReplicationRecords& rep) {
  const FloodRecord& f = rep.flood;
  if (f.node_flooded_s.empty())
    throw Error("internal: a flood drill needs the run's flood records (RunOptions::keep_flood)");
  FloodTimeline out;
  out.breach_s = rep.breach_s;
  out.warning_s = rep.warning_s;
  out.level_time_s = f.level_time_s;
  out.level_m = f.level_m;
  out.node_flooded_s = f.node_flooded_s;
  for (auto& closed : out.closed) closed.assign(s.district.roads.segment_count(), {kNever, kNever});
  for (const FloodClosureRecord& c : f.closures)
    out.closed[c.vehicle_class].at(static_cast<std::size_t>(c.segment)) = {c.close_s, c.reopen_s};
  return out;
}

}  // namespace

Drill build_drill(const Scenario& s, const RunOutput& run, const DrillOptions& opt) {
  if (opt.selections.empty()) throw UsageError("give --select METRIC:QUANTILE or --replication I");
  if (!(opt.target_quantile > 0 && opt.target_quantile < 1))
    throw UsageError(fmt::format("--target {}: the share of cases a target covers must lie in (0, 1)",
                                 opt.target_quantile));
  const detail::Catalog& cat = detail::catalog(opt.lang);
  Drill d;
  d.scenario = s.path;
  d.district = opt.lang == Language::zh && !s.district.local_name.empty() ? s.district.local_name : s.district.name;
  d.seed = opt.seed;
  d.replications = static_cast<std::int64_t>(run.replications.size());
  d.lang = opt.lang;
  d.target_quantile = opt.target_quantile;
  for (const auto& sel : opt.selections) d.picks.push_back(pick(s, run, sel));

  std::vector<FloodTimeline> floods;
  if (s.hazards.flood.enabled)
    for (const auto& rep : run.replications) floods.push_back(flood_of_records(s, rep));
  const detail::Targets targets = detail::compute_targets(s, run, floods, opt.target_quantile);
  const auto flood_of = [&](std::int64_t r) { return floods.empty() ? nullptr : &floods[static_cast<std::size_t>(r)]; };

  // The backbone: every event of the first pick, its worst moment marked.
  const auto& backbone = run.replications[static_cast<std::size_t>(d.picks[0].replication)];
  const detail::Moment moment0 = detail::worst_moment(s, backbone, d.picks[0].selection.metric);
  const double anchor0 = anchor_of(s, backbone, moment0);
  std::vector<Event> events = events_of(s, backbone, flood_of(d.picks[0].replication), targets, cat);
  std::vector<bool> worst;
  for (const auto& e : events) worst.push_back(!d.picks[0].selection.metric.empty() && in_moment(e, moment0));
  std::vector<std::int64_t> from_rep(events.size(), backbone.replication);

  // Other picks add their worst moment, shifted onto the backbone's clock; a settlement or shelter
  // they bring replaces the backbone's version of it, so no place floods twice.
  for (std::size_t i = 1; i < d.picks.size(); ++i) {
    const auto& rep = run.replications[static_cast<std::size_t>(d.picks[i].replication)];
    const detail::Moment m = detail::worst_moment(s, rep, d.picks[i].selection.metric);
    const double shift = anchor0 - anchor_of(s, rep, m);
    std::vector<Event> added;
    // A moment already in the script (two picks of the same replication and fire) comes once.
    // Fire entities carry their replication, so a fire seen before matches by name.
    const std::string own_fires = fmt::format("fire:{}:", rep.replication);
    const bool present = std::any_of(events.begin(), events.end(), [&](const Event& e) {
      return m.entity == "fires" ? e.entity.starts_with(own_fires) : m.entity.starts_with("fire:") && e.entity == m.entity;
    });
    if (present) continue;
    for (auto& e : events_of(s, rep, flood_of(d.picks[i].replication), targets, cat))
      if (in_moment(e, m)) added.push_back(std::move(e));
    if (!m.entity.starts_with("fire")) {
      for (std::size_t k = events.size(); k-- > 0;)
        if (events[k].entity == m.entity) {
          events.erase(events.begin() + static_cast<std::ptrdiff_t>(k));
          worst.erase(worst.begin() + static_cast<std::ptrdiff_t>(k));
          from_rep.erase(from_rep.begin() + static_cast<std::ptrdiff_t>(k));
        }
    }
    for (auto& e : added) {
      e.t += shift;
      e.target_t += shift;
      events.push_back(std::move(e));
      worst.push_back(true);
      from_rep.push_back(rep.replication);
    }
  }

  // The default window: a flood from half an hour before its warning to the horizon; a short
  // scenario whole; a long one (a year of fires) six hours from just before the worst moment.
  double start = 0, end = s.horizon_s;
  const double first_flood =
      s.hazards.flood.enabled ? std::min(backbone.warning_s, backbone.breach_s) : kNever;
  if (first_flood != kNever) {
    start = std::max(0.0, floor_to(first_flood - 1800, kTenMinutes));
    // Groups still on the road at the horizon arrive after it; the script waits for the last.
    for (const CohortRecord& c : backbone.cohorts)
      if (c.safe_s != kNever) end = std::max(end, c.safe_s);
  } else if (s.horizon_s > 2 * 86400.0) {
    start = std::max(0.0, floor_to(anchor0 - 900, kTenMinutes));
    end = std::min(s.horizon_s, start + 6 * 3600.0);
  }
  const double cut_from = start + opt.from_s.value_or(0), cut_to = opt.to_s ? start + *opt.to_s : end;
  if (!(cut_from < cut_to))
    throw UsageError(fmt::format("--from {} --to {}: the window is empty (the default script runs {} to {})",
                                 format_exercise_time(opt.from_s.value_or(0)),
                                 format_exercise_time(opt.to_s.value_or(end - start)), format_exercise_time(0),
                                 format_exercise_time(end - start)));
  d.start_scenario_s = cut_from;
  d.end_s = cut_to - cut_from;

  const auto dropped = [&](InjectType t) { return std::find(opt.drop.begin(), opt.drop.end(), t) != opt.drop.end(); };
  struct Placed {
    Event e;
    bool worst;
    std::int64_t replication;
  };
  std::vector<Placed> kept;
  for (std::size_t k = 0; k < events.size(); ++k)
    if (events[k].t >= cut_from && events[k].t <= cut_to && !dropped(events[k].type))
      kept.push_back({std::move(events[k]), worst[k], from_rep[k]});
  if (!dropped(InjectType::start)) {
    Event e;
    e.t = cut_from;
    e.type = InjectType::start;
    e.variant = s.hazards.flood.enabled ? "flood" : "fire";
    e.entity = "start";
    e.objectives = detail::objectives_of(e.type, e.variant);
    kept.push_back({std::move(e), false, backbone.replication});
  }
  std::stable_sort(kept.begin(), kept.end(), [](const Placed& a, const Placed& b) {
    return std::tie(a.e.t, a.e.type, a.e.entity) < std::tie(b.e.t, b.e.type, b.e.entity);
  });

  for (auto& p : kept) {
    Event& e = p.e;
    e.fields.emplace_back("district", d.district);
    Inject in;
    in.number = static_cast<int>(d.injects.size()) + 1;
    in.time_s = e.t - cut_from;
    in.scenario_s = e.t;
    in.replication = p.replication;
    in.type = e.type;
    in.from = cat.fill(cat.type_text(e.type, "from", e.variant), e.fields);
    in.to = cat.fill(cat.type_text(e.type, "to", e.variant), e.fields);
    in.mode = cat.fill(cat.type_text(e.type, "mode", e.variant), e.fields);
    in.message = cat.fill(cat.type_text(e.type, "message", e.variant), e.fields);
    in.action = cat.fill(cat.type_text(e.type, "action", e.variant), e.fields);
    in.objectives = e.objectives;
    in.target_s = e.target_t - cut_from;  // NaN and +inf pass through
    in.target_basis = e.target_text;
    in.worst_moment = p.worst;
    d.injects.push_back(std::move(in));
  }
  return d;
}

}  // namespace readysim::drill
