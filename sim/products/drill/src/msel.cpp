// Building the script: the backbone replication's events, other selections' worst moments lined
// up with it, the window (cut, trimmed, fitted into --duration), STARTEX and ENDEX with the
// situation then, every inject worded and assigned (player, controller, evaluator), targets kept
// only where they lie after their inject and before ENDEX, and the contingency injects.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <tuple>

#include "drill_internal.hpp"
#include "readysim/error.hpp"

namespace readysim::drill {

namespace {

using detail::Event;

constexpr double kTenMinutes = 600;
constexpr double kAfterLast = 1800;  // ENDEX this long after the last event, when no --to says otherwise

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

struct Placed {
  Event e;
  int pick = -1;  // the selection whose worst moment it is, -1 for none
  std::int64_t replication = 0;
};

std::string selection_text(const Selection& sel) {
  return sel.metric.empty() ? fmt::format("--replication {}", sel.replication)
                            : fmt::format("--select {}:{}", sel.metric, sel.quantile_text);
}

}  // namespace

Drill build_drill(const Scenario& s, const RunOutput& run, const DrillOptions& opt) {
  if (opt.selections.empty()) throw UsageError("give --select METRIC:QUANTILE or --replication I");
  if (!(opt.target_quantile > 0 && opt.target_quantile < 1))
    throw UsageError(fmt::format("--target {}: the share of cases a target covers must lie in (0, 1)",
                                 opt.target_quantile));
  if (opt.duration_s && !(*opt.duration_s >= 600))
    throw UsageError(fmt::format("--duration {}: an exercise lasts at least 10 min",
                                 detail::catalog(Language::en).duration(*opt.duration_s)));
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
  std::vector<Placed> events;
  for (auto& e : events_of(s, backbone, flood_of(d.picks[0].replication), targets, cat)) {
    const bool worst = !d.picks[0].selection.metric.empty() && in_moment(e, moment0);
    events.push_back({std::move(e), worst ? 0 : -1, backbone.replication});
  }

  // Other picks add their worst moment, shifted onto the backbone's clock; a settlement or shelter
  // they bring replaces the backbone's version of it, so no place floods twice.
  for (std::size_t i = 1; i < d.picks.size(); ++i) {
    const auto& rep = run.replications[static_cast<std::size_t>(d.picks[i].replication)];
    const detail::Moment m = detail::worst_moment(s, rep, d.picks[i].selection.metric);
    const double shift = anchor0 - anchor_of(s, rep, m);
    // A moment already in the script (two picks of the same replication and fire) comes once: it
    // is this pick's moment too.
    const std::string own_fires = fmt::format("fire:{}:", rep.replication);
    bool present = false;
    for (Placed& p : events)
      if (m.entity == "fires" ? p.e.entity.starts_with(own_fires) : m.entity.starts_with("fire:") && p.e.entity == m.entity) {
        present = true;
        if (p.pick < 0) p.pick = static_cast<int>(i);
      }
    if (present) continue;
    std::vector<Event> added;
    for (auto& e : events_of(s, rep, flood_of(d.picks[i].replication), targets, cat))
      if (in_moment(e, m)) added.push_back(std::move(e));
    if (!m.entity.starts_with("fire"))
      std::erase_if(events, [&](const Placed& p) { return p.e.entity == m.entity; });
    for (auto& e : added) {
      e.t += shift;
      e.target_t += shift;
      events.push_back({std::move(e), static_cast<int>(i), rep.replication});
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
  const double cut_from = start + opt.from_s.value_or(0);
  double cut_to = opt.to_s ? start + *opt.to_s : end;
  const auto window_text = [&] {
    return fmt::format("--from {} --to {}", format_exercise_time(cut_from - start), format_exercise_time(cut_to - start));
  };
  if (!(cut_from < cut_to))
    throw UsageError(fmt::format("--from {} --to {}: the window is empty (the default script runs {} to {})",
                                 format_exercise_time(opt.from_s.value_or(0)),
                                 format_exercise_time(opt.to_s.value_or(end - start)), format_exercise_time(0),
                                 format_exercise_time(end - start)));
  const auto dropped = [&](InjectType t) { return std::find(opt.drop.begin(), opt.drop.end(), t) != opt.drop.end(); };
  const auto inside = [&](const Placed& p) { return p.e.t >= cut_from && p.e.t <= cut_to; };

  // Without --to, ENDEX comes half an hour after the last event (a year of fires is not six hours
  // of play when its fires are over in one).
  if (!opt.to_s) {
    double last = cut_from;
    for (const Placed& p : events)
      if (inside(p) && !dropped(p.e.type)) last = std::max(last, p.e.t);
    cut_to = std::min(cut_to, last + kAfterLast);
  }
  // --duration: the window fits into it, cut, or with time jumps over its quiet stretches.
  d.pace.window_s = cut_to - cut_from;
  if (opt.duration_s && cut_to - cut_from > *opt.duration_s) {
    if (opt.compress) {
      d.pace.factor = (cut_to - cut_from) / *opt.duration_s;
    } else {
      d.pace.windowed = true;
      const double was = cut_to;
      cut_to = cut_from + *opt.duration_s;
      for (const Placed& p : events)
        d.pace.cut_after += p.e.t > cut_to && p.e.t <= was && !dropped(p.e.type) ? 1 : 0;
      d.pace.window_s = *opt.duration_s;
    }
  }

  // A selection whose worst moment the window or --drop leaves out is an error, never silent;
  // every such selection is named.
  std::vector<std::string> cut_out;
  for (std::size_t i = 0; i < d.picks.size(); ++i) {
    if (d.picks[i].selection.metric.empty()) continue;
    const Placed* first = nullptr;
    bool kept = false;
    for (const Placed& p : events) {
      if (p.pick != static_cast<int>(i)) continue;
      if (!first || p.e.t < first->e.t) first = &p;
      kept = kept || (inside(p) && !dropped(p.e.type));
    }
    if (!first || kept) continue;
    const std::string what = fmt::format("{} ({}, {} on the default script's clock)",
                                         std::string(inject_type_name(first->e.type)),
                                         detail::catalog(Language::en).clock(first->e.t),
                                         format_exercise_time(first->e.t - start));
    cut_out.push_back(inside(*first) ? fmt::format("{}: --drop {} leaves out the event it was chosen for, {}",
                                                   selection_text(d.picks[i].selection),
                                                   inject_type_name(first->e.type), what)
                                     : fmt::format("{}: the event it was chosen for, {}, lies outside the exercise",
                                                   selection_text(d.picks[i].selection), what));
  }
  if (!cut_out.empty())
    throw UsageError(fmt::format(
        "{} ({}{}: T+0:00 to T+{} of the default script is cut to {} to {}); keep the type, move the window "
        "(--from, --to), lengthen --duration, or --compress the whole script into --duration",
        fmt::join(cut_out, "; "), window_text(),
        opt.duration_s ? fmt::format(" --duration {}", detail::catalog(Language::en).duration(*opt.duration_s)) : "",
        format_exercise_time(end - start).substr(2), format_exercise_time(cut_from - start),
        format_exercise_time(cut_to - start)));

  std::vector<Placed> kept;
  for (auto& p : events)
    if (inside(p) && !dropped(p.e.type)) kept.push_back(std::move(p));
  if (kept.empty())
    throw UsageError(fmt::format("{}: replication {} has no event in this window (the default script runs {} to {}); "
                                 "move --from and --to",
                                 window_text(), backbone.replication, format_exercise_time(0),
                                 format_exercise_time(end - start)));
  std::stable_sort(kept.begin(), kept.end(), [](const Placed& a, const Placed& b) {
    return std::tie(a.e.t, a.e.type, a.e.entity) < std::tie(b.e.t, b.e.type, b.e.entity);
  });
  const FloodTimeline* flood0 = flood_of(d.picks[0].replication);
  d.situation = detail::situation_at(s, backbone, flood0, cut_from, cat);
  d.endex = detail::situation_at(s, backbone, flood0, cut_to, cat);
  {
    Event e;
    e.t = cut_from;
    e.type = InjectType::start;
    e.variant = s.hazards.flood.enabled ? "flood" : "fire";
    e.entity = "start";
    e.fields = {{"situation", d.situation}};
    kept.insert(kept.begin(), {std::move(e), -1, backbone.replication});
    Event x;
    x.t = cut_to;
    x.type = InjectType::end;
    x.entity = "end";
    x.fields = {{"situation", d.endex}, {"clock", cat.clock(cut_to)}};
    kept.push_back({std::move(x), -1, backbone.replication});
  }

  d.start_scenario_s = cut_from;
  // Compressed: time jumps. Every gap between two events keeps its length up to a cap, found so
  // that the whole window fits into --duration: busy stretches play in real time, quiet ones jump
  // ahead to the next event. The mapping is monotone, so a target after its inject stays after it.
  std::vector<double> breaks{cut_from, cut_to};
  for (const Placed& p : kept) breaks.push_back(p.e.t);
  std::sort(breaks.begin(), breaks.end());
  breaks.erase(std::unique(breaks.begin(), breaks.end()), breaks.end());
  double cap = std::numeric_limits<double>::infinity();
  if (d.pace.factor > 1) {
    const auto played = [&](double c) {
      double sum = 0;
      for (std::size_t i = 1; i < breaks.size(); ++i) sum += std::min(breaks[i] - breaks[i - 1], c);
      return sum;
    };
    double lo = 0, hi = cut_to - cut_from;
    for (int it = 0; it < 100; ++it) {
      const double mid = (lo + hi) / 2;
      (played(mid) > *opt.duration_s ? hi : lo) = mid;
    }
    cap = lo;
    d.pace.jump_s = cap;
  }
  const auto exercise = [&](double t) {
    if (!(d.pace.factor > 1) || t <= cut_from) return t - cut_from;
    double out = 0;
    for (std::size_t i = 1; i < breaks.size(); ++i) {
      const double a = breaks[i - 1], b = breaks[i], gap = b - a;
      if (t >= b) {
        out += std::min(gap, cap);
        continue;
      }
      if (t > a) out += (t - a) * std::min(gap, cap) / gap;
      return out;
    }
    return out + (t - breaks.back());  // after ENDEX: real time, so a target there stays after it
  };
  d.end_s = opt.duration_s && d.pace.factor > 1 ? *opt.duration_s : exercise(cut_to);
  const auto add_unique = [](std::vector<std::string>& list, const std::string& v) {
    if (std::find(list.begin(), list.end(), v) == list.end()) list.push_back(v);
  };
  // What the scenario has to respond with, for the expected actions.
  const detail::Fields resources = [&] {
    detail::Fields f;
    std::vector<std::string> items;
    for (const char* item : {"boat", "life_jacket", "rescue_rope"})
      if (detail::has_resource(s, item)) items.push_back(cat.text(fmt::format("words.kit.{}", item)));
    std::string kit;
    for (std::size_t i = 0; i < items.size(); ++i)
      kit += (i == 0 ? "" : i + 1 == items.size() ? cat.text("words.and_last") : cat.text("words.and")) + items[i];
    f.emplace_back("kit", kit.empty() ? cat.text("words.kit.none") : kit);
    f.emplace_back("aid", s.hazards.fire.mutual_aid.enabled ? cat.text("words.ask_aid") : "");
    return f;
  }();

  for (auto& p : kept) {
    Event& e = p.e;
    e.fields.emplace_back("district", d.district);
    e.fields.insert(e.fields.end(), resources.begin(), resources.end());
    if (e.objectives.empty()) e.objectives = detail::objectives_of(e.type, e.variant);
    Inject in;
    in.number = static_cast<int>(d.injects.size()) + 1;
    in.time_s = e.type == InjectType::end ? d.end_s : exercise(e.t);  // ENDEX is the end, to the second
    in.scenario_s = e.t;
    in.replication = p.replication;
    in.type = e.type;
    in.node = e.node;
    const detail::Recipient r = detail::recipient_of(e.type, e.variant);
    in.from = cat.fill(cat.type_text(e.type, "from", e.variant), e.fields);
    in.to = detail::player_name(s, cat, r, e.community);
    in.mode = cat.fill(cat.type_text(e.type, "mode", e.variant), e.fields);
    in.message = cat.fill(cat.type_text(e.type, "message", e.variant), e.fields);
    in.action = cat.fill(cat.type_text(e.type, "action", e.variant), e.fields);
    in.objectives = e.objectives;
    in.capability = cat.text("words.capabilities." + detail::capability_of(e.type, e.variant));
    in.controller = cat.text("words.controllers." + detail::controller_of(e.type));
    in.evaluator = cat.text("words.evaluators." + detail::evaluator_of(r));
    in.status = cat.text("labels.status_planned");
    in.target_s = detail::kNaN;
    // A target must lie after its inject and before ENDEX; one that does not goes to the notes.
    if (std::isinf(e.target_t)) {
      in.notes = e.target_text;
    } else if (!std::isnan(e.target_t)) {
      const double target = exercise(e.target_t);
      if (target < in.time_s)
        in.notes = cat.fill("labels.target_past", {{"basis", e.target_text}});
      else if (target > d.end_s)
        in.notes = cat.fill("labels.target_after_endex", {{"basis", e.target_text},
                                                          {"time", detail::target_cell(cat, target)}});
      else {
        in.target_s = target;
        in.target_basis = e.target_text;
      }
    }
    in.worst_moment = p.pick >= 0;
    if (r != detail::Recipient::all) add_unique(d.players, in.to);
    add_unique(d.controllers, in.controller);
    add_unique(d.evaluators, in.evaluator);
    d.injects.push_back(std::move(in));
  }

  d.map_svg = detail::map_svg(d, s);

  // Contingency injects, for every inject with a target: a follow-up when the players are behind
  // it, and what to do when they are ahead of the simulation.
  for (std::size_t k = 0; k < kept.size(); ++k) {
    const Inject& in = d.injects[k];
    if (std::isnan(in.target_s)) continue;
    detail::Fields f = kept[k].e.fields;
    f.emplace_back("n", std::to_string(in.number));
    f.emplace_back("target", detail::target_cell(cat, in.target_s));
    f.emplace_back("to", in.to);
    f.emplace_back("from", in.from);
    for (const bool slower : {true, false}) {
      Contingency c;
      c.inject = in.number;
      c.slower = slower;
      c.time_s = in.target_s;
      c.to = in.to;
      c.condition = cat.fill(slower ? "labels.if_slower" : "labels.if_faster", f);
      const std::string key = slower ? "slower" : "faster";
      const std::string path = cat.type_text(in.type, key, kept[k].e.variant);
      c.message = cat.fill(cat.has(path) ? path : "labels." + key, f);
      d.contingencies.push_back(std::move(c));
    }
  }
  return d;
}

}  // namespace readysim::drill
