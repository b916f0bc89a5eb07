// Events of a replication's flood and evacuation: the warning, the breach, the gauge, the roads,
// the water reaching places, stranded groups, transport, shelters and cleared communities.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "drill_internal.hpp"

namespace readysim::drill::detail {

namespace {

std::string people(double p) { return fmt::format("{:.0f}", p); }

struct Builder {
  const Scenario& s;
  const ReplicationRecords& rep;
  const FloodTimeline& flood;
  const Targets& targets;
  const Catalog& cat;
  Namer names;
  std::vector<Event> out;

  Event& add(double t, InjectType type, std::string variant, std::string entity, Fields fields,
             std::int64_t node = -1, std::string community = "") {
    Event e;
    e.node = node;
    e.community = std::move(community);
    e.t = t;
    e.type = type;
    e.variant = std::move(variant);
    e.entity = std::move(entity);
    e.fields = std::move(fields);
    e.objectives = objectives_of(e.type, e.variant);
    out.push_back(std::move(e));
    return out.back();
  }

  // Groups still on the road at the horizon arrive after it: their events count too.
  [[nodiscard]] static bool in_time(double t) { return t != kNever; }

  [[nodiscard]] std::size_t settlements_flooded_by(double t) const {
    std::size_t n = 0;
    for (const auto& st : s.district.settlements) n += flood.node_flooded_s[st.node] <= t ? 1 : 0;
    return n;
  }

  void warning_and_breach() {
    // The levee by the nearest named place, never the node's id.
    const auto breach_node = s.district.roads.find_node(s.hazards.flood.breach_at);
    const std::string breach_at = breach_node ? names.nearest(*breach_node) : cat.text("labels.somewhere");
    const std::int64_t node = breach_node ? static_cast<std::int64_t>(*breach_node) : -1;
    if (in_time(rep.warning_s)) {
      const std::string lead = flood.breach_s != kNever && flood.breach_s > rep.warning_s
                                   ? cat.duration(flood.breach_s - rep.warning_s)
                                   : cat.text("labels.none");
      Event& e = add(rep.warning_s, InjectType::warning, "", "warning", {{"breach_at", breach_at}, {"lead", lead}}, node);
      set_target(e, rep.warning_s, targets.household_warning, targets.q, cat);
    }
    if (in_time(flood.breach_s)) {
      Event& e = add(flood.breach_s, InjectType::breach, "", "breach", {{"breach_at", breach_at}}, node);
      set_target(e, rep.warning_s, targets.clearance, targets.q, cat);
    }
  }

  // Gauge readings at round levels (a step that gives at most eight of them) and the peak.
  void levels() {
    const auto& ts = flood.level_time_s;
    const auto& lv = flood.level_m;
    if (ts.size() < 2 || std::isnan(lv.front())) return;
    double ground = kNever;
    for (NodeIndex n = 0; n < s.district.roads.node_count(); ++n)
      if (s.district.roads.node(n).kind != NodeKind::external)
        ground = std::min(ground, s.district.roads.node(n).elevation_m);
    const auto peak_it = std::max_element(lv.begin(), lv.end());
    const double peak = *peak_it;
    if (!(peak > ground)) return;
    double step = 0.25;
    for (double candidate : {0.25, 0.5, 1.0, 2.0, 5.0, 10.0}) {
      step = candidate;
      if ((peak - ground) / candidate <= 8) break;
    }
    const std::string total = std::to_string(s.district.settlements.size());
    for (double level = std::floor(ground / step) * step + step; level <= peak; level += step) {
      for (std::size_t i = 1; i < ts.size(); ++i) {
        if (!(lv[i - 1] < level && lv[i] >= level)) continue;
        const double t = ts[i - 1] + (ts[i] - ts[i - 1]) * (level - lv[i - 1]) / (lv[i] - lv[i - 1]);
        if (!in_time(t)) break;
        const double rate_cm_h = (lv[i] - lv[i - 1]) / (ts[i] - ts[i - 1]) * 3600 * 100;
        add(t, InjectType::level, "", "level",
            {{"level", fmt::format("{:.2f}", level)}, {"rate", fmt::format("{:.0f}", rate_cm_h)},
             {"flooded", std::to_string(settlements_flooded_by(t))}, {"settlements", total}});
        break;
      }
    }
    const double t_peak = ts[static_cast<std::size_t>(peak_it - lv.begin())];
    if (lv.back() < peak && in_time(t_peak))
      add(t_peak, InjectType::level, "peak", "level",
          {{"level", fmt::format("{:.2f}", peak)}, {"flooded", std::to_string(settlements_flooded_by(t_peak))},
           {"settlements", total}});
  }

  // Per road class and vehicle class: the first road closing and the last reopening.
  void roads() {
    const RoadGraph& g = s.district.roads;
    const auto closures = class_closures(s, flood, targets.road_classes);
    std::set<std::string> all_roads;
    for (SegmentIndex i = 0; i < g.segment_count(); ++i) all_roads.insert(g.segment(i).id);
    const auto closed_at = [&](int v, double t) {
      std::set<std::string> ids;
      for (SegmentIndex i = 0; i < flood.closed[v].size(); ++i)
        if (flood.closed[v][i].first <= t && t < flood.closed[v][i].second) ids.insert(g.segment(i).id);
      return ids.size();
    };
    for (std::size_t c = 0; c < closures.size(); ++c) {
      const std::string road_class = cat.word("road_classes", targets.road_classes[c]);
      for (int v = 0; v < 2; ++v) {
        const ClassClosure& cc = closures[c];
        const std::string variant = v == 0 ? "car" : "truck";
        const std::string vehicles = cat.text(fmt::format("words.{}", variant));
        const std::string entity = fmt::format("road:{}:{}", targets.road_classes[c], variant);
        if (!in_time(cc.first_close[v])) continue;
        const RoadSegment& seg = g.segment(cc.first_segment[v]);
        // The road by the place nearest its ends, never its id or its nodes' ids.
        Event& e = add(cc.first_close[v], InjectType::road_closed, variant, entity,
                       {{"road_class", road_class}, {"place", names.nearest(seg.from)}, {"vehicles", vehicles},
                        {"closed", std::to_string(closed_at(v, cc.first_close[v]))},
                        {"total", std::to_string(all_roads.size())}},
                       static_cast<std::int64_t>(seg.from));
        const Quant& q = v == 0 ? targets.road_gap[c] : targets.road_shut[c];
        if (v == 1 || std::isfinite(q.value)) set_target(e, e.t, q, targets.q, cat, {{"road_class", road_class}});
        if (in_time(cc.last_reopen[v]))
          add(cc.last_reopen[v], InjectType::road_reopened, variant, entity,
              {{"road_class", road_class}, {"vehicles", vehicles}});
      }
    }
  }

  void places() {
    const auto arrivals = shelter_arrivals(s, rep);
    for (std::size_t i = 0; i < s.district.settlements.size(); ++i) {
      const Settlement& st = s.district.settlements[i];
      const Community* com = s.find_community(st.community);
      const std::string place = cat.place(st.name, st.id), community = com ? cat.place(com->name, com->id) : "";
      const std::string entity = fmt::format("settlement:{}", i);
      const double t = flood.node_flooded_s[st.node];
      double home = 0, unwarned = 0, cut_people = 0, cut_left = kNever;
      bool shelterless = true;
      for (const CohortRecord& c : rep.cohorts) {
        if (static_cast<std::size_t>(c.settlement) != i) continue;
        if (c.departed_s >= t) {
          home += c.people;
          if (c.warned_s == kNever) unwarned += c.people;
        }
        // Cut off on the way (those stranded in a shelter that flooded are the shelter's call).
        // Only the first such group calls: the others are not known yet then.
        if (c.stranded && c.departed_s != kNever && c.shelter_flooded_s == kNever && c.departed_s < cut_left) {
          cut_people = c.people;
          cut_left = c.departed_s;
          shelterless = c.shelter < 0;
        }
      }
      if (in_time(t)) {
        Event& e = add(t, InjectType::flooding,
                       home < 0.5 ? "settlement_empty" : unwarned >= 0.5 ? "settlement_unwarned" : "settlement", entity,
                       {{"place", place}, {"community", community}, {"people_home", people(home)}},
                       static_cast<std::int64_t>(st.node), st.community);
        set_target(e, rep.warning_s, targets.settlement_clear[i], targets.q, cat, {{"place", place}});
      }
      // The model does not record when a group is cut off: the call is placed when it set out.
      if (cut_people > 0 && in_time(cut_left))
        add(cut_left, InjectType::stranded, shelterless ? "no_shelter" : "", entity,
            {{"place", place}, {"people", people(cut_people)}}, static_cast<std::int64_t>(st.node), st.community);
    }
    for (std::size_t i = 0; i < s.district.communities.size(); ++i) {
      const Community& c = s.district.communities[i];
      const double t = flood.node_flooded_s[c.node];
      if (in_time(t))
        add(t, InjectType::flooding, "community", fmt::format("community:{}", i),
            {{"community", cat.place(c.name, c.id)}, {"place", cat.place(c.name, c.id)}},
            static_cast<std::int64_t>(c.node), c.id);
    }
    for (std::size_t k = 0; k < s.resources.shelters.size(); ++k) {
      const Shelter& sh = s.resources.shelters[k];
      const std::string name = cat.place(sh.name, sh.id), entity = fmt::format("shelter:{}", k);
      const std::string community = names.community_near(sh.node);
      const auto node = static_cast<std::int64_t>(sh.node);
      const double t = flood.node_flooded_s[sh.node];
      double inside = 0;
      for (const auto& [when, n] : arrivals[k]) inside += when <= t ? n : 0;
      if (in_time(t))
        add(t, InjectType::flooding, "shelter", entity, {{"place", name}, {"people", people(inside)}}, node, community);
      double total = 0;
      bool filling = false;
      for (const auto& [when, n] : arrivals[k]) {
        total += n;
        const Fields f{{"shelter", name}, {"people", people(total)}, {"capacity", std::to_string(sh.capacity)},
                       {"share", fmt::format("{:.0f}", 100 * total / std::max(1, sh.capacity))}};
        if (!filling && total >= 0.8 * sh.capacity) {
          filling = true;
          Event& e = add(when, InjectType::shelter_filling, "", entity, f, node, community);
          if (std::isfinite(targets.shelter_filling[k].value))
            set_target(e, rep.warning_s, targets.shelter_filling[k], targets.q, cat, {{"shelter", name}});
        }
        if (total >= 0.95 * sh.capacity) {
          add(when, InjectType::shelter_full, "", entity, f, node, community);
          break;
        }
      }
    }
  }

  void transport_and_communities() {
    const CohortRecord* first = nullptr;
    double moved = 0, last_safe = -1;
    for (const CohortRecord& c : rep.cohorts) {
      if (c.mode != TravelMode::assisted) continue;
      if (c.departed_s != kNever && (!first || c.departed_s < first->departed_s)) first = &c;
      if (c.safe_s != kNever) {
        moved += c.people;
        last_safe = std::max(last_safe, c.safe_s);
      }
    }
    if (first && in_time(first->departed_s)) {
      const Settlement& st = s.district.settlements[static_cast<std::size_t>(first->settlement)];
      add(first->departed_s, InjectType::transport, "first", "transport",
          {{"place", cat.place(st.name, st.id)}, {"people", people(first->people)}}, static_cast<std::int64_t>(st.node),
          st.community);
    }
    if (last_safe >= 0 && in_time(last_safe)) {
      // Said at the last trip's arrival, as the driver knows it: how many so far, not that it was the last.
      Event& e = add(last_safe, InjectType::transport, "last", "transport", {{"moved", people(moved)}});
      set_target(e, rep.warning_s, targets.assisted, targets.q, cat);
    }
    for (std::size_t i = 0; i < s.district.communities.size(); ++i) {
      double safe = 0, stayed = 0, last = -1;
      for (const CohortRecord& c : rep.cohorts) {
        if (static_cast<std::size_t>(c.community) != i) continue;
        if (c.safe_s != kNever && !c.stranded) {  // not in a shelter that flooded with them inside
          safe += c.people;
          last = std::max(last, c.safe_s);
        }
        if (!c.stranded && c.departed_s == kNever) stayed += c.people;
      }
      if (last < 0 || !in_time(last)) continue;
      const Community& com = s.district.communities[i];
      const std::string name = cat.place(com.name, com.id);
      Event& e = add(last, InjectType::community_cleared, "", fmt::format("community:{}", i),
                     {{"community", name}, {"safe", people(safe)}, {"stayed", people(stayed)}},
                     static_cast<std::int64_t>(com.node), com.id);
      set_target(e, rep.warning_s, targets.community_clear[i], targets.q, cat, {{"community", name}});
    }
  }
};

}  // namespace

std::vector<Event> flood_events(const Scenario& s, const ReplicationRecords& rep, const FloodTimeline& flood,
                                const Targets& targets, const Catalog& cat) {
  if (!s.hazards.flood.enabled || flood.node_flooded_s.size() < s.district.roads.node_count()) return {};
  Builder b{s, rep, flood, targets, cat, Namer(s, cat), {}};
  b.warning_and_breach();
  b.levels();
  b.roads();
  b.places();
  b.transport_and_communities();
  return std::move(b.out);
}

}  // namespace readysim::drill::detail
