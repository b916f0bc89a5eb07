#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include "readysim/scenario.hpp"
#include "readysim/units.hpp"
#include "scenario/emit.hpp"
#include "scenario/evacuation_section.hpp"
#include "scenario/flood_section.hpp"
#include "scenario/logistics_section.hpp"
#include "scenario/staffing_section.hpp"

namespace readysim {

std::string_view risk_level_name(RiskLevel r) {
  switch (r) {
    case RiskLevel::red: return "red";
    case RiskLevel::orange: return "orange";
    case RiskLevel::yellow: return "yellow";
    case RiskLevel::blue: return "blue";
  }
  return "?";
}

std::string_view community_kind_name(CommunityKind k) {
  return k == CommunityKind::market_town ? "market_town" : "sub_district";
}

std::string_view station_kind_name(StationKind k) {
  switch (k) {
    case StationKind::fire_brigade: return "fire_brigade";
    case StationKind::micro_fire_station: return "micro_fire_station";
    case StationKind::rescue_point: return "rescue_point";
  }
  return "?";
}

namespace {

// Rates read best per year ("0.5 /yr").
std::string format_per_year(double per_s) { return fmt::format("{:.12g} /yr", per_s * 365.25 * 86400.0); }

template <class T>
void kv(YAML::Emitter& out, const char* key, const T& value) {
  out << YAML::Key << key << YAML::Value << value;
}

void emit_fire(YAML::Emitter& out, const FireHazard& f) {
  out << YAML::Key << "fire" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "ignition_rates" << YAML::Value << YAML::Flow << YAML::BeginMap;
  const char* levels[] = {"red", "orange", "yellow", "blue"};
  for (std::size_t i = 0; i < 4; ++i) kv(out, levels[i], format_per_year(f.rate_by_level_per_s[i]));
  out << YAML::EndMap;
  kv(out, "dwelling_fires_per_1000_residents", format_per_year(f.dwelling_rate_per_1000_per_s));
  if (!f.hourly_profile.empty()) {
    out << YAML::Key << "hourly_profile" << YAML::Value << YAML::Flow << YAML::BeginSeq;
    for (double w : f.hourly_profile) out << w;
    out << YAML::EndSeq;
  }
  out << YAML::Key << "occupancies" << YAML::Value << YAML::BeginMap;
  for (const auto& o : f.occupancies) {
    out << YAML::Key << o.name << YAML::Value << YAML::Flow << YAML::BeginMap;
    kv(out, "growth", format_quantity(o.growth_w_per_s2, Dimension::growth));
    kv(out, "flashover", format_quantity(o.flashover_w, Dimension::power));
    out << YAML::Key << "on_scene" << YAML::Value;
    emit_distribution(out, o.on_scene, Dimension::duration);
    out << YAML::EndMap;
  }
  out << YAML::EndMap;
  out << YAML::Key << "detection_delay" << YAML::Value;
  emit_distribution(out, f.detection_delay, Dimension::duration);
  out << YAML::Key << "call_processing" << YAML::Value;
  emit_distribution(out, f.call_processing, Dimension::duration);
  out << YAML::Key << "micro_station" << YAML::Value << YAML::Flow << YAML::BeginMap << YAML::Key << "mobilisation"
      << YAML::Value;
  emit_distribution(out, f.micro.mobilisation, Dimension::duration);
  kv(out, "speed", format_quantity(f.micro.speed_mps, Dimension::speed));
  kv(out, "holds_below", format_quantity(f.micro.holds_below_w, Dimension::power));
  out << YAML::EndMap;
  if (!f.scheduled.empty()) {
    out << YAML::Key << "scheduled_fires" << YAML::Value << YAML::BeginSeq;
    for (const auto& sf : f.scheduled) {
      out << YAML::Flow << YAML::BeginMap;
      kv(out, "time", format_quantity(sf.ignition_s, Dimension::duration));
      kv(out, "at", sf.place);
      out << YAML::EndMap;
    }
    out << YAML::EndSeq;
  }
  if (f.mutual_aid.enabled) {
    out << YAML::Key << "mutual_aid" << YAML::Value << YAML::Flow << YAML::BeginMap << YAML::Key << "delay"
        << YAML::Value;
    emit_distribution(out, f.mutual_aid.delay, Dimension::duration);
    out << YAML::EndMap;
  }
  out << YAML::EndMap;
}

}  // namespace

std::string effective_scenario_yaml(const Scenario& s) {
  YAML::Emitter out;
  out.SetIndent(2);
  out << YAML::Comment(fmt::format("effective scenario of {} (every default filled in)", s.path));
  out << YAML::BeginMap;
  const auto& g = s.district.roads;
  out << YAML::Key << "district" << YAML::Value << YAML::BeginMap;
  kv(out, "name", s.district.name);
  kv(out, "local_name", s.district.local_name);
  out << YAML::Key << "roads" << YAML::Value << YAML::BeginMap;
  for (const auto& [key, value] : s.district.roads_source) kv(out, key.c_str(), value);
  out << YAML::EndMap;
  out << YAML::Comment(fmt::format("{} nodes, {} directed segments", g.node_count(), g.segment_count()));
  out << YAML::Key << "communities" << YAML::Value << YAML::BeginSeq;
  for (const auto& c : s.district.communities) {
    out << YAML::Flow << YAML::BeginMap;
    kv(out, "id", c.id);
    kv(out, "name", c.name);
    kv(out, "kind", std::string(community_kind_name(c.kind)));
    kv(out, "node", g.node(c.node).id);
    out << YAML::EndMap;
  }
  out << YAML::EndSeq << YAML::Key << "settlements" << YAML::Value << YAML::BeginSeq;
  for (const auto& st : s.district.settlements) {
    out << YAML::Flow << YAML::BeginMap;
    kv(out, "id", st.id);
    kv(out, "name", st.name);
    kv(out, "community", st.community);
    kv(out, "node", g.node(st.node).id);
    kv(out, "population", st.population);
    kv(out, "households", st.households);
    out << YAML::EndMap;
  }
  out << YAML::EndSeq << YAML::Key << "risk_points" << YAML::Value << YAML::BeginSeq;
  for (const auto& rp : s.district.risk_points) {
    out << YAML::Flow << YAML::BeginMap;
    kv(out, "id", rp.id);
    kv(out, "name", rp.name);
    kv(out, "node", g.node(rp.node).id);
    kv(out, "level", std::string(risk_level_name(rp.level)));
    kv(out, "occupancy", rp.occupancy);
    if (rp.ignition_rate_per_s) kv(out, "ignition_rate", format_per_year(*rp.ignition_rate_per_s));
    out << YAML::EndMap;
  }
  out << YAML::EndSeq;
  if (s.district.mutual_aid_node) kv(out, "mutual_aid_node", g.node(*s.district.mutual_aid_node).id);
  out << YAML::EndMap;

  kv(out, "horizon", format_quantity(s.horizon_s, Dimension::duration));

  const auto& r = s.resources;
  out << YAML::Key << "resources" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "shelters" << YAML::Value << YAML::BeginSeq;
  for (const auto& sh : r.shelters) {
    out << YAML::Flow << YAML::BeginMap;
    kv(out, "id", sh.id);
    kv(out, "name", sh.name);
    kv(out, "node", g.node(sh.node).id);
    kv(out, "floor_area", format_quantity(sh.floor_area_m2, Dimension::area));
    if (!sh.staffed) kv(out, "staffed", false);
    out << YAML::EndMap << YAML::Comment(fmt::format("{} people", sh.capacity));
  }
  out << YAML::EndSeq;
  out << YAML::Key << "stations" << YAML::Value << YAML::BeginSeq;
  for (const auto& st : r.stations) {
    out << YAML::Flow << YAML::BeginMap;
    kv(out, "id", st.id);
    kv(out, "name", st.name);
    kv(out, "kind", std::string(station_kind_name(st.kind)));
    kv(out, "node", g.node(st.node).id);
    if (!st.community.empty()) kv(out, "community", st.community);
    kv(out, "engines", st.engines);
    kv(out, "crew_per_engine", st.crew_per_engine);
    out << YAML::Key << "turnout" << YAML::Value;
    emit_distribution(out, st.turnout, Dimension::duration);
    out << YAML::EndMap;
  }
  out << YAML::EndSeq << YAML::Key << "depots" << YAML::Value << YAML::BeginSeq;
  for (const auto& dp : r.depots) {
    out << YAML::BeginMap;
    kv(out, "id", dp.id);
    kv(out, "name", dp.name);
    kv(out, "node", g.node(dp.node).id);
    if (!dp.community.empty()) kv(out, "community", dp.community);
    kv(out, "floor_area", format_quantity(dp.floor_area_m2, Dimension::area));
    out << YAML::Key << "items" << YAML::Value << YAML::Flow << YAML::BeginSeq;
    for (const auto& it : dp.items) {
      out << YAML::BeginMap;
      kv(out, "item", it.item);
      kv(out, "quantity", it.quantity);
      out << YAML::EndMap;
    }
    out << YAML::EndSeq << YAML::EndMap;
  }
  out << YAML::EndSeq << YAML::Key << "staff" << YAML::Value << YAML::BeginSeq;
  for (const auto& sp : r.staff) {
    out << YAML::Flow << YAML::BeginMap;
    kv(out, "id", sp.id);
    if (sp.name != sp.id) kv(out, "name", sp.name);
    kv(out, "role", sp.role);
    kv(out, "count", sp.count);
    kv(out, "full_time", sp.full_time);
    if (!sp.station.empty()) kv(out, "station", sp.station);
    if (!sp.community.empty()) kv(out, "community", sp.community);
    if (sp.home) kv(out, "node", g.node(*sp.home).id);
    emit_on_duty(out, sp);
    out << YAML::Key << "callback_delay" << YAML::Value;
    emit_distribution(out, sp.callback_delay, Dimension::duration);
    out << YAML::EndMap;
  }
  out << YAML::EndSeq << YAML::Key << "vehicles" << YAML::Value << YAML::BeginSeq;
  for (const auto& vp : r.vehicles) {
    out << YAML::Flow << YAML::BeginMap;
    kv(out, "id", vp.id);
    kv(out, "kind", vp.kind);
    kv(out, "count", vp.count);
    if (!vp.station.empty()) kv(out, "station", vp.station);
    kv(out, "node", g.node(vp.base).id);
    if (vp.speed_mps > 0) kv(out, "speed", format_quantity(vp.speed_mps, Dimension::speed));
    out << YAML::EndMap;
  }
  out << YAML::EndSeq << YAML::EndMap;

  out << YAML::Key << "hazards" << YAML::Value << YAML::BeginMap;
  if (s.hazards.fire.enabled) emit_fire(out, s.hazards.fire);
  if (s.hazards.flood.enabled) emit_flood_yaml(out, s.hazards.flood, g);
  out << YAML::EndMap;
  out << YAML::Key << "policies" << YAML::Value << YAML::BeginMap;
  kv(out, "dispatch", s.policies.dispatch);
  kv(out, "queue", s.policies.queue);
  kv(out, "no_engine_free", s.policies.no_engine_free);
  out << YAML::EndMap;
  emit_evacuation_yaml(out, s.evacuation);
  emit_logistics_yaml(out, s.logistics);
  emit_staffing_yaml(out, s.staffing);
  out << YAML::Key << "run" << YAML::Value << YAML::BeginMap;
  kv(out, "replications", s.run.replications);
  kv(out, "seed", s.run.seed);
  out << YAML::EndMap << YAML::EndMap;
  return std::string(out.c_str()) + "\n";
}

std::string scenario_summary(const Scenario& s) {
  int engines = 0;
  for (const auto& st : s.resources.stations) engines += st.engines;
  int staff = 0;
  for (const auto& sp : s.resources.staff) staff += sp.count;
  return fmt::format(
      "{}: valid — {} road nodes, {} segments; {} communities, {} settlements ({} people), {} risk points; "
      "{} stations ({} engines), {} depots, {} staff in {} pools; horizon {}, {} replications, seed {}",
      s.path, s.district.roads.node_count(), s.district.roads.segment_count(), s.district.communities.size(),
      s.district.settlements.size(), s.population(), s.district.risk_points.size(), s.resources.stations.size(),
      engines, s.resources.depots.size(), staff, s.resources.staff.size(),
      format_quantity(s.horizon_s, Dimension::duration), s.run.replications, s.run.seed);
}

}  // namespace readysim
