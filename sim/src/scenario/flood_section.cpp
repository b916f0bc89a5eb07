#include "scenario/flood_section.hpp"

#include "scenario/emit.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>

#include "readysim/suggest.hpp"
#include "road/csv.hpp"

namespace readysim {

namespace {

const std::string kWhat = "hazards.flood";

const std::vector<std::string> kSources{"breach", "level_series", "node_depths"};
const std::vector<std::string> kCommonKeys{"source", "inundation_depth", "impassable", "warning"};
const std::vector<std::string> kBreachKeys{"breach", "pumping", "polder_area"};
const std::vector<std::string> kSeriesKeys{"file", "time_column", "time_unit"};
const std::vector<std::string> kLevelKeys{"level_column"};
const std::vector<std::string> kDepthKeys{"node_column", "depth_column"};

bool contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

std::string source_name(FloodSource s) {
  switch (s) {
    case FloodSource::breach: return "breach";
    case FloodSource::level_series: return "level_series";
    case FloodSource::node_depths: return "node_depths";
  }
  return "?";
}

// Which sources a key belongs to, for "remove it or change source" messages.
std::string owners(const std::string& key) {
  if (contains(kBreachKeys, key)) return "breach";
  if (contains(kSeriesKeys, key)) return "level_series and node_depths";
  if (contains(kLevelKeys, key)) return "level_series";
  return "node_depths";
}

bool in_polder(const RoadGraph& g, NodeIndex n) { return g.node(n).kind != NodeKind::external; }

// The default polder area: the bounding box of the nodes inside it (lon/lat turned into metres on
// a sphere, which is good to well under a percent over a district).
double bounding_box_m2(const RoadGraph& g) {
  double x0 = kNever, x1 = -kNever, y0 = kNever, y1 = -kNever;
  for (NodeIndex n = 0; n < g.node_count(); ++n) {
    if (!in_polder(g, n)) continue;
    x0 = std::min(x0, g.node(n).x_m);
    x1 = std::max(x1, g.node(n).x_m);
    y0 = std::min(y0, g.node(n).y_m);
    y1 = std::max(y1, g.node(n).y_m);
  }
  if (x0 > x1) return 0.0;
  if (!g.geographic()) return (x1 - x0) * (y1 - y0);
  constexpr double kEarthRadiusM = 6371008.8;
  constexpr double kRad = 3.14159265358979323846 / 180.0;
  const double mid_lat = 0.5 * (y0 + y1) * kRad;
  return (x1 - x0) * kRad * kEarthRadiusM * std::cos(mid_lat) * (y1 - y0) * kRad * kEarthRadiusM;
}

std::string show(double si, Dimension d) {
  return std::isfinite(si) ? format_quantity(si, d) : std::string("unbounded");
}

// Lowest and highest value a distribution can draw.
std::pair<double, double> support(const Distribution& d) {
  try {
    return {d.quantile(0.0), d.quantile(1.0)};
  } catch (const std::exception&) {
    return {0.0, kNever};
  }
}

std::vector<std::string> node_ids(const RoadGraph& g) {
  std::vector<std::string> ids;
  ids.reserve(g.node_count());
  for (NodeIndex i = 0; i < g.node_count(); ++i) ids.push_back(g.node(i).id);
  return ids;
}

void read_breach(const YAML::Node& n, YamlReader& r, const RoadGraph& roads, FloodHazard& out) {
  const YAML::Node b = n["breach"];
  if (!b || b.IsNull()) {
    r.error(n, fmt::format("{}: source breach needs 'breach: {{at: <levee node id>, time: …, peak_inflow: …}}' "
                           "saying where the levee fails",
                           kWhat));
    return;
  }
  const std::string what = kWhat + ".breach";
  if (!r.expect_map(b, what, {"at", "time", "hydrograph", "peak_inflow", "time_to_peak", "inflow_duration"})) return;
  if (auto at = r.string(b, "at", what, true)) {
    out.breach_at = *at;
    if (roads.node_count() > 0) {
      if (auto idx = roads.find_node(*at)) {
        out.breach_node = *idx;
      } else {
        r.error(b["at"], fmt::format("{}: node '{}' is not in the road network{}; fix the id or add the node",
                                     what, *at, did_you_mean(*at, node_ids(roads))));
      }
    }
  }
  if (auto h = r.string(b, "hydrograph", what, false)) {
    if (*h == "triangular") {
      out.hydrograph = FloodHydrograph::triangular;
    } else if (*h == "constant") {
      out.hydrograph = FloodHydrograph::constant;
    } else {
      const std::vector<std::string> shapes{"triangular", "constant"};
      r.error(b["hydrograph"], fmt::format("{}: hydrograph '{}' is not known{}; use triangular or constant", what, *h,
                                           did_you_mean(*h, shapes)));
    }
  }
  if (auto d = r.distribution(b, "time", Dimension::duration, what, false)) out.breach_time = *d;
  if (auto d = r.distribution(b, "peak_inflow", Dimension::discharge, what, false)) out.peak_inflow = *d;
  if (auto d = r.distribution(b, "inflow_duration", Dimension::duration, what, false)) out.inflow_duration = *d;
  if (out.hydrograph == FloodHydrograph::constant) {
    if (b["time_to_peak"])
      r.error(b["time_to_peak"], fmt::format("{}: time_to_peak applies to a triangular hydrograph; a constant one "
                                             "has no peak: remove it or set hydrograph: triangular",
                                             what));
  } else if (auto d = r.distribution(b, "time_to_peak", Dimension::duration, what, false)) {
    out.time_to_peak = *d;
  }
  const auto [dur_low, dur_high] = support(out.inflow_duration);
  if (!(dur_low > 0))
    r.error(b["inflow_duration"] ? b["inflow_duration"] : b,
            fmt::format("{}: inflow_duration must be longer than zero in every draw (it can be {}); raise it", what,
                        show(dur_low, Dimension::duration)));
  if (out.hydrograph == FloodHydrograph::triangular) {
    const double peak_high = support(out.time_to_peak).second;
    if (!(peak_high < dur_low))
      r.error(b["time_to_peak"] ? b["time_to_peak"] : b,
              fmt::format("{}: time_to_peak (up to {}) must be shorter than inflow_duration (from {}) in every draw, "
                          "so that the inflow peaks before it stops; shorten time_to_peak, lengthen inflow_duration, "
                          "or give them bounded distributions (constant, uniform, triangular) that do not overlap",
                          what, show(peak_high, Dimension::duration), show(dur_low, Dimension::duration)));
  }
  if (auto p = r.quantity(n, "pumping", Dimension::discharge, kWhat, false, false)) out.pumping_m3_per_s = *p;
  if (n["polder_area"]) {
    if (auto a = r.quantity(n, "polder_area", Dimension::area, kWhat, false, true)) out.polder_area_m2 = *a;
  } else if (roads.node_count() > 0) {
    out.polder_area_m2 = bounding_box_m2(roads);
    if (!(out.polder_area_m2 > 0))
      r.error(n, fmt::format("{}: polder_area defaults to the bounding box of the road nodes inside the polder (all "
                             "but kind external), which has no area here; give it, e.g. 'polder_area: 50 km2'",
                             kWhat));
  }
  if (roads.node_count() > 0) {
    bool any = false;
    for (NodeIndex i = 0; i < roads.node_count() && !any; ++i) any = in_polder(roads, i);
    if (!any)
      r.error(n, fmt::format("{}: every road node is of kind external, so the polder has no ground to fill; mark the "
                             "nodes inside the levee as junction, settlement…",
                             kWhat));
  }
}

// A time unit written as "h" or as "1 h".
std::optional<double> read_time_unit(const YAML::Node& n, YamlReader& r) {
  const auto unit = r.string(n, "time_unit", kWhat, true);
  if (!unit) return std::nullopt;
  ParsedQuantity q = parse_quantity(*unit, Dimension::duration);
  if (!q.error.empty()) q = parse_quantity("1 " + *unit, Dimension::duration);
  if (!q.error.empty() || !(q.si_value > 0)) {
    r.error(n["time_unit"], fmt::format("{}: time_unit '{}' is not a duration unit; write s, min, h or d", kWhat,
                                        *unit));
    return std::nullopt;
  }
  return q.si_value;
}

// A series file's table and its columns, or nullopt after reporting why not. CSV problems are reported
// at the scenario's `file:` with the CSV's own file:line:col in the message.
struct SeriesFile {
  csv::Table table;
  double time_unit_s = 1;
  std::vector<std::size_t> columns;
};

std::optional<SeriesFile> open_series(const YAML::Node& n, YamlReader& r, const std::vector<const char*>& keys,
                                      const std::vector<std::string>& defaults, std::string_view role,
                                      FloodHazard& out) {
  const auto file = r.string(n, "file", kWhat, true);
  const auto unit = read_time_unit(n, r);
  std::vector<std::string> names;
  for (std::size_t i = 0; i < keys.size(); ++i)
    names.push_back(r.string(n, keys[i], kWhat, false).value_or(defaults[i]));
  if (!file) return std::nullopt;
  const std::string path = r.resolve(*file);
  out.series_source.emplace_back("file", std::filesystem::absolute(path).lexically_normal().string());
  for (std::size_t i = 0; i < keys.size(); ++i) out.series_source.emplace_back(keys[i], names[i]);
  if (n["time_unit"] && n["time_unit"].IsScalar()) out.series_source.emplace_back("time_unit", n["time_unit"].Scalar());
  if (!unit) return std::nullopt;

  Diagnostics local;
  auto table = csv::read_file(path, local, role);
  for (const auto& d : local.items())
    r.error(n["file"], fmt::format("{}: {}{}", kWhat, d.where.line > 0 ? to_string(d.where) + ": " : "", d.message));
  if (!table || !local.ok()) return std::nullopt;
  SeriesFile sf{std::move(*table), *unit, {}};
  std::vector<std::string> have;
  for (const auto& h : sf.table.header) have.push_back(h.text);
  bool ok = true;
  for (std::size_t i = 0; i < keys.size(); ++i) {
    if (auto c = sf.table.column(names[i])) {
      sf.columns.push_back(*c);
      continue;
    }
    ok = false;
    std::string cols;
    for (const auto& h : have) cols += (cols.empty() ? "" : ", ") + h;
    r.error(n[keys[i]] ? n[keys[i]] : n["file"],
            fmt::format("{}: {} has no column '{}'{} (columns: {}); set {} to the right column", kWhat, *file, names[i],
                        did_you_mean(names[i], have), cols.empty() ? "none" : cols, keys[i]));
  }
  if (ok && sf.table.records.empty()) {
    r.error(n["file"], fmt::format("{}: {} has no rows below its header", kWhat, *file));
    ok = false;
  }
  if (!ok) return std::nullopt;
  return sf;
}

// A number in a series cell, or nullopt after reporting it.
std::optional<double> cell(const YAML::Node& n, YamlReader& r, const csv::Table& t, const csv::Field& f,
                           std::string_view column, bool non_negative) {
  const auto v = csv::parse_number(f.text);
  if (!v || (non_negative && *v < 0)) {
    r.error(n["file"], fmt::format("{}: {}: column '{}': '{}' is not {}number", kWhat, to_string(t.where(f)), column,
                                   f.text, non_negative ? "a non-negative " : "a "));
    return std::nullopt;
  }
  return v;
}

void read_level_series(const YAML::Node& n, YamlReader& r, FloodHazard& out) {
  auto sf = open_series(n, r, {"time_column", "level_column"}, {"time", "level_m"}, "flood level series", out);
  if (!sf) return;
  const auto& t = sf->table;
  const std::string tname = t.header[sf->columns[0]].text, lname = t.header[sf->columns[1]].text;
  for (const auto& rec : t.records) {
    const auto& tf = rec.fields[sf->columns[0]];
    const auto time = cell(n, r, t, tf, tname, true);
    const auto level = cell(n, r, t, rec.fields[sf->columns[1]], lname, false);
    if (!time || !level) continue;
    const double ts = *time * sf->time_unit_s;
    if (!out.level_series.empty() && !(ts > out.level_series.back().first)) {
      r.error(n["file"], fmt::format("{}: {}: time {} comes after {} in the file but is not later; sort the rows by "
                                     "time and keep one level per time",
                                     kWhat, to_string(t.where(tf)), tf.text,
                                     format_quantity(out.level_series.back().first, Dimension::duration)));
      continue;
    }
    out.level_series.emplace_back(ts, *level);
  }
}

void read_node_depths(const YAML::Node& n, YamlReader& r, const RoadGraph& roads, FloodHazard& out) {
  auto sf = open_series(n, r, {"time_column", "node_column", "depth_column"}, {"time", "node", "depth_m"},
                        "flood node-depth series", out);
  if (!sf || roads.node_count() == 0) return;
  const auto& t = sf->table;
  const std::string tname = t.header[sf->columns[0]].text, dname = t.header[sf->columns[2]].text;
  const std::vector<std::string> ids = node_ids(roads);
  out.node_depth_series.assign(roads.node_count(), {});
  std::vector<std::vector<int>> lines(roads.node_count());  // the row of each point, for duplicate reports
  for (const auto& rec : t.records) {
    const auto& nf = rec.fields[sf->columns[1]];
    const auto node = roads.find_node(nf.text);
    if (!node) {
      r.error(n["file"], fmt::format("{}: {}: node '{}' is not in the road network{}; fix the id or add the node",
                                     kWhat, to_string(t.where(nf)), nf.text, did_you_mean(nf.text, ids)));
      continue;
    }
    const auto time = cell(n, r, t, rec.fields[sf->columns[0]], tname, true);
    const auto depth = cell(n, r, t, rec.fields[sf->columns[2]], dname, true);
    if (!time || !depth) continue;
    out.node_depth_series[*node].emplace_back(*time * sf->time_unit_s, *depth);
    lines[*node].push_back(rec.line);
  }
  // Rows may come in any order (by node, then time, or by time step); each node's series is sorted.
  for (NodeIndex i = 0; i < roads.node_count(); ++i) {
    auto& s = out.node_depth_series[i];
    std::vector<std::size_t> order(s.size());
    for (std::size_t k = 0; k < order.size(); ++k) order[k] = k;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return s[a].first < s[b].first; });
    std::vector<std::pair<double, double>> sorted;
    for (std::size_t k = 0; k < order.size(); ++k) {
      if (k > 0 && s[order[k]].first == s[order[k - 1]].first) {
        r.error(n["file"], fmt::format("{}: {}:{}: node '{}' has a second depth at {} (first on line {}); keep one",
                                       kWhat, t.file, lines[i][order[k]], ids[i],
                                       format_quantity(s[order[k]].first, Dimension::duration),
                                       lines[i][order[k - 1]]));
        continue;
      }
      sorted.push_back(s[order[k]]);
    }
    s = std::move(sorted);
  }
}

void read_warning(const YAML::Node& n, YamlReader& r, const RoadGraph& roads, FloodHazard& out) {
  const YAML::Node w = n["warning"];
  if (!w || w.IsNull()) return;
  const std::string what = kWhat + ".warning";
  if (!r.expect_map(w, what, {"level", "lead_time", "delay"})) return;
  if (w["level"] && w["lead_time"]) {
    r.error(w, fmt::format("{}: give a 'level' to watch or a 'lead_time' before the breach, not both", what));
  } else if (!w["level"] && !w["lead_time"]) {
    r.error(w, fmt::format("{}: say what triggers the warning: 'level: 28.5 m' (the water reaching it) or "
                           "'lead_time: 2 h' (that long before the breach)",
                           what));
  }
  if (auto d = r.distribution(w, "delay", Dimension::duration, what, false)) out.warning_delay = *d;
  if (auto l = r.quantity(w, "lead_time", Dimension::duration, what, false, false)) out.warning_lead_s = *l;
  const auto level = r.quantity(w, "level", Dimension::length, what, false, false);
  if (!level) return;
  out.warning_level_m = *level;
  if (out.source == FloodSource::node_depths) {
    r.error(w["level"], fmt::format("{}: source node_depths has no single water level to watch; use lead_time, or "
                                    "source level_series",
                                    what));
  } else if (out.source == FloodSource::breach && roads.node_count() > 0) {
    std::optional<NodeIndex> low;
    for (NodeIndex i = 0; i < roads.node_count(); ++i)
      if (in_polder(roads, i) && (!low || roads.node(i).elevation_m < roads.node(*low).elevation_m)) low = i;
    if (low && !(*level > roads.node(*low).elevation_m))
      r.error(w["level"],
              fmt::format("{}: level {} is not above the lowest ground in the polder ({} at node '{}'), where the "
                          "empty pool already stands; set a higher level or use lead_time",
                          what, format_quantity(*level, Dimension::length),
                          format_quantity(roads.node(*low).elevation_m, Dimension::length), roads.node(*low).id));
  }
}

std::string area_text(double m2) {
  return m2 >= 1e6 ? fmt::format("{:.12g} km2", m2 / 1e6) : format_quantity(m2, Dimension::area);
}

}  // namespace

void read_flood_section(const YAML::Node& n, YamlReader& r, const RoadGraph& roads, FloodHazard& out) {
  out = FloodHazard{};
  if (!n) return;  // no section: no flood
  out.enabled = true;
  out.where = r.at(n);
  if (n.IsNull()) {
    r.error(n, fmt::format("{}: say where the water comes from, e.g. 'flood: {{source: breach, breach: {{at: "
                           "<levee node id>}}}}' (see scenarios/README.md, hazards.flood)",
                           kWhat));
    return;
  }
  if (!n.IsMap()) {
    r.error(n, fmt::format("{} must be a mapping of keys to values", kWhat));
    return;
  }
  bool source_known = true;
  if (auto src = r.string(n, "source", kWhat, false)) {
    if (*src == "breach") {
      out.source = FloodSource::breach;
    } else if (*src == "level_series") {
      out.source = FloodSource::level_series;
    } else if (*src == "node_depths") {
      out.source = FloodSource::node_depths;
    } else {
      source_known = false;
      r.error(n["source"], fmt::format("{}: source '{}' is not known{}; use breach, level_series or node_depths",
                                       kWhat, *src, did_you_mean(*src, kSources)));
    }
  }
  // Keys of another source get their own message; unknown keys get expect_map's did-you-mean.
  std::vector<std::string> all = kCommonKeys;
  for (const auto* group : {&kBreachKeys, &kSeriesKeys, &kLevelKeys, &kDepthKeys})
    all.insert(all.end(), group->begin(), group->end());
  r.expect_map(n, kWhat, all);
  if (!source_known) return;
  std::vector<std::string> mine = kCommonKeys;
  const auto add = [&](const std::vector<std::string>& g) { mine.insert(mine.end(), g.begin(), g.end()); };
  if (out.source == FloodSource::breach) add(kBreachKeys);
  if (out.source != FloodSource::breach) add(kSeriesKeys);
  if (out.source == FloodSource::level_series) add(kLevelKeys);
  if (out.source == FloodSource::node_depths) add(kDepthKeys);
  for (const auto& kv : n) {
    const std::string key = kv.first.Scalar();
    if (contains(all, key) && !contains(mine, key))
      r.error(kv.first, fmt::format("{}: '{}' belongs to source {}, and this flood's source is {}; remove it or "
                                    "change source",
                                    kWhat, key, owners(key), source_name(out.source)));
  }

  switch (out.source) {
    case FloodSource::breach: read_breach(n, r, roads, out); break;
    case FloodSource::level_series: read_level_series(n, r, out); break;
    case FloodSource::node_depths: read_node_depths(n, r, roads, out); break;
  }

  if (auto d = r.quantity(n, "inundation_depth", Dimension::length, kWhat, false, true)) out.inundation_depth_m = *d;
  if (const YAML::Node imp = n["impassable"]) {
    const std::string what = kWhat + ".impassable";
    if (r.expect_map(imp, what, {"car", "truck"})) {
      if (auto c = r.quantity(imp, "car", Dimension::length, what, false, true)) out.car_limit_m = *c;
      if (auto t = r.quantity(imp, "truck", Dimension::length, what, false, true)) out.truck_limit_m = *t;
      if (out.car_limit_m > out.truck_limit_m)
        r.error(imp, fmt::format("{}: car ({}) is deeper than truck ({}); trucks and engines ride higher and pass "
                                 "at least as deep water as cars: lower car or raise truck",
                                 what, format_quantity(out.car_limit_m, Dimension::length),
                                 format_quantity(out.truck_limit_m, Dimension::length)));
    }
  }
  read_warning(n, r, roads, out);
}

void emit_flood_yaml(YAML::Emitter& out, const FloodHazard& f, const RoadGraph& roads) {
  const auto kv = [&](const char* key, const std::string& value) {
    out << YAML::Key << key << YAML::Value << value;
  };
  const auto length = [](double m) { return format_quantity(m, Dimension::length); };
  out << YAML::Key << "flood" << YAML::Value << YAML::BeginMap;
  kv("source", source_name(f.source));
  if (f.source == FloodSource::breach) {
    out << YAML::Key << "breach" << YAML::Value << YAML::Flow << YAML::BeginMap;
    kv("at", f.breach_node < roads.node_count() && roads.node(f.breach_node).id == f.breach_at
                 ? roads.node(f.breach_node).id
                 : f.breach_at);
    out << YAML::Key << "time" << YAML::Value;
    emit_distribution(out, f.breach_time, Dimension::duration);
    kv("hydrograph", f.hydrograph == FloodHydrograph::constant ? "constant" : "triangular");
    out << YAML::Key << "peak_inflow" << YAML::Value;
    emit_distribution(out, f.peak_inflow, Dimension::discharge);
    if (f.hydrograph == FloodHydrograph::triangular) {
      out << YAML::Key << "time_to_peak" << YAML::Value;
      emit_distribution(out, f.time_to_peak, Dimension::duration);
    }
    out << YAML::Key << "inflow_duration" << YAML::Value;
    emit_distribution(out, f.inflow_duration, Dimension::duration);
    out << YAML::EndMap;
    kv("pumping", format_quantity(f.pumping_m3_per_s, Dimension::discharge));
    kv("polder_area", area_text(f.polder_area_m2));
  } else {
    for (const auto& [key, value] : f.series_source) kv(key.c_str(), value);
  }
  kv("inundation_depth", length(f.inundation_depth_m));
  out << YAML::Key << "impassable" << YAML::Value << YAML::Flow << YAML::BeginMap;
  kv("car", length(f.car_limit_m));
  kv("truck", length(f.truck_limit_m));
  out << YAML::EndMap;
  if (f.warning_level_m != kNever || f.warning_lead_s != kNever) {
    out << YAML::Key << "warning" << YAML::Value << YAML::Flow << YAML::BeginMap;
    if (f.warning_level_m != kNever) kv("level", length(f.warning_level_m));
    if (f.warning_lead_s != kNever) kv("lead_time", format_quantity(f.warning_lead_s, Dimension::duration));
    out << YAML::Key << "delay" << YAML::Value;
    emit_distribution(out, f.warning_delay, Dimension::duration);
    out << YAML::EndMap;
  }
  out << YAML::EndMap;
}

}  // namespace readysim
