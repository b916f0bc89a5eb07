#include "scenario/evacuation_section.hpp"

#include <cmath>

namespace readysim {

namespace {

using E = EvacuationModel;

Field<WarningChannel> reach() { return share_field("reach", &WarningChannel::reach, "share of households reached"); }
Field<WarningChannel> delay() {
  return distribution_field("delay", &WarningChannel::delay, Dimension::duration, "warning issued to household reached");
}

Field<E> channel(const char* key, WarningChannel E::*m, const char* delay_default, std::string meaning) {
  Field<E> f = group_field<E>(key, {nested(m, reach()), nested(m, delay().with_default(delay_default))}, true, false,
                              std::move(meaning));
  return f;
}

// A Rayleigh S-curve is a Weibull of shape 2: scale = σ√2.
void read_mobilisation(SectionContext& c, const YAML::Node& n, const std::string& what, E& out) {
  const YAML::Node m = n["mobilisation"];
  if (!m) return;
  if (m.IsMap() && m["dist"] && m["dist"].IsScalar() && m["dist"].Scalar() == "rayleigh") {
    if (c.r.expect_map(m, what + ".mobilisation (rayleigh)", {"dist", "sigma"}))
      if (auto sigma = c.r.quantity(m, "sigma", Dimension::duration, what + ".mobilisation (rayleigh)", true, true))
        out.mobilisation = Distribution::weibull(2.0, *sigma * std::sqrt(2.0));
  } else if (auto dist = c.r.distribution(n, "mobilisation", Dimension::duration, what, false)) {
    out.mobilisation = *dist;
  }
}

const Section<E>& section() {
  static const Section<E> kSection{{
      integer_field("cohort_households", &E::cohort_households, 1, "households travelling together"),
      share_field("vehicle_share", &E::vehicle_share, "households with their own vehicle"),
      share_field("assisted_share", &E::assisted_share, "households needing assisted transport; the rest walk"),
      check_field<E>([](SectionContext& c, const YAML::Node& n, const std::string& what, E& out) {
        if (out.vehicle_share + out.assisted_share > 1)
          c.r.error(n, fmt::format("{}: vehicle_share + assisted_share is {}, more than all households; lower one "
                                   "of them",
                                   what, out.vehicle_share + out.assisted_share));
      }),
      quantity_field("walk_speed", &E::walk_speed_mps, Dimension::speed, true,
                     "walking speed (pedestrians avoid water too deep for cars)"),
      group_field<E>("warning",
                     {channel("loudspeaker", &E::loudspeaker, "lognormal 5/15 min", "village loudspeakers (村村响, R8)"),
                      channel("phone", &E::phone, "lognormal 10/30 min", "SMS and calls"),
                      group_field<E>("door_to_door",
                                     {quantity_field("households_per_member", &E::door_to_door_per_member_per_s,
                                                     Dimension::rate, true, "")},
                                     true, false,
                                     "each door-to-door warner (`staffing.door_to_door`) visits households, nearest "
                                     "settlements first")
                          .with_type("`{households_per_member}` rate")},
                     false, true, ""),
      custom_field<E>("mobilisation", "distribution (duration), or `{dist: rayleigh, sigma}`",
                      "Weibull shape 1.5, scale 40 min", "warned to leaving", read_mobilisation,
                      [](YAML::Emitter& out, const Scenario&, const E& v) {
                        emit_distribution(out, v.mobilisation, Dimension::duration);
                      }),
      share_field("compliance", &E::compliance, "share of warned households that leave"),
      quantity_field("area_per_person", &E::area_per_person_m2, Dimension::area, true,
                     "shelter floor area per person"),
      group_field<E>("assisted_transport",
                     {integer_field("seats", &E::transport_seats, 1, "people per trip"),
                      distribution_field("boarding", &E::boarding, Dimension::duration, "loading or unloading a trip"),
                      choice_field<E, std::string>("order", &E::assisted_order,
                                                   {{"nearest_first", "nearest_first"},
                                                    {"most_at_risk_first", "most_at_risk_first"}},
                                                   false, "which pick-up point first")},
                     true, false, "the transport vehicles' trips"),
  }};
  return kSection;
}

}  // namespace

Field<Scenario> evacuation_field() {
  Field<Scenario> f = custom_field<Scenario>(
      "evacuation", "mapping", "defaults", "how people are warned, leave and travel in a flood",
      [](SectionContext& c, const YAML::Node& map, const std::string&, Scenario& s) {
        const YAML::Node n = map["evacuation"];
        if (!n || n.IsNull()) return;
        s.evacuation.where = c.r.at(n);
        section().read_map(c, n, "evacuation", s.evacuation);
      },
      [](YAML::Emitter& out, const Scenario& s, const Scenario&) {
        out << YAML::BeginMap;
        section().emit(out, s, s.evacuation);
        out << YAML::EndMap;
      });
  return f;
}

void add_evacuation_reference(std::vector<ReferenceTable>& out) {
  out.push_back({"evacuation", section().table(EvacuationModel{})});
}

}  // namespace readysim
