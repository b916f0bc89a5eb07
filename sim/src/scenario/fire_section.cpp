#include "scenario/fire_section.hpp"

#include <fmt/format.h>

#include "readysim/suggest.hpp"

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

Distribution lognormal(double median, double p90) { return Distribution::lognormal_median_p90(median, p90); }

}  // namespace

FireHazard default_fire_hazard() {
  FireHazard f;
  // Planning assumptions, not statistics of Yunlianghu: a red (重大) risk point burns about
  // twice a year, a blue one once in five years; dwellings 0.5 fires per 1,000 residents a year.
  f.rate_by_level_per_s = {2.0 / kYear, 1.0 / kYear, 0.5 / kYear, 0.2 / kYear};
  f.dwelling_rate_per_1000_per_s = 0.5 / kYear;
  f.occupancies = {
      {"dwelling", 11.72, 1e6, lognormal(45 * 60.0, 90 * 60.0)},
      {"industrial", 46.9, 5e6, lognormal(90 * 60.0, 180 * 60.0)},
      {"warehouse", 46.9, 5e6, lognormal(90 * 60.0, 180 * 60.0)},
      {"food_processing", 11.72, 3e6, lognormal(60 * 60.0, 120 * 60.0)},
      {"textile", 46.9, 3e6, lognormal(75 * 60.0, 150 * 60.0)},
  };
  f.detection_delay = lognormal(120.0, 360.0);
  f.call_processing = lognormal(60.0, 120.0);
  f.micro.mobilisation = lognormal(120.0, 240.0);
  return f;
}

const Occupancy* FireHazard::find_occupancy(std::string_view name) const {
  for (const auto& o : occupancies)
    if (o.name == name) return &o;
  return nullptr;
}

void read_fire_section(const YAML::Node& n, YamlReader& r, FireHazard& out) {
  out = default_fire_hazard();
  out.enabled = true;
  out.where = r.at(n);
  if (!n || n.IsNull()) return;
  const std::string what = "hazards.fire";
  if (!r.expect_map(n, what,
                    {"ignition_rates", "dwelling_fires_per_1000_residents", "hourly_profile", "occupancies",
                     "detection_delay", "call_processing", "micro_station", "mutual_aid", "scheduled_fires"}))
    return;

  if (const YAML::Node rates = n["ignition_rates"]) {
    const std::string rl = what + ".ignition_rates";
    if (r.expect_map(rates, rl, {"red", "orange", "yellow", "blue"})) {
      const char* levels[] = {"red", "orange", "yellow", "blue"};
      for (std::size_t i = 0; i < 4; ++i)
        if (auto v = r.quantity(rates, levels[i], Dimension::rate, rl, false, false)) out.rate_by_level_per_s[i] = *v;
    }
  }
  if (auto v = r.quantity(n, "dwelling_fires_per_1000_residents", Dimension::rate, what, false, false))
    out.dwelling_rate_per_1000_per_s = *v;

  if (const YAML::Node prof = n["hourly_profile"]) {
    if (!prof.IsSequence() || prof.size() != 24) {
      r.error(prof, fmt::format("{}: hourly_profile must be a list of 24 relative weights (hour 0 to 23)", what));
    } else {
      double sum = 0;
      for (std::size_t h = 0; h < 24; ++h) {
        double w = -1;
        if (!prof[h].IsScalar() || !YAML::convert<double>::decode(prof[h], w) || !(w >= 0) || !std::isfinite(w)) {
          r.error(prof[h], fmt::format("{}: hourly_profile[{}] must be a number ≥ 0, got '{}'", what, h,
                                       prof[h].IsScalar() ? prof[h].Scalar() : "a list"));
          w = 0;
        }
        out.hourly_profile.push_back(w);
        sum += w;
      }
      if (sum <= 0) r.error(prof, fmt::format("{}: hourly_profile weights must not all be zero", what));
    }
  }

  if (const YAML::Node occ = n["occupancies"]) {
    const std::string ol = what + ".occupancies";
    if (occ.IsMap()) {
      for (const auto& kv : occ) {
        const std::string name = kv.first.Scalar();
        const std::string label = fmt::format("occupancy '{}'", name);
        if (!r.expect_map(kv.second, label, {"growth", "flashover", "on_scene"})) continue;
        Occupancy* o = const_cast<Occupancy*>(out.find_occupancy(name));
        if (!o) {
          out.occupancies.push_back(Occupancy{name, 11.72, 1e6, lognormal(45 * 60.0, 90 * 60.0)});
          o = &out.occupancies.back();
        }
        if (const YAML::Node g = kv.second["growth"]) {
          bool named = false;
          std::vector<std::string> names;
          for (const auto& gc : kGrowthClasses) {
            names.emplace_back(gc.name);
            if (g.IsScalar() && g.Scalar() == gc.name) {
              o->growth_w_per_s2 = gc.alpha_w_per_s2;
              named = true;
            }
          }
          if (!named) {
            const bool numeric = g.IsScalar() && !g.Scalar().empty() &&
                                 (std::isdigit(static_cast<unsigned char>(g.Scalar()[0])) || g.Scalar()[0] == '.');
            if (numeric) {
              if (auto a = r.quantity_node(g, Dimension::growth, label + ": 'growth'", true)) o->growth_w_per_s2 = *a;
            } else {
              r.error(g, fmt::format("{}: growth must be slow, medium, fast, ultra_fast or a value such as "
                                     "'0.0469 kW/s2', got '{}'{}",
                                     label, g.IsScalar() ? g.Scalar() : "a mapping",
                                     g.IsScalar() ? did_you_mean(g.Scalar(), names) : ""));
            }
          }
        }
        if (auto f = r.quantity(kv.second, "flashover", Dimension::power, label, false, true)) o->flashover_w = *f;
        if (auto d = r.distribution(kv.second, "on_scene", Dimension::duration, label, false)) o->on_scene = *d;
      }
    } else {
      r.error(occ, fmt::format("{} must be a mapping from occupancy name to {{growth, flashover, on_scene}}", ol));
    }
  }

  if (auto d = r.distribution(n, "detection_delay", Dimension::duration, what, false)) out.detection_delay = *d;
  if (auto d = r.distribution(n, "call_processing", Dimension::duration, what, false)) out.call_processing = *d;

  if (const YAML::Node m = n["micro_station"]) {
    const std::string ml = what + ".micro_station";
    if (r.expect_map(m, ml, {"mobilisation", "speed", "holds_below"})) {
      if (auto d = r.distribution(m, "mobilisation", Dimension::duration, ml, false)) out.micro.mobilisation = *d;
      if (auto v = r.quantity(m, "speed", Dimension::speed, ml, false, true)) out.micro.speed_mps = *v;
      if (auto v = r.quantity(m, "holds_below", Dimension::power, ml, false, true)) out.micro.holds_below_w = *v;
    }
  }
  if (const YAML::Node list = n["scheduled_fires"]) {
    const std::string sl = what + ".scheduled_fires";
    if (r.expect_list(list, sl)) {
      for (std::size_t i = 0; i < list.size(); ++i) {
        const std::string label = fmt::format("scheduled fire #{}", i + 1);
        if (!r.expect_map(list[i], label, {"time", "at"})) continue;
        const auto t = r.quantity(list[i], "time", Dimension::duration, label, true, false);
        const auto at = r.string(list[i], "at", label, true);
        if (t && at) out.scheduled.push_back(ScheduledFire{*t, *at, r.at(list[i])});
      }
    }
  }
  if (const YAML::Node a = n["mutual_aid"]) {
    const std::string al = what + ".mutual_aid";
    if (r.expect_map(a, al, {"delay"})) {
      out.mutual_aid.enabled = true;
      if (auto d = r.distribution(a, "delay", Dimension::duration, al, false)) out.mutual_aid.delay = *d;
    }
  }
}

}  // namespace readysim
