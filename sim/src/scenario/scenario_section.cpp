#include "scenario/scenario_section.hpp"

#include <fmt/ranges.h>

#include "scenario/district_section.hpp"
#include "scenario/evacuation_section.hpp"
#include "scenario/fire_section.hpp"
#include "scenario/flood_section.hpp"
#include "scenario/logistics_section.hpp"
#include "scenario/resources_section.hpp"
#include "scenario/staffing_section.hpp"

namespace readysim {

namespace {

// A policy among named options ("policies: queue 'x' is not known; use fifo").
Field<Policies> policy(const char* key, std::string Policies::*m, std::vector<std::string> options,
                       std::string meaning) {
  Field<Policies> f = custom_field<Policies>(
      key, "", "", std::move(meaning),
      [key, m, options](SectionContext& c, const YAML::Node& p, const std::string&, Policies& out) {
        const auto v = c.r.string(p, key, "policies", false);
        if (!v) return;
        if (std::find(options.begin(), options.end(), *v) == options.end())
          c.r.error(p[key], fmt::format("policies: {} '{}' is not known{}; use {}", key, *v,
                                        did_you_mean(*v, options), fmt::join(options, " or ")));
        else
          out.*m = *v;
      },
      [m](YAML::Emitter& out, const Scenario&, const Policies& v) { out << v.*m; });
  for (const auto& o : options) f.type += (f.type.empty() ? "`" : " \\| `") + o + "`";
  f.show = [m](const Policies& d) { return "`" + d.*m + "`"; };
  return f;
}

const Section<Policies>& policies() {
  static const Section<Policies> kSection{{
      policy("dispatch", &Policies::dispatch, {"nearest_free_engine"}, "how an engine is chosen"),
      policy("queue", &Policies::queue, {"fifo"}, "order of waiting calls"),
      policy("no_engine_free", &Policies::no_engine_free, {"queue", "mutual_aid"},
             "a call when no engine is free: waits for one (`queue`) or calls outside help at once (`mutual_aid`: "
             "needs `hazards.fire.mutual_aid` and `district.mutual_aid_node`)"),
  }};
  return kSection;
}

const Section<RunSettings>& run() {
  static const Section<RunSettings> kSection{{
      integer_field("replications", &RunSettings::replications, 1, "Monte Carlo replications", kMaxReplications),
      integer_field("seed", &RunSettings::seed, 0, "master seed", kMaxSeed),
      quantity_field("warm_up", &RunSettings::warm_up_s, Dimension::duration, false,
                     "fires alarmed before this are left out of the summary metrics (the queues start empty); the "
                     "record tables keep them"),
  }};
  return kSection;
}

const Section<Hazards>& hazards() {
  static const Section<Hazards> kSection{{fire_field(), flood_field()}};
  return kSection;
}

// A section of the top level whose struct is a member of the Scenario.
template <class S>
Field<Scenario> member_section(const char* key, S Scenario::*m, const Section<S>& (*section)(), std::string dflt,
                               std::string meaning, void (*start)(SectionContext&, const YAML::Node&, Scenario&)) {
  return custom_field<Scenario>(
      key, "mapping", std::move(dflt), std::move(meaning),
      [key, m, section, start](SectionContext& c, const YAML::Node& root, const std::string&, Scenario& s) {
        const YAML::Node n = root[key];
        if (start) start(c, n, s);
        if (!n || n.IsNull()) return;
        section().read_map(c, n, key, s.*m);
      },
      [m, section](YAML::Emitter& out, const Scenario& s, const Scenario&) {
        out << YAML::BeginMap;
        section().emit(out, s, s.*m);
        out << YAML::EndMap;
      });
}

}  // namespace

const Section<Scenario>& scenario_section() {
  static const Section<Scenario> kSection{{
      district_field(),
      quantity_field("horizon", &Scenario::horizon_s, Dimension::duration, true,
                     "simulated time span of a replication"),
      resources_field(),
      member_section("hazards", &Scenario::hazards, hazards, "empty", "`fire` and `flood` (sections below)", nullptr),
      member_section("policies", &Scenario::policies, policies, "defaults", "dispatch and queue rules",
                     [](SectionContext& c, const YAML::Node& n, Scenario& s) {
                       s.policies.where = SourceLocation{s.path, 0, 0};
                       if (n && !n.IsNull()) s.policies.where = c.r.at(n);
                     }),
      evacuation_field(),
      logistics_field(),
      staffing_field(),
      check_field<Scenario>([](SectionContext&, const YAML::Node&, const std::string&, Scenario& s) {
        for (auto& sh : s.resources.shelters)
          sh.capacity = static_cast<int>(sh.floor_area_m2 / s.evacuation.area_per_person_m2);
      }),
      member_section("run", &Scenario::run, run, "defaults", "replications, seed and warm-up", nullptr),
  }};
  return kSection;
}

void add_scenario_reference(std::vector<ReferenceTable>& out) {
  out.push_back({"scenario", scenario_section().table(Scenario{})});
  out.push_back({"hazards", hazards().table(Hazards{})});
  out.push_back({"policies", policies().table(Policies{})});
  out.push_back({"run", run().table(RunSettings{})});
}

}  // namespace readysim
