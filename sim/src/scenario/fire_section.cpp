#include "scenario/fire_section.hpp"

#include "scenario/incident_log_section.hpp"

#include <fmt/ranges.h>

#include <cmath>

namespace readysim {

namespace {

constexpr double kYear = 365.25 * 86400.0;

// The standard t-squared growth classes (NFPA 72 / BS PD 7974), kW/s² → W/s².
struct GrowthClass {
  const char* name;
  double alpha_w_per_s2;
};
constexpr GrowthClass kGrowthClasses[] = {
    {"slow", 2.93}, {"medium", 11.72}, {"fast", 46.9}, {"ultra_fast", 187.6}};

const char* const kLevels[] = {"red", "orange", "yellow", "blue"};

Distribution lognormal(double median, double p90) { return Distribution::lognormal_median_p90(median, p90); }

// The defaults' sources are in scenarios/README.md ("Fire growth, peak and decay"). Peaks are
// EN 1991-1-2 Annex E.4's ventilation limit, 0.10 m Hu Av sqrt(heq) MW with m = 0.8 and
// Hu = 17.5 MJ/kg: a dwelling room with 2 m² of openings 1.5 m high (3.4 MW), an enterprise's
// compartment with 8 m² 2 m high (15.8 MW); both below the fuel limit RHRf × area (Table E.5:
// 250 kW/m²). Fire load densities are Table E.4's means (dwelling 780 MJ/m², shopping centre
// 600 for mixed goods, library 1500 for stored paper and goods). Confined shares: USFA,
// "Investigation of Confined Structure Fires" (Topical Fire Research Series 5(8), 2006):
// confined fires are 38 % of residential and 37 % of all structure fires.
Occupancy occupancy(const std::string& name, double alpha, double flashover_w, Distribution on_scene, double peak_w,
                    double load_mj_per_m2, double area_m2, double confined) {
  Occupancy o{name, alpha, flashover_w, std::move(on_scene)};
  o.peak_w = peak_w;
  o.fire_load_mj_per_m2 = load_mj_per_m2;
  o.fire_area_m2 = area_m2;
  o.confined_share = confined;
  return o;
}

// An occupancy the defaults do not have starts as a dwelling does.
Occupancy new_occupancy(const std::string& name) {
  return occupancy(name, 11.72, 1e6, lognormal(45 * 60.0, 90 * 60.0), 3.5e6, 780, 20, 0.38);
}

// Rates read best per year ("0.5 /yr").
std::string format_per_year(double per_s) { return fmt::format("{:.12g} /yr", per_s * kYear); }

using F = FireHazard;

void read_ignition_rates(SectionContext& c, const YAML::Node& n, const std::string& what, F& out) {
  const YAML::Node rates = n["ignition_rates"];
  if (!rates) return;
  const std::string rl = what + ".ignition_rates";
  if (!c.r.expect_map(rates, rl, {"red", "orange", "yellow", "blue"})) return;
  for (std::size_t i = 0; i < 4; ++i)
    if (auto v = c.r.quantity(rates, kLevels[i], Dimension::rate, rl, false, false)) out.rate_by_level_per_s[i] = *v;
}

void read_hourly_profile(SectionContext& c, const YAML::Node& n, const std::string& what, F& out) {
  const YAML::Node prof = n["hourly_profile"];
  if (!prof) return;
  if (!prof.IsSequence() || prof.size() != 24) {
    c.r.error(prof, fmt::format("{}: hourly_profile must be a list of 24 relative weights (hour 0 to 23)", what));
    return;
  }
  double sum = 0;
  for (std::size_t h = 0; h < 24; ++h) {
    double w = -1;
    if (!prof[h].IsScalar() || !YAML::convert<double>::decode(prof[h], w) || !(w >= 0) || !std::isfinite(w)) {
      c.r.error(prof[h], fmt::format("{}: hourly_profile[{}] must be a number ≥ 0, got '{}'", what, h,
                                     prof[h].IsScalar() ? prof[h].Scalar() : "a list"));
      w = 0;
    }
    out.hourly_profile.push_back(w);
    sum += w;
  }
  if (sum <= 0) c.r.error(prof, fmt::format("{}: hourly_profile weights must not all be zero", what));
}

void read_growth(YamlReader& r, const YAML::Node& g, const std::string& label, Occupancy& o) {
  std::vector<std::string> names;
  for (const auto& gc : kGrowthClasses) {
    names.emplace_back(gc.name);
    if (g.IsScalar() && g.Scalar() == gc.name) {
      o.growth_w_per_s2 = gc.alpha_w_per_s2;
      return;
    }
  }
  const bool numeric = g.IsScalar() && !g.Scalar().empty() &&
                       (std::isdigit(static_cast<unsigned char>(g.Scalar()[0])) || g.Scalar()[0] == '.');
  if (numeric) {
    if (auto a = r.quantity_node(g, Dimension::growth, label + ": 'growth'", true)) o.growth_w_per_s2 = *a;
  } else {
    r.error(g, fmt::format("{}: growth must be slow, medium, fast, ultra_fast or a value such as '0.0469 kW/s2', got "
                           "'{}'{}",
                           label, g.IsScalar() ? g.Scalar() : "a mapping",
                           g.IsScalar() ? did_you_mean(g.Scalar(), names) : ""));
  }
}

// The keys of one occupancy (`hazards.fire.occupancies.<name>`).
const Section<Occupancy>& occupancy_section() {
  static const Section<Occupancy> kSection{{
      custom_field<Occupancy>(
          "growth", "`slow` \\| `medium` \\| `fast` \\| `ultra_fast`, or a fire-growth coefficient", "`medium`",
          "t-squared growth coefficient α (Q = α t²), see below",
          [](SectionContext& c, const YAML::Node& n, const std::string& label, Occupancy& o) {
            if (const YAML::Node g = n["growth"]) read_growth(c.r, g, label, o);
          },
          [](YAML::Emitter& out, const Scenario&, const Occupancy& o) {
            out << format_quantity(o.growth_w_per_s2, Dimension::growth);
          }),
      quantity_field("flashover", &Occupancy::flashover_w, Dimension::power, true,
                     "heat release at which the room flashes over"),
      distribution_field("on_scene", &Occupancy::on_scene, Dimension::duration, "engine time on scene")
          .with_default("lognormal median 45 min, p90 90 min"),
      quantity_field("peak", &Occupancy::peak_w, Dimension::power, true,
                     "fuel- and ventilation-limited peak heat release: growth stops there (EN 1991-1-2 E.4)"),
      number_field("fire_load_density", &Occupancy::fire_load_mj_per_m2, 0, 1e5,
                   "MJ per m² of floor (EN 1991-1-2 Table E.4): at its peak until 70 % is burnt, then a linear "
                   "decay",
                   false),
      quantity_field("fire_area", &Occupancy::fire_area_m2, Dimension::area, true,
                     "floor area of the compartment of origin (the fire load is density × area)"),
      share_field("confined_share", &Occupancy::confined_share,
                  "share of fires that stay confined to the item of origin (`hazards.fire.confined_fire`)"),
  }};
  return kSection;
}

void read_occupancies(SectionContext& c, const YAML::Node& n, const std::string& what, F& out) {
  const YAML::Node occ = n["occupancies"];
  if (!occ) return;
  if (!occ.IsMap()) {
    c.r.error(occ, fmt::format("{}.occupancies must be a mapping from occupancy name to {{growth, flashover, "
                               "on_scene}}",
                               what));
    return;
  }
  for (const auto& kv : occ) {
    const std::string name = kv.first.Scalar();
    const std::string label = fmt::format("occupancy '{}'", name);
    if (!c.r.expect_map(kv.second, label, occupancy_section().keys())) continue;
    Occupancy* o = const_cast<Occupancy*>(out.find_occupancy(name));
    if (!o) {
      out.occupancies.push_back(new_occupancy(name));
      o = &out.occupancies.back();
    }
    occupancy_section().read(c, kv.second, label, *o);
  }
}

void read_scheduled(SectionContext& c, const YAML::Node& n, const std::string& what, F& out) {
  const YAML::Node list = n["scheduled_fires"];
  if (!list || !c.r.expect_list(list, what + ".scheduled_fires")) return;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const std::string label = fmt::format("scheduled fire #{}", i + 1);
    if (!c.r.expect_map(list[i], label, {"time", "at"})) continue;
    const auto t = c.r.quantity(list[i], "time", Dimension::duration, label, true, false);
    const auto at = c.r.string(list[i], "at", label, true);
    if (t && at) out.scheduled.push_back(ScheduledFire{*t, *at, c.r.at(list[i])});
  }
}

void read_mutual_aid(SectionContext& c, const YAML::Node& n, const std::string& what, F& out) {
  const YAML::Node a = n["mutual_aid"];
  if (!a) return;
  const std::string al = what + ".mutual_aid";
  if (!c.r.expect_map(a, al, {"delay"})) return;
  out.mutual_aid.enabled = true;
  if (auto d = c.r.distribution(a, "delay", Dimension::duration, al, false)) out.mutual_aid.delay = *d;
}

const Section<F>& section() {
  static const std::vector<std::string> kOrder{"ignition_rates", "dwelling_fires_per_1000_residents",
                                               "hourly_profile", "occupancies",
                                               "detection_delay", "smoke_alarm_share",
                                               "smoke_alarm_delay", "call_processing",
                                               "confined_fire", "micro_station",
                                               "scheduled_fires", "mutual_aid"};
  Field<F> ignition = custom_field<F>(
      "ignition_rates", "mapping `red`, `orange`, `yellow`, `blue` → rate", "", "fires per risk point by grade",
      read_ignition_rates, [](YAML::Emitter& out, const Scenario&, const F& f) {
        out << YAML::Flow << YAML::BeginMap;
        for (std::size_t i = 0; i < 4; ++i)
          out << YAML::Key << kLevels[i] << YAML::Value << format_per_year(f.rate_by_level_per_s[i]);
        out << YAML::EndMap;
      });
  ignition.show = [](const F& d) {
    std::string out;
    for (double r : d.rate_by_level_per_s) out += (out.empty() ? "`" : ", `") + format_per_year(r) + "`";
    return out;
  };
  Field<F> dwelling = custom_field<F>(
      "dwelling_fires_per_1000_residents", "rate", "", "dwelling fires per 1,000 residents of a settlement",
      [](SectionContext& c, const YAML::Node& n, const std::string& what, F& out) {
        if (auto v = c.r.quantity(n, "dwelling_fires_per_1000_residents", Dimension::rate, what, false, false))
          out.dwelling_rate_per_1000_per_s = *v;
      },
      [](YAML::Emitter& out, const Scenario&, const F& f) { out << format_per_year(f.dwelling_rate_per_1000_per_s); });
  dwelling.show = [](const F& d) { return "`" + format_per_year(d.dwelling_rate_per_1000_per_s) + "`"; };
  static const Section<F> kSection{
      {
          ignition,
          dwelling,
          custom_field<F>("hourly_profile", "24 numbers ≥ 0", "flat",
                          "relative ignition weights by hour, hour 0 at t = 0 (midnight)", read_hourly_profile,
                          [](YAML::Emitter& out, const Scenario&, const F& f) {
                            out << YAML::Flow << YAML::BeginSeq;
                            for (double w : f.hourly_profile) out << w;
                            out << YAML::EndSeq;
                          })
              .when([](const F& f) { return !f.hourly_profile.empty(); }),
          custom_field<F>("occupancies", "mapping name → `{growth, flashover, on_scene, peak, …}`", "see below",
                          "fire growth, peak, fire load, confined share and engine time on scene", read_occupancies,
                          [](YAML::Emitter& out, const Scenario& s, const F& f) {
                            out << YAML::BeginMap;
                            for (const auto& o : f.occupancies) {
                              out << YAML::Key << o.name << YAML::Value << YAML::Flow << YAML::BeginMap;
                              occupancy_section().emit(out, s, o);
                              out << YAML::EndMap;
                            }
                            out << YAML::EndMap;
                          }),
          distribution_field("detection_delay", &F::detection_delay, Dimension::duration,
                             "ignition to the call when a person finds the fire")
              .with_default("lognormal median 2 min, p90 6 min"),
          share_field("smoke_alarm_share", &F::smoke_alarm_share,
                      "share of fires where a working smoke alarm sounds (then the call is the earlier of it and a "
                      "person)"),
          distribution_field("smoke_alarm_delay", &F::smoke_alarm_delay, Dimension::duration,
                             "ignition to the call when a smoke alarm sounds")
              .with_default("lognormal median 1 min, p90 3 min"),
          distribution_field("call_processing", &F::call_processing, Dimension::duration, "alarm to units sent")
              .with_default("lognormal median 1 min, p90 2 min"),
          group_field<F>(
              "confined_fire",
              {nested(&F::confined, quantity_field("peak", &ConfinedFireModel::peak_w, Dimension::power, true,
                                                   "peak heat release")),
               nested(&F::confined, number_field("fire_load", &ConfinedFireModel::fire_load_mj, 0, 1e6,
                                                 "energy of the item, MJ", false))},
              true, false,
              "a fire that stays confined to the item of origin: its occupancy's growth, this peak and load"),
          group_field<F>(
              "micro_station",
              {nested(&F::micro, distribution_field("mobilisation", &MicroStationModel::mobilisation,
                                                    Dimension::duration, "alarm to leaving")
                                     .with_default("lognormal 2/4 min")),
               nested(&F::micro, quantity_field("speed", &MicroStationModel::speed_mps, Dimension::speed, true,
                                                "travel speed")),
               nested(&F::micro, quantity_field("holds_below", &MicroStationModel::holds_below_w, Dimension::power,
                                                true, "a fire smaller on arrival is held"))},
              true, false, "the micro fire station: delay, speed, and the fire size it can hold"),
          custom_field<F>("mutual_aid", "`{delay}`", "absent (no mutual aid)",
                          "outside help from `district.mutual_aid_node`: delay before leaving", read_mutual_aid,
                          [](YAML::Emitter& out, const Scenario&, const F& f) {
                            out << YAML::Flow << YAML::BeginMap << YAML::Key << "delay" << YAML::Value;
                            emit_distribution(out, f.mutual_aid.delay, Dimension::duration);
                            out << YAML::EndMap;
                          })
              .when([](const F& f) { return f.mutual_aid.enabled; }),
          custom_field<F>("scheduled_fires", "list of `{time, at}`", "`[]`",
                          "fires at fixed times at a risk point or settlement id, in every replication",
                          read_scheduled,
                          [](YAML::Emitter& out, const Scenario&, const F& f) {
                            out << YAML::BeginSeq;
                            for (const auto& sf : f.scheduled)
                              out << YAML::Flow << YAML::BeginMap << YAML::Key << "time" << YAML::Value
                                  << format_quantity(sf.ignition_s, Dimension::duration) << YAML::Key << "at"
                                  << YAML::Value << sf.place << YAML::EndMap;
                            out << YAML::EndSeq;
                          })
              .when([](const F& f) { return !f.scheduled.empty(); }),
          incident_log_field(),
          travel_field(),
      },
      kOrder,
      kOrder};
  return kSection;
}

}  // namespace

FireHazard default_fire_hazard() {
  FireHazard f;
  // Planning assumptions, not statistics of Yunlianghu: a red (重大) risk point burns about
  // twice a year, a blue one once in five years; dwellings 0.5 fires per 1,000 residents a year.
  f.rate_by_level_per_s = {2.0 / kYear, 1.0 / kYear, 0.5 / kYear, 0.2 / kYear};
  f.dwelling_rate_per_1000_per_s = 0.5 / kYear;
  f.occupancies = {
      new_occupancy("dwelling"),
      occupancy("industrial", 46.9, 5e6, lognormal(90 * 60.0, 180 * 60.0), 16e6, 600, 200, 0.37),
      occupancy("warehouse", 46.9, 5e6, lognormal(90 * 60.0, 180 * 60.0), 16e6, 1500, 200, 0.37),
      occupancy("food_processing", 11.72, 3e6, lognormal(60 * 60.0, 120 * 60.0), 16e6, 600, 200, 0.37),
      occupancy("textile", 46.9, 3e6, lognormal(75 * 60.0, 150 * 60.0), 16e6, 600, 200, 0.37),
  };
  f.detection_delay = lognormal(120.0, 360.0);
  // A smoke alarm sounds in one fire in two: one was absent from the fire area in 37 % of
  // Great Britain's dwelling fires and did not operate in some more (DCLG, Fire Statistics Great
  // Britain 2010-11); it sounds within about a minute of flaming ignition (NIST TN 1455-1), and
  // someone calls (p90 3 min).
  f.smoke_alarm_share = 0.5;
  f.smoke_alarm_delay = lognormal(60.0, 180.0);
  f.call_processing = lognormal(60.0, 120.0);
  f.micro.mobilisation = lognormal(120.0, 240.0);
  return f;
}

const Occupancy* FireHazard::find_occupancy(std::string_view name) const {
  for (const auto& o : occupancies)
    if (o.name == name) return &o;
  return nullptr;
}

Field<Hazards> fire_field() {
  Field<Hazards> f = custom_field<Hazards>(
      "fire", "mapping", "absent (no fires)", "fires (section below); `fire: {}` takes every default",
      [](SectionContext& c, const YAML::Node& h, const std::string&, Hazards& out) {
        const YAML::Node n = h["fire"];
        if (!n) return;
        out.fire = default_fire_hazard();
        out.fire.enabled = true;
        out.fire.where = c.r.at(n);
        if (n.IsNull()) return;
        section().read_map(c, n, "hazards.fire", out.fire);
      },
      [](YAML::Emitter& out, const Scenario& s, const Hazards& h) {
        out << YAML::BeginMap;
        section().emit(out, s, h.fire);
        out << YAML::EndMap;
      });
  return std::move(f).when([](const Hazards& h) { return h.fire.enabled; });
}

void check_fire(const Scenario& s, Diagnostics& diags) {
  const FireHazard& fire = s.hazards.fire;
  if (!fire.enabled) return;
  check_travel(s, diags);
  std::vector<std::string> names;
  for (const auto& o : fire.occupancies) names.push_back(o.name);
  for (const auto& rp : s.district.risk_points)
    if (!fire.find_occupancy(rp.occupancy))
      diags.error(rp.where, fmt::format("risk point '{}': occupancy '{}' has no growth model; add it under "
                                        "hazards.fire.occupancies or use one of {}",
                                        rp.id, rp.occupancy, fmt::join(names, ", ")));
  for (const auto& sf : fire.scheduled) {
    bool known = false;
    std::vector<std::string> places;
    for (const auto& rp : s.district.risk_points) {
      known = known || rp.id == sf.place;
      places.push_back(rp.id);
    }
    for (const auto& st : s.district.settlements) {
      known = known || st.id == sf.place;
      places.push_back(st.id);
    }
    if (!known)
      diags.error(sf.where, fmt::format("scheduled fire at '{}': no risk point or settlement has that id{}", sf.place,
                                        did_you_mean(sf.place, places)));
    if (sf.ignition_s >= s.horizon_s)
      diags.error(sf.where, fmt::format("scheduled fire at '{}' ignites at {}, after the horizon ({})", sf.place,
                                        format_quantity(sf.ignition_s, Dimension::duration),
                                        format_quantity(s.horizon_s, Dimension::duration)));
  }
  int engines = 0;
  for (const auto& st : s.resources.stations) engines += st.engines;
  if (engines == 0 && !fire.mutual_aid.enabled)
    diags.error(fire.where,
                "hazards.fire is on, but no station has an engine and there is no mutual aid: nobody would put the "
                "fires out; give a station `engines:` or add hazards.fire.mutual_aid");
  if (s.policies.no_engine_free == "mutual_aid" && (!fire.mutual_aid.enabled || !s.district.mutual_aid_node))
    diags.error(s.policies.where,
                "policies: no_engine_free is mutual_aid, but there is no mutual aid to call; add "
                "hazards.fire.mutual_aid {delay: …} and district.mutual_aid_node");
  if (fire.mutual_aid.enabled && !s.district.mutual_aid_node)
    diags.error(fire.where,
                "hazards.fire.mutual_aid needs district.mutual_aid_node: the road node where outside help enters");
}

void add_fire_reference(std::vector<ReferenceTable>& out) {
  out.push_back({"hazards.fire", section().table(default_fire_hazard())});
  out.push_back({"hazards.fire.occupancies", occupancy_section().table(new_occupancy("new"))});
}

}  // namespace readysim
