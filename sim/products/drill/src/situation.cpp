// The situation at a moment of a replication, as the command post knows it then (for STARTEX
// and ENDEX): the warning, the levee, the gauge, water in settlements, closed roads, people
// registered at shelters, fires reported. Nothing that only the rest of the simulation knows.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "drill_internal.hpp"

namespace readysim::drill::detail {

namespace {

// The gauge at time t, interpolated; NaN without a series.
double level_at(const FloodTimeline& f, double t) {
  const auto& ts = f.level_time_s;
  const auto& lv = f.level_m;
  if (ts.empty() || lv.size() != ts.size() || t < ts.front()) return kNaN;
  for (std::size_t i = 1; i < ts.size(); ++i)
    if (t <= ts[i]) return lv[i - 1] + (lv[i] - lv[i - 1]) * (t - ts[i - 1]) / std::max(1e-9, ts[i] - ts[i - 1]);
  return lv.back();
}

}  // namespace

std::string situation_at(const Scenario& s, const ReplicationRecords& rep, const FloodTimeline* flood, double t,
                         const Catalog& cat) {
  std::vector<std::string> parts;
  if (s.hazards.flood.enabled && flood) {
    const Namer names(s, cat);
    if (rep.warning_s != kNever && rep.warning_s <= t)
      parts.push_back(cat.fill("situation.warned", {{"clock", cat.clock(rep.warning_s)},
                                                    {"ago", cat.duration(t - rep.warning_s)}}));
    else
      parts.push_back(cat.text("situation.no_warning"));
    const auto breach_node = s.district.roads.find_node(s.hazards.flood.breach_at);
    const std::string where = breach_node ? names.at(*breach_node) : cat.text("labels.somewhere");
    if (flood->breach_s != kNever && flood->breach_s <= t)
      parts.push_back(cat.fill("situation.breached", {{"clock", cat.clock(flood->breach_s)}, {"place", where}}));
    else
      parts.push_back(cat.text("situation.holding"));
    const double level = level_at(*flood, t);
    if (std::isfinite(level)) parts.push_back(cat.fill("situation.level", {{"level", fmt::format("{:.2f}", level)}}));
    std::size_t wet = 0;
    for (const Settlement& st : s.district.settlements) wet += flood->node_flooded_s[st.node] <= t ? 1 : 0;
    if (wet > 0)
      parts.push_back(cat.fill("situation.wet", {{"n", std::to_string(wet)},
                                                 {"total", std::to_string(s.district.settlements.size())}}));
    std::size_t closed = 0;
    for (const auto& [close, reopen] : flood->closed[0]) closed += close <= t && t < reopen ? 1 : 0;
    if (closed > 0) parts.push_back(cat.fill("situation.closed", {{"n", std::to_string(closed)}}));
    double sheltered = 0;
    for (const CohortRecord& c : rep.cohorts) sheltered += c.safe_s != kNever && c.safe_s <= t ? c.people : 0;
    if (sheltered > 0) parts.push_back(cat.fill("situation.sheltered", {{"n", fmt::format("{:.0f}", sheltered)}}));
  }
  if (s.hazards.fire.enabled) {
    std::size_t reported = 0, burning = 0;
    for (const FireRecord& f : rep.fires) {
      if (f.alarm_s == kNever || f.alarm_s > t) continue;
      reported += f.alarm_s >= t - 86400 ? 1 : 0;
      burning += f.engine_arrival_s == kNever || f.engine_arrival_s > t ? 1 : 0;
    }
    parts.push_back(reported == 0 ? cat.text("situation.no_fires")
                                  : cat.fill("situation.fires", {{"n", std::to_string(reported)},
                                                                 {"burning", std::to_string(burning)}}));
  }
  std::string out;
  // English sentences are spaced; Chinese ones are not.
  for (const auto& p : parts) out += (out.empty() || cat.lang() == Language::zh ? "" : " ") + p;
  return out;
}

}  // namespace readysim::drill::detail
