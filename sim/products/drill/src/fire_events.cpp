// Events of a replication's fires: the call, the queue, the dispatch and call-back, mutual aid,
// the micro fire station, flashover, the engine on scene or unable to get through.
#include <fmt/format.h>

#include <cmath>

#include "drill_internal.hpp"
#include "readysim/engine_units.hpp"
#include "readysim/fire_curve.hpp"

namespace readysim::drill::detail {

namespace {

struct FireBuilder {
  const Scenario& s;
  const ReplicationRecords& rep;
  const Targets& targets;
  const Catalog& cat;
  Namer names;
  std::vector<Event> out;
  std::vector<EngineUnitName> engines;  // what FireRecord::engine_unit indexes
  std::int64_t node = -1;               // the fire being built

  Event& add(double t, InjectType type, std::string variant, const std::string& entity, Fields fields) {
    Event e;
    e.node = node;
    e.t = t;
    e.type = type;
    e.variant = std::move(variant);
    e.entity = entity;
    e.fields = std::move(fields);
    e.objectives = objectives_of(e.type, e.variant);
    out.push_back(std::move(e));
    return out.back();
  }

  [[nodiscard]] static bool in_time(double t) { return t != kNever; }

  [[nodiscard]] std::string place(const FireRecord& f) const {
    const auto src = static_cast<std::size_t>(f.source);
    const auto& rps = s.district.risk_points;
    if (src < rps.size()) return cat.place(rps[src].name, rps[src].id);
    const auto& sts = s.district.settlements;
    if (src - rps.size() < sts.size()) return cat.place(sts[src - rps.size()].name, sts[src - rps.size()].id);
    return names.nearest(static_cast<NodeIndex>(f.node));  // the caller names the place they know
  }

  [[nodiscard]] std::string engine(const FireRecord& f) const {
    if (f.mutual_aid || f.engine_unit < 0) return cat.text("types.mutual_aid.from");
    if (static_cast<std::size_t>(f.engine_unit) >= engines.size()) return "?";
    const EngineUnitName& e = engines[static_cast<std::size_t>(f.engine_unit)];
    const Station& st = s.resources.stations[static_cast<std::size_t>(e.station)];
    return cat.fill("words.engine", {{"station", cat.place(st.name, st.id)}, {"n", std::to_string(e.number)}});
  }

  void fire(const FireRecord& f) {
    const std::string entity = fmt::format("fire:{}:{}", rep.replication, f.id);
    node = f.node;
    const auto& occupancies = s.hazards.fire.occupancies;
    const Occupancy* occ =
        static_cast<std::size_t>(f.occupancy) < occupancies.size() ? &occupancies[static_cast<std::size_t>(f.occupancy)]
                                                                    : nullptr;
    const std::string where = place(f), name = engine(f);
    // The fire's own curve (growth to its occupancy's peak, or a confined fire's), as the model's.
    const FireCurve curve = occ ? FireCurve::of(s.hazards.fire, *occ, f.confined) : FireCurve{};
    const auto kw = [&](double t) { return fmt::format("{:.0f}", curve.heat_release_w(t - f.ignition_s) / 1000.0); };
    if (!in_time(f.alarm_s)) return;
    // Without a flood the records' breach time is 0, not kNever: ask the scenario.
    const bool during_flood = s.hazards.flood.enabled && rep.breach_s != kNever && f.alarm_s >= rep.breach_s;
    Event& alarm = add(f.alarm_s, InjectType::fire_alarm, during_flood ? "flood" : "", entity,
                       {{"place", where}, {"occupancy", cat.word("occupancies", occ ? occ->name : "other")}});
    set_target(alarm, f.alarm_s, targets.response, targets.q, cat);
    if (!f.mutual_aid && f.queue_wait_s > 0) {
      Event& e = add(f.dispatch_s - f.queue_wait_s, InjectType::call_queued, "", entity, {{"place", where}});
      set_target(e, e.t, targets.queue_wait, targets.q, cat);
    }
    if (f.mutual_aid) {
      Event& e = add(f.dispatch_s, InjectType::mutual_aid, "", entity, {{"place", where}});
      set_target(e, f.dispatch_s, targets.mutual_aid, targets.q, cat);
    } else if (in_time(f.dispatch_s)) {
      add(f.dispatch_s, InjectType::dispatch, "", entity, {{"engine", name}, {"place", where}});
      if (f.crew_wait_s > 0) {
        Event& e = add(f.dispatch_s, InjectType::crew_callback, "", entity, {{"engine", name}, {"place", where}});
        set_target(e, f.dispatch_s, targets.crew_wait, targets.q, cat);
      }
    }
    const bool micro = f.first_unit == UnitKind::micro_station && in_time(f.first_arrival_s);
    if (micro)
      add(f.first_arrival_s, InjectType::micro_on_scene, f.held_by_micro ? "held" : "", entity,
          {{"place", where}, {"kw", kw(f.first_arrival_s)}});
    // Flashover time from the fire's curve; an unreached fire that nobody held flashes over too,
    // if it grows that big.
    const std::optional<double> flashover = occ ? curve.time_to_w(occ->flashover_w) : std::nullopt;
    if (flashover && (f.flashover_before_arrival || (f.unreached && !f.held_by_micro))) {
      // Nobody reports a flashover before the fire itself is reported.
      const double t = std::max(f.alarm_s, f.ignition_s + *flashover);
      if (in_time(t))
        add(t, InjectType::flashover, micro && f.first_arrival_s <= t ? "" : "caller", entity, {{"place", where}});
    }
    if (!f.unreached && in_time(f.engine_arrival_s))
      add(f.engine_arrival_s, InjectType::engine_on_scene, f.flashover_before_arrival ? "flashed" : "", entity,
          {{"engine", name}, {"place", where}, {"kw", fmt::format("{:.0f}", f.heat_release_w / 1000.0)}});
    // The model does not record when the engine gives up: the report is placed at the dispatch.
    if (f.unreached && in_time(f.dispatch_s))
      add(f.dispatch_s, InjectType::unreached, "", entity, {{"engine", name}, {"place", where}});
  }
};

}  // namespace

std::vector<Event> fire_events(const Scenario& s, const ReplicationRecords& rep, const Targets& targets,
                               const Catalog& cat) {
  FireBuilder b{s, rep, targets, cat, Namer(s, cat), {}, engine_units(s)};
  for (const FireRecord& f : rep.fires) b.fire(f);
  return std::move(b.out);
}

}  // namespace readysim::drill::detail
