#include <algorithm>
#include <array>
#include <cmath>
#include <filesystem>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>

#include "readysim/earth.hpp"
#include "readysim/road_import.hpp"
#include "readysim/suggest.hpp"
#include "road/csv.hpp"

namespace readysim {

namespace {

constexpr std::array<std::string_view, 8> kNodeColumns{"id",          "x_m",  "y_m",    "lon", "lat",
                                                       "elevation_m", "kind", "control"};
constexpr std::array<std::string_view, 9> kRoadColumns{
    "id", "from", "to", "length_m", "free_speed_kmh", "capacity_veh_h", "lanes", "oneway", "class"};
constexpr std::array<std::string_view, 9> kKinds{"junction", "community", "settlement", "station", "depot",
                                                 "shelter",  "office",    "enterprise", "external"};
constexpr std::array<std::string_view, 4> kControls{"priority", "stop", "traffic_signals", "roundabout"};
constexpr double kDefaultCapacityPerLaneVph = 1800.0;

std::string file_name(const std::string& path) { return std::filesystem::path(path).filename().string(); }

std::string join(std::span<const std::string_view> names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + std::string(n);
  return out;
}

double straight_line_m(const RoadNode& a, const RoadNode& b, bool geographic) {
  if (!geographic) return std::hypot(b.x_m - a.x_m, b.y_m - a.y_m);
  return great_circle_m(a.x_m, a.y_m, b.x_m, b.y_m);  // lon/lat in x_m/y_m
}

// Reads the fields of one record, reporting each problem against `entity` ("road 'r1'").
class RowReader {
 public:
  RowReader(const csv::Table& t, const csv::Record& r, Diagnostics& d, std::string entity)
      : table_(t), rec_(r), diags_(d), entity_(std::move(entity)) {}

  bool ok() const { return ok_; }
  const std::string& entity() const { return entity_; }

  // The field of column `col`, or nullptr when the file has no such column.
  const csv::Field* field(std::optional<std::size_t> col) const { return col ? &rec_.fields[*col] : nullptr; }

  void fail(const csv::Field& f, const std::string& message) {
    diags_.error(table_.where(f), message);
    ok_ = false;
  }

  // A number from column `name`; `fallback` when the column is absent or the field empty
  // (no fallback: the value is required).
  std::optional<double> number(std::string_view name, std::string_view fix, bool must_be_positive,
                               std::optional<double> fallback = std::nullopt) {
    const csv::Field* f = field(table_.column(name));
    if (f == nullptr || f->text.empty()) {
      if (!fallback && f != nullptr) fail(*f, entity_ + " has no " + std::string(name) + "; " + std::string(fix));
      if (!fallback) ok_ = false;
      return fallback;
    }
    const auto v = csv::parse_number(f->text);
    if (!v) {
      fail(*f, entity_ + ": " + std::string(name) + " '" + f->text + "' is not a number; " + std::string(fix));
    } else if (must_be_positive && *v <= 0) {
      fail(*f, entity_ + ": " + std::string(name) + " must be > 0, got " + f->text + "; " + std::string(fix));
      return std::nullopt;
    }
    return v;
  }

 private:
  const csv::Table& table_;
  const csv::Record& rec_;
  Diagnostics& diags_;
  std::string entity_;
  bool ok_ = true;
};

// Returns false when the nodes are unusable as references, so that roads.csv is not buried in
// "not in nodes.csv" errors that are only echoes of this file's problem.
bool read_nodes(const csv::Table& t, RoadGraph& g, Diagnostics& diags) {
  const std::string name = file_name(t.file);
  if (t.records.empty()) {
    diags.error(t.header.empty() ? SourceLocation{t.file, 0, 0} : t.header_where(),
                std::string("nodes file has no nodes") + (t.header.empty() ? " ('" + t.file + "' is empty)" : "") + "; add " +
                    (t.header.empty() ? "a header row (id, x_m, y_m, kind) and " : "") + "one row per node");
    return false;
  }
  csv::check_columns(t, kNodeColumns, diags);
  if (!t.column("id")) {
    diags.error(t.header_where(), name + " has no 'id' column; add it to the header row");
    return false;
  }
  const bool xy = t.column("x_m") || t.column("y_m");
  const bool ll = t.column("lon") || t.column("lat");
  bool positions = true;
  auto require_pair = [&](std::string_view a, std::string_view b) {
    for (const auto& [has, lacks] : {std::pair{a, b}, std::pair{b, a}}) {
      if (t.column(has) && !t.column(lacks)) {
        diags.error(t.header_where(), name + " has a '" + std::string(has) + "' column but no '" + std::string(lacks) +
                                          "'; add it to the header row");
        positions = false;
      }
    }
  };
  if (!xy && !ll) {
    diags.error(t.header_where(), name + " has no position columns; add x_m and y_m (metres) or lon and lat (degrees)");
    positions = false;
  } else {
    // Both pairs: x_m/y_m are the position, lon/lat are kept beside it (an imported district).
    if (xy) require_pair("x_m", "y_m");
    if (ll) require_pair("lon", "lat");
  }
  g.set_geographic(ll && !xy);

  std::map<std::string, int, std::less<>> first_line;
  for (const auto& rec : t.records) {
    const csv::Field& id = rec.fields[*t.column("id")];
    RowReader row(t, rec, diags, "node '" + id.text + "'");
    if (id.text.empty()) {
      row.fail(id, "node has no id; give it one");
      continue;
    }
    if (const auto it = first_line.find(id.text); it != first_line.end()) {
      row.fail(id, "node '" + id.text + "' is defined twice (first on line " + std::to_string(it->second) +
                       "); rename one of them");
      continue;
    }
    first_line.emplace(id.text, rec.line);

    RoadNode node;
    node.id = id.text;
    if (positions && xy) {
      node.x_m = row.number("x_m", "give the easting in metres", false).value_or(0.0);
      node.y_m = row.number("y_m", "give the northing in metres", false).value_or(0.0);
    }
    if (positions && ll) {
      for (const auto& [col, limit, out] : {std::tuple{"lon", 180.0, &node.lon}, std::tuple{"lat", 90.0, &node.lat}}) {
        const std::string fix = std::string("give the ") + (limit > 90 ? "longitude" : "latitude") + " in degrees";
        const auto v = row.number(col, fix, false);
        if (v && std::abs(*v) > limit) {
          row.fail(*row.field(t.column(col)), row.entity() + ": " + col + " " + row.field(t.column(col))->text +
                                                  " is outside -" + std::to_string(static_cast<int>(limit)) + " to " +
                                                  std::to_string(static_cast<int>(limit)) + "; " + fix);
        }
        *out = v.value_or(0.0);
      }
      if (!xy) {  // geographic positions: lon/lat are the position too
        node.x_m = node.lon;
        node.y_m = node.lat;
      }
    }
    // No elevation_m column: flat ground at 0 (hand-made districts). An empty field: unknown, NaN
    // (an import without terrain data); a flood on such a node is the scenario checks' to refuse.
    node.elevation_m = t.column("elevation_m")
                           ? row.number("elevation_m", "give the ground elevation in metres, or leave it empty when "
                                        "unknown", false, std::numeric_limits<double>::quiet_NaN())
                                 .value_or(std::numeric_limits<double>::quiet_NaN())
                           : 0.0;
    if (const csv::Field* kind = row.field(t.column("kind")); kind != nullptr && !kind->text.empty()) {
      if (const auto k = parse_node_kind(kind->text)) {
        node.kind = *k;
      } else {
        const auto hint = closest_match(kind->text, kKinds);
        row.fail(*kind, row.entity() + " has unknown kind '" + kind->text + "'; " +
                            (hint ? "did you mean '" + std::string(*hint) + "'?" : "use one of " + join(kKinds)));
      }
    }
    // An empty or missing control: the district's default (district.junction_control).
    if (const csv::Field* control = row.field(t.column("control")); control != nullptr && !control->text.empty()) {
      if (const auto c = parse_junction_control(control->text)) {
        node.control = *c;
      } else {
        const auto hint = closest_match(control->text, kControls);
        row.fail(*control, row.entity() + " has unknown control '" + control->text + "'; " +
                               (hint ? "did you mean '" + std::string(*hint) + "'?" : "use one of " + join(kControls)) +
                               ", or leave it empty for the district's default");
      }
    }
    // Added even when a field is bad, so that roads referring to it are still checked.
    g.add_node(std::move(node));
  }
  return true;
}

void read_roads(const csv::Table& t, RoadGraph& g, bool check_nodes, const std::string& nodes_name,
                Diagnostics& diags) {
  const std::string name = file_name(t.file);
  if (t.records.empty()) {
    diags.error(t.header.empty() ? SourceLocation{t.file, 0, 0} : t.header_where(),
                std::string("roads file has no roads") + (t.header.empty() ? " ('" + t.file + "' is empty)" : "") + "; add " +
                    (t.header.empty() ? "a header row (id, from, to, free_speed_kmh) and " : "") + "one row per road");
    return;
  }
  csv::check_columns(t, kRoadColumns, diags);
  bool columns = true;
  for (const std::string_view required : {"id", "from", "to", "free_speed_kmh"}) {
    if (!t.column(required)) {
      diags.error(t.header_where(), name + " has no '" + std::string(required) + "' column; add it to the header row");
      columns = false;
    }
  }
  if (!columns) return;

  struct Seen {
    int line;
    std::string from, to;
    bool oneway;
    bool paired = false;
  };
  std::map<std::string, Seen, std::less<>> seen;
  for (const auto& rec : t.records) {
    const csv::Field& id = rec.fields[*t.column("id")];
    RowReader row(t, rec, diags, "road '" + id.text + "'");
    if (id.text.empty()) row.fail(id, "road has no id; give it one");

    std::array<std::optional<NodeIndex>, 2> ends;
    for (std::size_t i = 0; i < 2; ++i) {
      const char* col = i == 0 ? "from" : "to";
      const csv::Field& f = *row.field(t.column(col));
      if (f.text.empty()) {
        row.fail(f, row.entity() + " has no '" + col + "' node; give a node id from " + nodes_name);
      } else if (check_nodes) {
        ends[i] = g.find_node(f.text);
        if (!ends[i]) {
          row.fail(f, row.entity() + " refers to node '" + f.text + "', which is not in " + nodes_name +
                          "; add it or fix the id");
        }
      }
    }
    const csv::Field& from = *row.field(t.column("from"));
    const csv::Field& to = *row.field(t.column("to"));
    if (!from.text.empty() && from.text == to.text) {
      row.fail(to, row.entity() + " goes from node '" + from.text + "' back to itself; fix 'from' or 'to'");
    }

    const double speed_kmh = row.number("free_speed_kmh", "give the free-flow speed in km/h", true).value_or(0.0);
    int lanes = 1;
    if (const csv::Field* f = row.field(t.column("lanes")); f != nullptr && !f->text.empty()) {
      const auto n = csv::parse_integer(f->text);
      if (!n || *n < 1 || *n > 99) {
        row.fail(*f, row.entity() + ": lanes '" + f->text +
                         "' is not a whole number from 1 to 99; give the lanes per direction");
      } else {
        lanes = static_cast<int>(*n);
      }
    }
    const double capacity_vph =
        row.number("capacity_veh_h", "give the capacity per direction in veh/h, or leave it empty for 1800 per lane",
                   true, kDefaultCapacityPerLaneVph * lanes)
            .value_or(0.0);
    bool oneway = false;
    if (const csv::Field* f = row.field(t.column("oneway")); f != nullptr && !f->text.empty()) {
      if (f->text == "1") {
        oneway = true;
      } else if (f->text != "0") {
        row.fail(*f, row.entity() + ": oneway must be 0 or 1, got '" + f->text +
                         "'; write 1 for one-way from 'from' to 'to'");
      }
    }
    std::optional<double> length_m;
    const csv::Field* length_field = row.field(t.column("length_m"));
    if (length_field != nullptr && !length_field->text.empty()) {
      length_m =
          row.number("length_m", "give the length in metres, or leave it empty for the straight-line distance", true);
    } else if (ends[0] && ends[1] && *ends[0] != *ends[1]) {
      length_m = straight_line_m(g.node(*ends[0]), g.node(*ends[1]), g.geographic());
      if (!(*length_m > 0)) {
        row.fail(length_field ? *length_field : to, row.entity() + " has no length_m and nodes '" + from.text +
                                                        "' and '" + to.text +
                                                        "' are at the same position; give length_m");
      }
    }

    // Two one-way rows in opposite directions may share an id: they are the two directions of one road.
    if (!id.text.empty()) {
      if (auto it = seen.find(id.text); it == seen.end()) {
        seen.emplace(id.text, Seen{rec.line, from.text, to.text, oneway});
      } else if (Seen& s = it->second; s.oneway && oneway && !s.paired && s.from == to.text && s.to == from.text) {
        s.paired = true;
      } else {
        row.fail(id, "road id '" + id.text + "' is used twice (first on line " + std::to_string(s.line) +
                         "); give each road its own id (a two-way road is one row with oneway 0)");
      }
    }

    if (!row.ok() || !check_nodes || !ends[0] || !ends[1] || !length_m) continue;
    RoadSegment seg;
    seg.id = id.text;
    seg.from = *ends[0];
    seg.to = *ends[1];
    seg.length_m = *length_m;
    seg.free_speed_mps = speed_kmh / 3.6;
    seg.capacity_vps = capacity_vph / 3600.0;
    seg.lanes = lanes;
    if (const csv::Field* f = row.field(t.column("class"))) seg.road_class = f->text;
    try {
      g.add_segment(seg);
      if (!oneway) {
        std::swap(seg.from, seg.to);
        g.add_segment(seg);
      }
    } catch (const RoutingError& e) {
      row.fail(id, e.what());
    }
  }
}

}  // namespace

RoadGraph load_roads_csv(const std::string& nodes_path, const std::string& roads_path, Diagnostics& diags) {
  RoadGraph g;
  const auto nodes = csv::read_file(nodes_path, diags, "nodes file");
  const bool nodes_ok = nodes && read_nodes(*nodes, g, diags);
  if (const auto roads = csv::read_file(roads_path, diags, "roads file")) {
    read_roads(*roads, g, nodes_ok, file_name(nodes_path), diags);
  }
  return g;
}

}  // namespace readysim
