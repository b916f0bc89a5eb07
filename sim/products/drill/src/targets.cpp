// Time targets: what a share of the simulated cases achieved, over every replication of the run.
#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "drill_internal.hpp"

namespace readysim::drill::detail {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

std::size_t class_index(const std::vector<std::string>& classes, const std::string& c) {
  return static_cast<std::size_t>(std::lower_bound(classes.begin(), classes.end(), c) - classes.begin());
}

// Warning → last group safe, for the cohorts `pick` accepts; +inf when none of them got there
// (everyone stayed or was stranded); nullopt when none is accepted or there was no warning.
template <typename Pick>
std::optional<double> last_safe_after_warning(const ReplicationRecords& rep, Pick pick) {
  if (rep.warning_s == kNever) return std::nullopt;
  bool any = false;
  double last = -1;
  for (const CohortRecord& c : rep.cohorts) {
    if (!pick(c)) continue;
    any = true;
    if (c.safe_s != kNever) last = std::max(last, c.safe_s);
  }
  if (!any) return std::nullopt;
  return last < 0 ? kInf : last - rep.warning_s;
}

}  // namespace

Quant order_quantile(std::vector<double> values, double q) {
  Quant out;
  out.n = values.size();
  if (values.empty()) return out;
  // An order statistic, not interpolation: values may be +inf ("never"), and a target that is an
  // observed case is easier to explain than a blend of two.
  const std::size_t k = quantile_rank(values.size(), q);
  std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(k), values.end());
  out.value = values[k];
  return out;
}

std::vector<ClassClosure> class_closures(const Scenario& s, const FloodTimeline& flood,
                                         const std::vector<std::string>& classes) {
  std::vector<ClassClosure> out(classes.size());
  const RoadGraph& g = s.district.roads;
  for (int c = 0; c < 2; ++c) {
    const auto& closed = flood.closed[c];
    for (SegmentIndex i = 0; i < closed.size() && i < g.segment_count(); ++i) {
      const auto [close, reopen] = closed[i];
      if (close == kNever) continue;
      ClassClosure& cc = out[class_index(classes, g.segment(i).road_class)];
      if (close < cc.first_close[c]) {
        cc.first_close[c] = close;
        cc.first_segment[c] = i;
      }
      cc.last_reopen[c] = std::max(cc.last_reopen[c], reopen);
    }
  }
  return out;
}

std::vector<std::vector<std::pair<double, double>>> shelter_arrivals(const Scenario& s, const ReplicationRecords& rep) {
  std::vector<std::vector<std::pair<double, double>>> out(s.resources.shelters.size());
  for (const CohortRecord& c : rep.cohorts)
    if (c.safe_s != kNever && c.shelter >= 0 && static_cast<std::size_t>(c.shelter) < out.size())
      out[static_cast<std::size_t>(c.shelter)].emplace_back(c.safe_s, c.people);
  for (auto& list : out) std::sort(list.begin(), list.end());
  return out;
}

Targets compute_targets(const Scenario& s, const RunOutput& run, const std::vector<FloodTimeline>& floods, double q) {
  Targets t;
  t.q = q;
  std::vector<double> warn, clear, assisted, response, queue, crew, aid;
  const std::size_t settlements = s.district.settlements.size(), communities = s.district.communities.size();
  const std::size_t shelters = s.resources.shelters.size();
  std::vector<std::vector<double>> settle(settlements), comm(communities), fill(shelters);
  for (std::size_t i = 0; i < s.district.roads.segment_count(); ++i)
    t.road_classes.push_back(s.district.roads.segment(i).road_class);
  std::sort(t.road_classes.begin(), t.road_classes.end());
  t.road_classes.erase(std::unique(t.road_classes.begin(), t.road_classes.end()), t.road_classes.end());
  std::vector<std::vector<double>> gap(t.road_classes.size()), shut(t.road_classes.size());

  for (std::size_t r = 0; r < run.replications.size(); ++r) {
    const ReplicationRecords& rep = run.replications[r];
    for (const FireRecord& f : rep.fires) {
      response.push_back(f.unreached ? kInf : f.engine_arrival_s - f.alarm_s);
      if (f.mutual_aid) {
        aid.push_back(f.unreached ? kInf : f.engine_arrival_s - f.dispatch_s);
        continue;
      }
      if (f.queue_wait_s > 0) queue.push_back(f.queue_wait_s);
      if (f.crew_wait_s > 0) crew.push_back(f.crew_wait_s);
    }
    if (!s.hazards.flood.enabled || rep.warning_s == kNever) continue;
    for (float w : rep.household_warning_s) warn.push_back(w);
    if (const auto v = last_safe_after_warning(rep, [](const CohortRecord&) { return true; })) clear.push_back(*v);
    if (const auto v = last_safe_after_warning(rep, [](const CohortRecord& c) {
          return c.mode == TravelMode::assisted;
        }))
      assisted.push_back(*v);
    for (std::size_t i = 0; i < settlements; ++i)
      if (const auto v = last_safe_after_warning(rep, [i](const CohortRecord& c) {
            return static_cast<std::size_t>(c.settlement) == i;
          }))
        settle[i].push_back(*v);
    for (std::size_t i = 0; i < communities; ++i)
      if (const auto v = last_safe_after_warning(rep, [i](const CohortRecord& c) {
            return static_cast<std::size_t>(c.community) == i;
          }))
        comm[i].push_back(*v);
    const auto arrivals = shelter_arrivals(s, rep);
    for (std::size_t k = 0; k < shelters; ++k) {
      double people = 0;
      for (const auto& [when, n] : arrivals[k]) {
        people += n;
        if (people >= 0.8 * s.resources.shelters[k].capacity) {
          fill[k].push_back(when - rep.warning_s);
          break;
        }
      }
    }
    if (r < floods.size()) {
      const auto closures = class_closures(s, floods[r], t.road_classes);
      for (std::size_t c = 0; c < closures.size(); ++c) {
        const ClassClosure& cc = closures[c];
        if (cc.first_close[0] != kNever) gap[c].push_back(cc.first_close[1] - cc.first_close[0]);
        if (cc.first_close[1] != kNever) shut[c].push_back(cc.last_reopen[1] - cc.first_close[1]);
      }
    }
  }
  // Targets for getting ready before something happens use the early side (1 − q): the time that
  // left at least that much room in q of the cases.
  t.household_warning = order_quantile(warn, q);
  t.clearance = order_quantile(clear, q);
  t.assisted = order_quantile(assisted, q);
  for (auto& v : settle) t.settlement_clear.push_back(order_quantile(v, q));
  for (auto& v : comm) t.community_clear.push_back(order_quantile(v, q));
  for (auto& v : fill) t.shelter_filling.push_back(order_quantile(v, 1 - q));
  for (auto& v : gap) t.road_gap.push_back(order_quantile(v, 1 - q));
  for (auto& v : shut) t.road_shut.push_back(order_quantile(v, q));
  t.response = order_quantile(response, q);
  t.queue_wait = order_quantile(queue, q);
  t.crew_wait = order_quantile(crew, q);
  t.mutual_aid = order_quantile(aid, q);
  return t;
}

void set_target(Event& e, double base, const Quant& quant, double share, const Catalog& cat, Fields fields) {
  if (quant.n == 0 || std::isnan(quant.value) || base == kNever) return;
  const std::string pct = fmt::format("{:g}", std::round(share * 1000) / 10);
  fields.emplace_back("pct", pct);
  fields.emplace_back("n", std::to_string(quant.n));
  if (std::isinf(quant.value)) {
    fields.emplace_back("goal", cat.fill(cat.type_text(e.type, "goal", e.variant), fields));
    fields.emplace_back("miss", fmt::format("{:g}", std::round((1 - share) * 1000) / 10));
    e.target_t = kInf;
    e.target_text = cat.fill("labels.target_never", fields);
    return;
  }
  fields.emplace_back("d", cat.duration(quant.value));
  e.target_t = base + quant.value;
  e.target_text = cat.fill(cat.type_text(e.type, "target", e.variant), fields);
}

}  // namespace readysim::drill::detail
