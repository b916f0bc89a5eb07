#include "scenario/flood_series.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>

#include "readysim/suggest.hpp"
#include "readysim/units.hpp"
#include "road/csv.hpp"

namespace readysim {

namespace {

const std::string kWhat = "hazards.flood";

std::vector<std::string> node_ids(const RoadGraph& g) {
  std::vector<std::string> ids;
  ids.reserve(g.node_count());
  for (NodeIndex i = 0; i < g.node_count(); ++i) ids.push_back(g.node(i).id);
  return ids;
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

}  // namespace

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

}  // namespace readysim
