// `hazards.fire.travel`: engine travel times from positions, for areas without a road graph:
// Kolesar's distance-to-time curve, or a travel-time matrix file (stations × demand points).
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <cmath>
#include <filesystem>
#include <map>
#include <set>

#include "road/csv.hpp"
#include "scenario/incident_log_section.hpp"

namespace readysim {

namespace {

using F = FireHazard;

const char* kind_name(TravelKind k) {
  switch (k) {
    case TravelKind::kolesar: return "kolesar";
    case TravelKind::matrix: return "matrix";
    default: return "roads";
  }
}

// The matrix file: one row per (station, demand point) with the travel time in seconds.
void read_matrix(SectionContext& c, const YAML::Node& file_key, const std::string& label, TravelModel& t) {
  const std::string shown = c.r.resolve(t.file);
  Diagnostics local;  // a file that cannot be opened is reported at the scenario line naming it
  auto table = csv::read_file(t.path, local, "travel-time matrix");
  c.merge_file_problems(local, {{t.path, file_key, label + ".file"}});
  if (!table) return;
  table->file = shown;
  static constexpr std::string_view kCols[] = {"station", "node", "time_s"};
  if (!csv::check_columns(*table, kCols, c.diags)) return;
  const auto cs = table->column("station"), cn = table->column("node"), ct = table->column("time_s");
  if (!cs || !cn || !ct) {
    c.diags.error(table->header_where(), "travel-time matrix: the header must have the columns station, node, time_s");
    return;
  }
  if (table->records.empty()) {
    c.diags.error(table->header_where(), "travel-time matrix: the file has no rows");
    return;
  }
  std::vector<std::string> station_ids;
  for (const auto& st : c.s.resources.stations) station_ids.push_back(st.id);
  std::map<std::pair<std::string, NodeIndex>, int> seen;
  for (const auto& rec : table->records) {
    const csv::Field& fs = rec.fields[*cs];
    const csv::Field& fn = rec.fields[*cn];
    const csv::Field& ft = rec.fields[*ct];
    bool ok = true;
    if (!c.s.find_station(fs.text)) {
      c.diags.error(table->where(fs), fmt::format("travel-time matrix: station '{}' is not a station of "
                                                  "resources.stations{}",
                                                  fs.text, did_you_mean(fs.text, station_ids)));
      ok = false;
    }
    const auto node = c.s.district.roads.find_node(fn.text);
    if (!node) {
      c.diags.error(table->where(fn), fmt::format("travel-time matrix: node '{}' is not in the road network ({})",
                                                  fn.text, c.s.district.roads_description));
      ok = false;
    }
    const auto secs = csv::parse_number(ft.text);
    if (!secs || *secs < 0) {
      c.diags.error(table->where(ft), fmt::format("travel-time matrix: time_s '{}' must be seconds ≥ 0", ft.text));
      ok = false;
    }
    if (!ok) continue;
    if (const auto [it, fresh] = seen.emplace(std::make_pair(fs.text, *node), rec.line); !fresh) {
      c.diags.error(table->where(fs), fmt::format("travel-time matrix: station '{}' to node '{}' is given twice "
                                                  "(first at line {})",
                                                  fs.text, fn.text, it->second));
      continue;
    }
    t.stations.push_back(fs.text);
    t.points.push_back(*node);
    t.seconds.push_back(*secs);
  }
}

void read_travel(SectionContext& c, const YAML::Node& n, const std::string& what, F& out) {
  const YAML::Node k = n["travel"];
  if (!k) return;
  const std::string label = what + ".travel";
  TravelModel& t = out.travel;
  t.where = c.r.at(k);
  const auto model_of = [&](const YAML::Node& node, const std::string& name) {
    if (name == "roads") return t.kind = TravelKind::roads, true;
    if (name == "kolesar") return t.kind = TravelKind::kolesar, true;
    if (name == "matrix") return t.kind = TravelKind::matrix, true;
    c.r.error(node, fmt::format("{}: model must be roads, kolesar or matrix, got '{}'{}", label, name,
                                did_you_mean(name, {"roads", "kolesar", "matrix"})));
    return false;
  };
  if (k.IsScalar()) {
    if (model_of(k, k.Scalar()) && t.kind != TravelKind::roads)
      c.r.error(k, fmt::format("{}: {} needs its parameters: write travel: {{model: {}, …}} (see scenarios/README.md)",
                               label, k.Scalar(), k.Scalar()));
    return;
  }
  if (!c.r.expect_map(k, label, {"model", "acceleration_m_s2", "cruise_speed", "file"})) return;
  const auto model = c.r.string(k, "model", label, true);
  if (!model || !model_of(k["model"], *model)) return;
  const auto only = [&](const char* key, TravelKind kind) {
    if (k[key] && t.kind != kind)
      c.r.error(k[key], fmt::format("{}: {} applies to model {}, not {}", label, key, kind_name(kind), *model));
  };
  only("acceleration_m_s2", TravelKind::kolesar);
  only("cruise_speed", TravelKind::kolesar);
  only("file", TravelKind::matrix);
  if (t.kind == TravelKind::kolesar) {
    if (auto a = c.r.number(k, "acceleration_m_s2", label, true, 1e-6, 100)) t.acceleration_m_s2 = *a;
    if (auto v = c.r.quantity(k, "cruise_speed", Dimension::speed, label, true, true)) t.cruise_speed_mps = *v;
  } else if (t.kind == TravelKind::matrix) {
    const auto file = c.r.string(k, "file", label, true);
    if (!file) return;
    t.file = *file;
    t.path = std::filesystem::absolute(c.r.resolve(t.file)).lexically_normal().string();
    if (c.roads_ok) read_matrix(c, k["file"], label, t);
  }
}

}  // namespace

double TravelModel::kolesar_s(double d) const {
  const double a = acceleration_m_s2, v = cruise_speed_mps;
  const double dc = v * v / (2 * a);
  return d < 2 * dc ? 2 * std::sqrt(d / a) : v / a + d / v;
}

Field<FireHazard> travel_field() {
  return custom_field<F>(
             "travel", "`roads`, `{model: kolesar, acceleration_m_s2, cruise_speed}` or `{model: matrix, file}`",
             "`roads`", "how engines' travel times are found: the road graph, or from positions (see below)",
             read_travel,
             [](YAML::Emitter& out, const Scenario&, const F& f) {
               const TravelModel& t = f.travel;
               out << YAML::Flow << YAML::BeginMap << YAML::Key << "model" << YAML::Value << kind_name(t.kind);
               if (t.kind == TravelKind::kolesar)
                 out << YAML::Key << "acceleration_m_s2" << YAML::Value << fmt::format("{:.12g}", t.acceleration_m_s2)
                     << YAML::Key << "cruise_speed" << YAML::Value
                     << format_quantity(t.cruise_speed_mps, Dimension::speed);
               if (t.kind == TravelKind::matrix) out << YAML::Key << "file" << YAML::Value << t.path;
               out << YAML::EndMap;
             })
      .when([](const F& f) { return f.travel.kind != TravelKind::roads; });
}

void check_travel(const Scenario& s, Diagnostics& diags) {
  const FireHazard& fire = s.hazards.fire;
  const TravelModel& t = fire.travel;
  if (!fire.enabled || t.kind == TravelKind::roads) return;
  if (fire.mutual_aid.enabled)
    diags.error(t.where, "hazards.fire.travel: outside help drives the road graph; with a travel model from "
                         "positions leave hazards.fire.mutual_aid out");
  if (t.kind != TravelKind::matrix) return;
  // Every engine's station to every place a fire can be.
  std::set<NodeIndex> places;
  for (const auto& rp : s.district.risk_points) places.insert(rp.node);
  for (const auto& st : s.district.settlements) places.insert(st.node);
  for (const auto& inc : fire.incident_log.incidents) places.insert(inc.node);
  std::set<std::pair<std::string, NodeIndex>> have;
  for (std::size_t i = 0; i < t.stations.size(); ++i) have.emplace(t.stations[i], t.points[i]);
  for (const auto& st : s.resources.stations) {
    if (st.engines == 0) continue;
    std::vector<std::string> missing;
    std::size_t count = 0;
    for (NodeIndex p : places)
      if (!have.count({st.id, p})) {
        if (++count <= 5) missing.push_back(s.district.roads.node(p).id);
      }
    if (count > 0)
      diags.error(t.where, fmt::format("hazards.fire.travel: the matrix {} has no time from station '{}' to {} "
                                       "place{} where fires can be ({}{}); add a row station,node,time_s for each",
                                       t.file, st.id, count, count == 1 ? "" : "s", fmt::join(missing, ", "),
                                       count > 5 ? ", …" : ""));
  }
}

}  // namespace readysim
