#include "scenario/evacuation_section.hpp"

#include <fmt/format.h>

#include "readysim/suggest.hpp"
#include "readysim/units.hpp"
#include "scenario/emit.hpp"

namespace readysim {

void read_evacuation_section(const YAML::Node& n, YamlReader& r, EvacuationModel& out) {
  if (!n || n.IsNull()) return;
  out.where = r.at(n);
  const std::string what = "evacuation";
  if (!r.expect_map(n, what,
                    {"cohort_households", "vehicle_share", "assisted_share", "walk_speed", "warning", "mobilisation",
                     "compliance", "area_per_person", "assisted_transport"}))
    return;
  if (auto v = r.integer(n, "cohort_households", what, false, 1)) out.cohort_households = static_cast<int>(*v);
  if (auto v = r.number(n, "vehicle_share", what, false, 0, 1)) out.vehicle_share = *v;
  if (auto v = r.number(n, "assisted_share", what, false, 0, 1)) out.assisted_share = *v;
  if (out.vehicle_share + out.assisted_share > 1)
    r.error(n, fmt::format("{}: vehicle_share + assisted_share is {}, more than all households; lower one of them",
                           what, out.vehicle_share + out.assisted_share));
  if (auto v = r.quantity(n, "walk_speed", Dimension::speed, what, false, true)) out.walk_speed_mps = *v;
  if (const YAML::Node w = n["warning"]) {
    const std::string wl = what + ".warning";
    if (r.expect_map(w, wl, {"loudspeaker", "phone", "door_to_door"})) {
      for (auto [key, channel] : {std::pair{"loudspeaker", &out.loudspeaker}, std::pair{"phone", &out.phone}}) {
        const YAML::Node c = w[key];
        if (!c) continue;
        const std::string cl = fmt::format("{}.{}", wl, key);
        if (!r.expect_map(c, cl, {"reach", "delay"})) continue;
        if (auto v = r.number(c, "reach", cl, false, 0, 1)) channel->reach = *v;
        if (auto d = r.distribution(c, "delay", Dimension::duration, cl, false)) channel->delay = *d;
      }
      if (const YAML::Node d = w["door_to_door"]) {
        const std::string dl = wl + ".door_to_door";
        if (r.expect_map(d, dl, {"households_per_member"}))
          if (auto v = r.quantity(d, "households_per_member", Dimension::rate, dl, false, true))
            out.door_to_door_per_member_per_s = *v;
      }
    }
  }
  if (const YAML::Node m = n["mobilisation"]) {
    // A Rayleigh S-curve is a Weibull of shape 2: scale = σ√2.
    if (m.IsMap() && m["dist"] && m["dist"].IsScalar() && m["dist"].Scalar() == "rayleigh") {
      if (r.expect_map(m, what + ".mobilisation (rayleigh)", {"dist", "sigma"}))
        if (auto sigma = r.quantity(m, "sigma", Dimension::duration, what + ".mobilisation (rayleigh)", true, true))
          out.mobilisation = Distribution::weibull(2.0, *sigma * std::sqrt(2.0));
    } else if (auto dist = r.distribution(n, "mobilisation", Dimension::duration, what, false)) {
      out.mobilisation = *dist;
    }
  }
  if (auto v = r.number(n, "compliance", what, false, 0, 1)) out.compliance = *v;
  if (auto v = r.quantity(n, "area_per_person", Dimension::area, what, false, true)) out.area_per_person_m2 = *v;
  if (const YAML::Node t = n["assisted_transport"]) {
    const std::string tl = what + ".assisted_transport";
    if (r.expect_map(t, tl, {"seats", "boarding", "order"})) {
      if (auto v = r.integer(t, "seats", tl, false, 1)) out.transport_seats = static_cast<int>(*v);
      if (auto d = r.distribution(t, "boarding", Dimension::duration, tl, false)) out.boarding = *d;
      if (auto o = r.string(t, "order", tl, false)) {
        const std::vector<std::string> orders{"nearest_first", "most_at_risk_first"};
        if (std::find(orders.begin(), orders.end(), *o) == orders.end())
          r.error(t["order"], fmt::format("{}: order must be nearest_first or most_at_risk_first, got '{}'{}", tl, *o,
                                          did_you_mean(*o, orders)));
        else
          out.assisted_order = *o;
      }
    }
  }
}

void emit_evacuation_yaml(YAML::Emitter& out, const EvacuationModel& e) {
  out << YAML::Key << "evacuation" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "cohort_households" << YAML::Value << e.cohort_households;
  out << YAML::Key << "vehicle_share" << YAML::Value << fmt::format("{:g}", e.vehicle_share);
  out << YAML::Key << "assisted_share" << YAML::Value << fmt::format("{:g}", e.assisted_share);
  out << YAML::Key << "walk_speed" << YAML::Value << format_quantity(e.walk_speed_mps, Dimension::speed);
  out << YAML::Key << "warning" << YAML::Value << YAML::BeginMap;
  for (auto [key, c] : {std::pair{"loudspeaker", &e.loudspeaker}, std::pair{"phone", &e.phone}}) {
    out << YAML::Key << key << YAML::Value << YAML::Flow << YAML::BeginMap << YAML::Key << "reach" << YAML::Value
        << fmt::format("{:g}", c->reach) << YAML::Key << "delay" << YAML::Value;
    emit_distribution(out, c->delay, Dimension::duration);
    out << YAML::EndMap;
  }
  out << YAML::Key << "door_to_door" << YAML::Value << YAML::Flow << YAML::BeginMap << YAML::Key
      << "households_per_member" << YAML::Value << format_quantity(e.door_to_door_per_member_per_s, Dimension::rate)
      << YAML::EndMap << YAML::EndMap;
  out << YAML::Key << "mobilisation" << YAML::Value;
  emit_distribution(out, e.mobilisation, Dimension::duration);
  out << YAML::Key << "compliance" << YAML::Value << fmt::format("{:g}", e.compliance);
  out << YAML::Key << "area_per_person" << YAML::Value << format_quantity(e.area_per_person_m2, Dimension::area);
  out << YAML::Key << "assisted_transport" << YAML::Value << YAML::Flow << YAML::BeginMap << YAML::Key << "seats"
      << YAML::Value << e.transport_seats << YAML::Key << "boarding" << YAML::Value;
  emit_distribution(out, e.boarding, Dimension::duration);
  out << YAML::Key << "order" << YAML::Value << e.assisted_order << YAML::EndMap;
  out << YAML::EndMap;
}

}  // namespace readysim
