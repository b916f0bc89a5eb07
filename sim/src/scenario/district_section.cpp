#include "scenario/district_section.hpp"

#include "readysim/input_check.hpp"
#include "readysim/limits.hpp"

#include <filesystem>

#include "readysim/road_import.hpp"
#include "scenario/entity_fields.hpp"
#include "scenario/snap.hpp"

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

const Community* Scenario::find_community(std::string_view id) const {
  for (const auto& c : district.communities)
    if (c.id == id) return &c;
  return nullptr;
}

long Scenario::population() const {
  long total = 0;
  for (const auto& st : district.settlements) total += st.population;
  return total;
}

namespace {

// Rates read best per year ("0.5 /yr").
std::string format_per_year(double per_s) { return fmt::format("{:.12g} /yr", per_s * 365.25 * 86400.0); }

const Section<Community>& communities() {
  static const Section<Community> kSection{{
      id_field<Community>(),
      name_field<Community>(),
      custom_field<Community>(
          "kind", "`sub_district` \\| `market_town`", "`sub_district`", "办事处 or 集镇社区",
          [](SectionContext& c, const YAML::Node& item, const std::string& label, Community& out) {
            if (auto k = c.r.string(item, "kind", label, false)) {
              if (*k == "market_town") out.kind = CommunityKind::market_town;
              else if (*k != "sub_district")
                c.r.error(item["kind"], fmt::format("{}: kind must be sub_district or market_town, got '{}'", label, *k));
            }
          },
          [](YAML::Emitter& out, const Scenario&, const Community& v) {
            out << std::string(community_kind_name(v.kind));
          }),
      node_field("node", &Community::node, "where its office stands"),
  }};
  return kSection;
}

const Section<Settlement>& settlements() {
  static const Section<Settlement> kSection{{
      id_field<Settlement>(),
      name_field<Settlement>(),
      ref_field("community", "community", &Settlement::community, true, "", "the community it belongs to"),
      node_field("node", &Settlement::node, "its road node"),
      custom_field<Settlement>(
          "population", "integer 1–10,000,000", "required", "registered residents",
          [](SectionContext& c, const YAML::Node& item, const std::string& label, Settlement& out) {
            out.population = static_cast<int>(c.r.integer(item, "population", label, true, 1, kMaxPopulation).value_or(0));
          },
          [](YAML::Emitter& out, const Scenario&, const Settlement& v) { out << v.population; }),
      custom_field<Settlement>(
          "households", "integer 1–10,000,000", "population / 2.8", "households",
          [](SectionContext& c, const YAML::Node& item, const std::string& label, Settlement& out) {
            const long long dflt = std::llround(out.population / 2.8);
            out.households = static_cast<int>(c.r.integer(item, "households", label, false, 1, kMaxPopulation).value_or(dflt));
          },
          [](YAML::Emitter& out, const Scenario&, const Settlement& v) { out << v.households; }),
  }};
  return kSection;
}

const Section<RiskPoint>& risk_points() {
  static const std::vector<std::string> kLevels{"red", "orange", "yellow", "blue"};
  static const Section<RiskPoint> kSection{
      {
          id_field<RiskPoint>(),
          name_field<RiskPoint>(),
          node_field("node", &RiskPoint::node, "its road node"),
          custom_field<RiskPoint>(
              "level", "`red` \\| `orange` \\| `yellow` \\| `blue`", "required", "grade (重大/较大/一般/低)",
              [](SectionContext& c, const YAML::Node& item, const std::string& label, RiskPoint& out) {
                if (auto lv = c.r.string(item, "level", label, true)) {
                  const auto it = std::find(kLevels.begin(), kLevels.end(), *lv);
                  if (it == kLevels.end())
                    c.r.error(item["level"], fmt::format("{}: level must be red, orange, yellow or blue "
                                                         "(重大/较大/一般/低), got '{}'{}",
                                                         label, *lv, did_you_mean(*lv, kLevels)));
                  else
                    out.level = static_cast<RiskLevel>(it - kLevels.begin());
                }
              },
              [](YAML::Emitter& out, const Scenario&, const RiskPoint& v) {
                out << std::string(risk_level_name(v.level));
              }),
          custom_field<RiskPoint>(
              "occupancy", "string", "`industrial`", "occupancy class: a key of `hazards.fire.occupancies`",
              [](SectionContext& c, const YAML::Node& item, const std::string& label, RiskPoint& out) {
                out.occupancy = c.r.string(item, "occupancy", label, false).value_or("industrial");
              },
              [](YAML::Emitter& out, const Scenario&, const RiskPoint& v) { out << v.occupancy; }),
          custom_field<RiskPoint>(
              "ignition_rate", "rate", "the rate of its grade", "fires per unit time here, e.g. `0.5 /yr`",
              [](SectionContext& c, const YAML::Node& item, const std::string& label, RiskPoint& out) {
                out.ignition_rate_per_s = c.r.quantity(item, "ignition_rate", Dimension::rate, label, false, false);
              },
              [](YAML::Emitter& out, const Scenario&, const RiskPoint& v) {
                out << format_per_year(*v.ignition_rate_per_s);
              })
              .when([](const RiskPoint& v) { return v.ignition_rate_per_s.has_value(); }),
      },
      {"name", "occupancy", "node", "ignition_rate", "level"},
      {}};
  return kSection;
}

// The junction controls' names, as `district.junction_capacity` keys them.
const std::vector<std::string>& control_names() {
  static const std::vector<std::string> kNames{"priority", "stop", "traffic_signals", "roundabout"};
  return kNames;
}

std::string absolute(const YamlReader& r, const std::string& relative) {
  return std::filesystem::absolute(r.resolve(relative)).lexically_normal().string();
}

// The keys of `district.roads`: the CSV form or the TNTP form (read by read_roads, below, which
// hands the files to road/'s importers; the effective scenario writes back the paths made absolute
// and, for TNTP, the units).
const Section<District>& roads_keys() {
  const auto key = [](const char* k, const char* type, const char* dflt, const char* meaning) {
    return custom_field<District>(k, type, dflt, meaning, {}, {});
  };
  static const Section<District> kSection{{
      key("nodes", "path", "required (CSV form)", "the nodes CSV file, relative to the scenario (columns below)"),
      key("segments", "path", "required (CSV form)", "the road segments CSV file (columns below)"),
      key("tntp_net", "path", "required (TNTP form)",
          "a TNTP network file (`*_net.tntp`); giving it selects the TNTP form"),
      key("tntp_nodes", "path", "none", "its TNTP node file (`*_node.tntp`, coordinates)"),
      key("time_unit", "duration", "`1 min`", "what a free-flow time of 1 in the TNTP file is"),
      key("length_unit", "length", "`1609.344 m` (a mile)", "what a length of 1 in the TNTP file is (`1 mi`)"),
      key("capacity_unit", "flow", "`1 veh/h`", "what a capacity of 1 in the TNTP file is"),
  }};
  return kSection;
}

void read_roads(SectionContext& c, const YAML::Node& d, const std::string&, District& out) {
  YamlReader& r = c.r;
  const YAML::Node roads = d["roads"];
  if (!roads) {
    r.error(d, "district: missing required key 'roads' ({nodes: nodes.csv, segments: roads.csv})");
    return;
  }
  if (!r.expect_map(roads, "district.roads", roads_keys().keys())) return;
  Diagnostics road_diags;
  std::vector<SectionContext::NamedFile> named;
  if (roads["tntp_net"]) {
    TntpUnits u;
    u.time_unit_s = r.quantity(roads, "time_unit", Dimension::duration, "district.roads", false, true).value_or(60.0);
    u.length_unit_m =
        r.quantity(roads, "length_unit", Dimension::length, "district.roads", false, true).value_or(1609.344);
    u.capacity_unit_vps =
        r.quantity(roads, "capacity_unit", Dimension::flow, "district.roads", false, true).value_or(1.0 / 3600);
    const auto net = r.string(roads, "tntp_net", "district.roads", true);
    const auto nodes = r.string(roads, "tntp_nodes", "district.roads", false);
    if (!net) return;
    out.roads_description = fmt::format("tntp: {}", *net);
    out.roads_source = {{"tntp_net", absolute(r, *net)},
                        {"time_unit", format_quantity(u.time_unit_s, Dimension::duration)},
                        {"length_unit", format_quantity(u.length_unit_m, Dimension::length)},
                        {"capacity_unit", format_quantity(u.capacity_unit_vps, Dimension::flow)}};
    if (nodes) out.roads_source.emplace_back("tntp_nodes", absolute(r, *nodes));
    out.roads = load_roads_tntp(r.resolve(*net), nodes ? r.resolve(*nodes) : "", u, road_diags);
    named = {{r.resolve(*net), roads["tntp_net"], "district.roads.tntp_net"}};
    if (nodes) named.push_back({r.resolve(*nodes), roads["tntp_nodes"], "district.roads.tntp_nodes"});
  } else {
    const auto nodes = r.string(roads, "nodes", "district.roads", true);
    const auto segs = r.string(roads, "segments", "district.roads", true);
    if (!nodes || !segs) return;
    out.roads_description = fmt::format("{}, {}", *nodes, *segs);
    out.roads_source = {{"nodes", absolute(r, *nodes)}, {"segments", absolute(r, *segs)}};
    out.roads = load_roads_csv(r.resolve(*nodes), r.resolve(*segs), road_diags);
    named = {{r.resolve(*nodes), roads["nodes"], "district.roads.nodes"},
             {r.resolve(*segs), roads["segments"], "district.roads.segments"}};
  }
  c.merge_file_problems(road_diags, named);
  c.roads_ok = road_diags.ok() && out.roads.node_count() > 0;
}

const Section<District>& section() {
  static const Section<District> kSection{{
      string_field("name", &District::name, true, "district name"),
      string_field("local_name", &District::local_name, false, "name in the local language"),
      custom_field<District>("roads", "mapping", "required", "the road network, one of the forms below", read_roads,
                             [](YAML::Emitter& out, const Scenario& s, const District& v) {
                               out << YAML::BeginMap;
                               for (const auto& [key, value] : v.roads_source) out << YAML::Key << key << YAML::Value << value;
                               out << YAML::EndMap;
                               out << YAML::Comment(fmt::format("{} nodes, {} directed segments",
                                                                s.district.roads.node_count(),
                                                                s.district.roads.segment_count()));
                             }),
      custom_field<District>(
          "snap_distance", "length", fmt::format("`{}`", format_quantity(kDefaultSnapDistanceM, Dimension::length)),
          "how far a place given as a position (`node: {lon, lat}` or `{x_m, y_m}`) may lie from its nearest road "
          "node; farther is an error",
          [](SectionContext& c, const YAML::Node& d, const std::string& what, District& out) {
            out.snap_distance_m = c.r.quantity(d, "snap_distance", Dimension::length, what, false, true);
          },
          [](YAML::Emitter& out, const Scenario&, const District& v) {
            out << format_quantity(*v.snap_distance_m, Dimension::length);
          })
          .when([](const District& v) { return v.snap_distance_m.has_value(); }),
      custom_field<District>(
          "junction_control", "`priority` \\| `stop` \\| `traffic_signals` \\| `roundabout`", "`priority`",
          "how a junction whose node has no `control` (nodes CSV column) is controlled; sets what it lets through "
          "(`junction_capacity`)",
          [](SectionContext& c, const YAML::Node& d, const std::string& what, District& out) {
            const auto v = c.r.string(d, "junction_control", what, false);
            if (!v) return;
            const auto control = parse_junction_control(*v);
            if (!control) {
              c.r.error(d["junction_control"],
                        fmt::format("{}: junction_control must be priority, stop, traffic_signals or roundabout, got "
                                    "'{}'{}",
                                    what, *v, did_you_mean(*v, control_names())));
              return;
            }
            JunctionRules rules = out.roads.junction_rules();
            rules.default_control = *control;
            out.roads.set_junction_rules(rules);
          },
          [](YAML::Emitter& out, const Scenario&, const District& v) {
            out << std::string(junction_control_name(v.roads.junction_rules().default_control));
          })
          .when([](const District& v) {
            return v.roads.junction_rules().default_control != JunctionRules{}.default_control;
          }),
      custom_field<District>(
          "junction_capacity", "mapping of flows", "`{priority: 1900 veh/h, traffic_signals: 1730 veh/h, "
          "roundabout: 1380 veh/h, stop: 900 veh/h}`",
          "what a junction lets through, all movements together, per lane of the widest road at it, by control "
          "(HCM 7th ed.: priority, the base saturation flow, Eq. 19-8; traffic_signals, 1,900 × g/C for two phases "
          "of 4 s lost time in a 90 s cycle, Ch. 19; roundabout, one entry lane at no circulating flow, Eq. 22-1; "
          "stop, all-way stop at one departure per 4 s, Ch. 21). Held by car platoons only; a node with at most "
          "two neighbours is no junction",
          [](SectionContext& c, const YAML::Node& d, const std::string& what, District& out) {
            const YAML::Node m = d["junction_capacity"];
            if (!m) return;
            const std::string label = what + ".junction_capacity";
            if (!c.r.expect_map(m, label, control_names())) return;
            JunctionRules rules = out.roads.junction_rules();
            for (const std::string& name : control_names()) {
              if (const auto v = c.r.quantity(m, name.c_str(), Dimension::flow, label, false, true))
                rules.per_lane_vps[static_cast<int>(*parse_junction_control(name))] = *v;
            }
            out.roads.set_junction_rules(rules);
          },
          [](YAML::Emitter& out, const Scenario&, const District& v) {
            out << YAML::Flow << YAML::BeginMap;
            for (const std::string& name : control_names())
              out << YAML::Key << name << YAML::Value
                  << format_quantity(v.roads.junction_rules().per_lane_vps[static_cast<int>(*parse_junction_control(name))],
                                     Dimension::flow);
            out << YAML::EndMap;
          })
          .when([](const District& v) {
            const JunctionRules dflt{};
            return !std::equal(std::begin(dflt.per_lane_vps), std::end(dflt.per_lane_vps),
                               std::begin(v.roads.junction_rules().per_lane_vps));
          }),
      custom_field<District>(
          "entry_capacity", "flow", "`1090 veh/h`",
          "what the way from a settlement onto the road lets through, shared by its car platoons as they leave: "
          "3600 / 3.3 s, a minor-street right turn's follow-up headway with no conflicting flow (HCM 7th ed., "
          "Exhibit 20-12)",
          [](SectionContext& c, const YAML::Node& d, const std::string& what, District& out) {
            if (const auto v = c.r.quantity(d, "entry_capacity", Dimension::flow, what, false, true)) {
              JunctionRules rules = out.roads.junction_rules();
              rules.entry_vps = *v;
              out.roads.set_junction_rules(rules);
            }
          },
          [](YAML::Emitter& out, const Scenario&, const District& v) {
            out << format_quantity(v.roads.junction_rules().entry_vps, Dimension::flow);
          })
          .when([](const District& v) { return v.roads.junction_rules().entry_vps != JunctionRules{}.entry_vps; }),
      list_field("communities", "community", &District::communities, communities(), true,
                 "sub-district offices and the market-town community"),
      list_field("settlements", "settlement", &District::settlements, settlements(), true,
                 "where people live"),
      check_field<District>([](SectionContext& c, const YAML::Node& d, const std::string& what, District& out) {
        long long total = 0;
        for (const auto& st : out.settlements) total += st.population;
        if (total > kMaxDistrictPopulation)
          c.r.error(d["settlements"], fmt::format("{}: the settlements hold {} people together, more than the {} a "
                                                  "district may have; check the populations",
                                                  what, human_number(total), human_number(kMaxDistrictPopulation)));
      }),
      list_field("risk_points", "risk point", &District::risk_points, risk_points(), true,
                 "graded enterprise risk points (R14)"),
      custom_field<District>(
          "mutual_aid_node", kNodeType, "none", "where help from outside the district enters",
          [](SectionContext& c, const YAML::Node& d, const std::string&, District& out) {
            if (d["mutual_aid_node"]) out.mutual_aid_node = c.node_ref(d, "mutual_aid_node", "district", false);
          },
          [](YAML::Emitter& out, const Scenario& s, const District& v) {
            out << s.district.roads.node(*v.mutual_aid_node).id;
          })
          .when([](const District& v) { return v.mutual_aid_node.has_value(); }),
      custom_field<District>(
          "police_station", kNodeType, "none",
          "where the police station stands; the audit judges R17 (a brigade based at the police station) by it",
          [](SectionContext& c, const YAML::Node& d, const std::string&, District& out) {
            if (d["police_station"]) out.police_station = c.node_ref(d, "police_station", "district", false);
          },
          [](YAML::Emitter& out, const Scenario& s, const District& v) {
            out << s.district.roads.node(*v.police_station).id;
          })
          .when([](const District& v) { return v.police_station.has_value(); }),
  }};
  return kSection;
}

}  // namespace

Field<Scenario> district_field() {
  return custom_field<Scenario>(
      "district", "mapping", "required", "the district: name, roads, places",
      [](SectionContext& c, const YAML::Node& root, const std::string&, Scenario& s) {
        const YAML::Node d = root["district"];
        if (!d) {
          c.r.error(root, "scenario: missing required section 'district' (name and roads)");
          return;
        }
        section().read_map(c, d, "district", s.district);
      },
      [](YAML::Emitter& out, const Scenario& s, const Scenario&) {
        out << YAML::BeginMap;
        section().emit(out, s, s.district);
        out << YAML::EndMap;
      });
}

void add_district_reference(std::vector<ReferenceTable>& out) {
  out.push_back({"district", section().table(District{})});
  out.push_back({"district.roads", roads_keys().table(District{})});
  out.push_back({"district.communities", communities().table(Community{})});
  out.push_back({"district.settlements", settlements().table(Settlement{})});
  out.push_back({"district.risk_points", risk_points().table(RiskPoint{})});
}

}  // namespace readysim
