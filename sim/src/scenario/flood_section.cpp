#include "scenario/flood_section.hpp"


#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>

#include "readysim/earth.hpp"
#include "readysim/suggest.hpp"
#include "scenario/entity_fields.hpp"
#include "scenario/flood_series.hpp"

namespace readysim {

namespace {

const std::string kWhat = "hazards.flood";

const std::vector<std::string> kSources{"breach", "level_series", "node_depths"};
using H = FloodHazard;

// The keys of hazards.flood, each tagged with the sources it belongs to (common, breach, series:
// level_series and node_depths, level: level_series, depth: node_depths). The flood is read and
// written back by hand below (which keys apply depends on the source); these declarations give
// the allowed keys, which source owns a key, and the reference.
Field<H> doc(Field<H> f, const char* tag) {
  f.read = nullptr;
  f.emit = nullptr;
  return std::move(f).tagged(tag);
}

const Section<H>& section() {
  static const Section<H> kSection{{
      doc(choice_field<H, FloodSource>("source", &H::source,
                                       {{"breach", FloodSource::breach},
                                        {"level_series", FloodSource::level_series},
                                        {"node_depths", FloodSource::node_depths}},
                                       false, "where the water comes from"),
          "common"),
      doc(custom_field<H>("breach", "mapping, see below", "required for `breach`", "the breach and its inflow", {}, {}),
          "breach"),
      doc(quantity_field("pumping", &H::pumping_m3_per_s, Dimension::discharge, false,
                         "drainage after the inflow stops (`breach` only)"),
          "breach"),
      doc(custom_field<H>("polder_area", "area", "bounding box of the non-external nodes' x/y",
                          "area the road nodes stand for, in equal shares (`breach` only)", {}, {}),
          "breach"),
      doc(custom_field<H>("file", "path", "required for `level_series`, `node_depths`",
                          "the CSV file, relative to the scenario", {}, {}),
          "series"),
      doc(custom_field<H>("time_column", "column name", "`time`", "time since the start of the replication (≥ 0)", {},
                          {}),
          "series"),
      doc(custom_field<H>("time_unit", "duration unit (`s`, `min`, `h`, `d`, or `1 h`)",
                          "required for `level_series`, `node_depths`", "unit of the time column", {}, {}),
          "series"),
      doc(custom_field<H>("level_column", "column name", "`level_m`",
                          "water level above datum, metres (`level_series`)", {}, {}),
          "level"),
      doc(custom_field<H>("node_column", "column name", "`node`", "road node id (`node_depths`)", {}, {}), "depth"),
      doc(custom_field<H>("depth_column", "column name", "`depth_m`",
                          "water depth at the node, metres, ≥ 0 (`node_depths`)", {}, {}),
          "depth"),
      quantity_field("inundation_depth", &H::inundation_depth_m, Dimension::length, true,
                     "a node counts as flooded at this depth")
          .tagged("common"),
      group_field<H>(
          "impassable",
          {quantity_field("car", &H::car_limit_m, Dimension::length, true,
                          "deepest water cars and vans drive through"),
           quantity_field("truck", &H::truck_limit_m, Dimension::length, true,
                          "deepest water trucks, buses and fire engines drive through (≥ `car`)"),
           check_field<H>([](SectionContext& c, const YAML::Node& imp, const std::string& what, H& out) {
             if (out.car_limit_m > out.truck_limit_m)
               c.r.error(imp, fmt::format("{}: car ({}) is deeper than truck ({}); trucks and engines ride higher "
                                          "and pass at least as deep water as cars: lower car or raise truck",
                                          what, format_quantity(out.car_limit_m, Dimension::length),
                                          format_quantity(out.truck_limit_m, Dimension::length)));
           })},
          true, true, "")
          .tagged("common"),
      doc(custom_field<H>("warning", "`{level, lead_time, delay}`", "none (no warning is issued)",
                          "when the warning goes out, see below", {}, {}),
          "common"),
  }};
  return kSection;
}

const Section<H>& breach_section() {
  static const Section<H> kSection{{
      custom_field<H>("at", kNodeType, "required", "the road node where the levee fails", {}, {}),
      distribution_field("time", &H::breach_time, Dimension::duration,
                         "breach time from the start of the replication"),
      choice_field<H, FloodHydrograph>("hydrograph", &H::hydrograph,
                                       {{"triangular", FloodHydrograph::triangular},
                                        {"constant", FloodHydrograph::constant}},
                                       false, "shape of the inflow over time"),
      distribution_field("peak_inflow", &H::peak_inflow, Dimension::discharge,
                         "inflow at the peak (the whole time, for `constant`)"),
      distribution_field("time_to_peak", &H::time_to_peak, Dimension::duration,
                         "breach to peak inflow (`triangular` only)"),
      distribution_field("inflow_duration", &H::inflow_duration, Dimension::duration,
                         "breach to the end of the inflow"),
  }};
  return kSection;
}

// The keys of `warning` (read by hand in read_warning: exactly one trigger, checked against the source).
const Section<H>& warning_section() {
  static const Section<H> kSection{{
      custom_field<H>("level", "length", "none",
                      "warn when the water reaches this level above datum (not with `node_depths`)", {}, {}),
      custom_field<H>("lead_time", "duration", "none",
                      "warn this long before the breach (with a series: before the water first rises)", {}, {}),
      distribution_field("delay", &H::warning_delay, Dimension::duration, "trigger to warning issued"),
  }};
  return kSection;
}

// The keys of one tag, in declaration order.
std::vector<std::string> keys_of(const char* tag) {
  std::vector<std::string> out;
  for (const auto& f : section().fields)
    if (f.tag == tag) out.push_back(f.key);
  return out;
}

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
  if (contains(keys_of("breach"), key)) return "breach";
  if (contains(keys_of("series"), key)) return "level_series and node_depths";
  if (contains(keys_of("level"), key)) return "level_series";
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
  const double mid_lat = 0.5 * (y0 + y1) * kRadPerDegree;
  return (x1 - x0) * kRadPerDegree * kEarthRadiusM * std::cos(mid_lat) * (y1 - y0) * kRadPerDegree * kEarthRadiusM;
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

void read_breach(const YAML::Node& n, YamlReader& r, const RoadGraph& roads, FloodHazard& out,
                 SectionContext* places) {
  const YAML::Node b = n["breach"];
  if (!b || b.IsNull()) {
    r.error(n, fmt::format("{}: source breach needs 'breach: {{at: <levee node id>, time: …, peak_inflow: …}}' "
                           "saying where the levee fails",
                           kWhat));
    return;
  }
  const std::string what = kWhat + ".breach";
  if (!r.expect_map(b, what, breach_section().keys())) return;
  if (b["at"] && b["at"].IsMap() && places != nullptr) {
    if (auto idx = places->snap_position(b["at"], "at", what)) {
      out.breach_node = *idx;
      out.breach_at = roads.node(*idx).id;
    }
  } else if (auto at = r.string(b, "at", what, true)) {
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

void read_warning(const YAML::Node& n, YamlReader& r, const RoadGraph& roads, FloodHazard& out) {
  const YAML::Node w = n["warning"];
  if (!w || w.IsNull()) return;
  const std::string what = kWhat + ".warning";
  if (!r.expect_map(w, what, warning_section().keys())) return;
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

void read_flood_section(const YAML::Node& n, YamlReader& r, const RoadGraph& roads, FloodHazard& out,
                        SectionContext* places) {
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
  std::vector<std::string> all = keys_of("common");
  for (const char* tag : {"breach", "series", "level", "depth"}) {
    const auto group = keys_of(tag);
    all.insert(all.end(), group.begin(), group.end());
  }
  r.expect_map(n, kWhat, all);
  if (!source_known) return;
  std::vector<std::string> mine = keys_of("common");
  const auto add = [&](const std::vector<std::string>& g) { mine.insert(mine.end(), g.begin(), g.end()); };
  if (out.source == FloodSource::breach) add(keys_of("breach"));
  if (out.source != FloodSource::breach) add(keys_of("series"));
  if (out.source == FloodSource::level_series) add(keys_of("level"));
  if (out.source == FloodSource::node_depths) add(keys_of("depth"));
  for (const auto& kv : n) {
    const std::string key = kv.first.Scalar();
    if (contains(all, key) && !contains(mine, key))
      r.error(kv.first, fmt::format("{}: '{}' belongs to source {}, and this flood's source is {}; remove it or "
                                    "change source",
                                    kWhat, key, owners(key), source_name(out.source)));
  }

  switch (out.source) {
    case FloodSource::breach: read_breach(n, r, roads, out, places); break;
    case FloodSource::level_series: read_level_series(n, r, out); break;
    case FloodSource::node_depths: read_node_depths(n, r, roads, out); break;
  }

  Scenario scratch;  // the keys read by declaration refer to nothing else of the scenario
  Diagnostics unused;
  SectionContext c(r, unused, scratch);
  section().read_keys(c, n, kWhat, out, {"inundation_depth", "impassable"});
  read_warning(n, r, roads, out);
}

namespace {

void emit_flood(YAML::Emitter& out, const FloodHazard& f, const RoadGraph& roads) {
  const auto kv = [&](const char* key, const std::string& value) {
    out << YAML::Key << key << YAML::Value << value;
  };
  const auto length = [](double m) { return format_quantity(m, Dimension::length); };
  out << YAML::BeginMap;
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
  static const Scenario kNothing;  // the keys written by declaration refer to nothing else
  section().emit_keys(out, kNothing, f, {"inundation_depth", "impassable"});
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

// A flood of a breach or a level series floods the nodes below the water level, so every node
// needs a ground elevation; an imported graph without a DEM has them empty (NaN).
void check_elevations(SectionContext& c, const YAML::Node& hazards, const FloodHazard& f) {
  if (f.source == FloodSource::node_depths) return;  // depths given per node: no elevations needed
  const RoadGraph& g = c.s.district.roads;
  std::size_t unknown = 0;
  std::optional<NodeIndex> first;
  for (NodeIndex i = 0; i < g.node_count(); ++i)
    if (std::isnan(g.node(i).elevation_m)) {
      ++unknown;
      if (!first) first = i;
    }
  if (unknown == 0) return;
  YAML::Node key = hazards["flood"];
  for (const auto& kv : hazards)
    if (kv.first.Scalar() == "flood") key = kv.first;
  c.r.error(key, fmt::format("hazards.flood: {} of the {} road nodes have no ground elevation (first '{}'; "
                             "{}), and a flood needs them to know which roads the water reaches; import the "
                             "place again with a terrain model (readysim import osm … --dem FILE), or fill the "
                             "elevation_m column of the nodes file",
                             unknown, g.node_count(), g.node(*first).id, c.s.district.roads_description));
}

}  // namespace

void emit_flood_yaml(YAML::Emitter& out, const FloodHazard& f, const RoadGraph& roads) {
  out << YAML::Key << "flood" << YAML::Value;
  emit_flood(out, f, roads);
}

Field<Hazards> flood_field() {
  Field<Hazards> f = custom_field<Hazards>(
      "flood", "mapping", "absent (no flood)",
      "water in the polder (section below); a breach or level series needs the road nodes' ground elevations",
      [](SectionContext& c, const YAML::Node& h, const std::string&, Hazards& out) {
        const YAML::Node n = h["flood"];
        if (!n) return;
        if (c.roads_ok) {
          read_flood_section(n, c.r, c.s.district.roads, out.flood, &c);
          check_elevations(c, h, out.flood);
        } else
          out.flood.enabled = true;  // its node references cannot be checked without roads
      },
      [](YAML::Emitter& out, const Scenario& s, const Hazards& h) { emit_flood(out, h.flood, s.district.roads); });
  return std::move(f).when([](const Hazards& h) { return h.flood.enabled; });
}

void add_flood_reference(std::vector<ReferenceTable>& out) {
  out.push_back({"hazards.flood", section().table(FloodHazard{})});
  out.push_back({"hazards.flood.breach", breach_section().table(FloodHazard{})});
  out.push_back({"hazards.flood.warning", warning_section().table(FloodHazard{})});
}

}  // namespace readysim
