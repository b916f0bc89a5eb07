// `hazards.fire.incident_log`: the key, the columns it maps, and the reading of the log itself
// (times, positions snapped to road nodes as places are, occupancies, duplicates, rows that
// cannot be placed, the replay window).
#include "scenario/incident_log_section.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <array>
#include <cmath>
#include <filesystem>
#include <map>
#include <optional>

#include "road/csv.hpp"
#include "scenario/snap.hpp"

namespace readysim {

namespace {

using F = FireHazard;

constexpr std::array<const char*, 9> kColumnKeys{"id", "date", "time", "node", "lon", "lat", "x_m", "y_m", "occupancy"};

// The member of `c` (const or not) that holds the column name of `key`.
template <class ColumnNames>
auto& column_of(ColumnNames& c, std::string_view key) {
  if (key == "id") return c.id;
  if (key == "date") return c.date;
  if (key == "time") return c.time;
  if (key == "node") return c.node;
  if (key == "lon") return c.lon;
  if (key == "lat") return c.lat;
  if (key == "x_m") return c.x_m;
  if (key == "y_m") return c.y_m;
  return c.occupancy;
}

// Days from 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
long days_from_civil(long y, unsigned m, unsigned d) {
  y -= m <= 2;
  const long era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<long>(doe) - 719468;
}

// "YYYY-MM-DD" of days from 1970-01-01 (civil_from_days).
std::string civil_from_days(long z) {
  z += 719468;
  const long era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const long y = static_cast<long>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return fmt::format("{:04}-{:02}-{:02}", y + (m <= 2), m, d);
}

std::optional<long> digits(std::string_view t) {
  if (t.empty()) return std::nullopt;
  long v = 0;
  for (char ch : t) {
    if (ch < '0' || ch > '9') return std::nullopt;
    v = v * 10 + (ch - '0');
  }
  return v;
}

// Whether the row's position could not be used, and why (for the error or the skipped count).
struct Placement {
  std::optional<NodeIndex> node;
  std::string why;                 // when not placed
  const csv::Field* field = nullptr;  // the field to point at
};

struct Columns {
  std::optional<std::size_t> id, date, time, node, lon, lat, x, y, occupancy;
};

// Column indices; a column named explicitly must be in the header, a default one is used when it is.
std::optional<Columns> find_columns(SectionContext& c, const YAML::Node& key, IncidentLog& log,
                                    const csv::Table& t, const std::vector<bool>& explicit_key) {
  Columns out;
  std::vector<std::string> header;
  for (const auto& h : t.header) header.push_back(h.text);
  bool ok = true;
  const auto find = [&](std::size_t k, std::optional<std::size_t>& slot) {
    std::string& mapped = column_of(log.columns, kColumnKeys[k]);
    const std::string name = explicit_key[k] || !mapped.empty() ? mapped : kColumnKeys[k];
    slot = t.column(name);
    if (slot) mapped = name;  // a default name the header has: used, and shown in the effective scenario
    else if (!explicit_key[k]) mapped.clear();
    if (!slot && explicit_key[k]) {
      const YAML::Node where = key.IsMap() && key["columns"] ? key["columns"][kColumnKeys[k]] : key;
      c.r.error(where, fmt::format("hazards.fire.incident_log: column '{}' (columns.{}) is not in the header of {}{}; "
                                   "the header has {}",
                                   name, kColumnKeys[k], c.r.resolve(log.file), did_you_mean(name, header),
                                   fmt::join(header, ", ")));
      ok = false;
    }
  };
  find(0, out.id);
  find(1, out.date);
  find(2, out.time);
  find(3, out.node);
  find(4, out.lon);
  find(5, out.lat);
  find(6, out.x);
  find(7, out.y);
  find(8, out.occupancy);
  if (!ok) return std::nullopt;
  const SourceLocation header_at = t.header_where();
  if (!out.time) {
    c.diags.error(header_at, "incident log: no call-time column 'time'; map the log's own with "
                             "hazards.fire.incident_log.columns.time");
    ok = false;
  }
  const bool xy = out.x && out.y, ll = out.lon && out.lat;
  if (!out.node && !xy && !ll) {
    c.diags.error(header_at, "incident log: no position columns; map columns.node (a road node id), columns.x_m and "
                             "columns.y_m (metres, the road nodes' frame) or columns.lon and columns.lat (degrees)");
    ok = false;
  }
  if (out.node) out.x = out.y = out.lon = out.lat = std::nullopt;  // a node id wins over positions
  else if (xy) out.lon = out.lat = std::nullopt;
  else out.x = out.y = std::nullopt;
  if (!ok) return std::nullopt;
  return out;
}

// Reads, places and windows the rows of the log.
void load_rows(SectionContext& c, const YAML::Node& key, IncidentLog& log, const F& fire,
               const std::vector<bool>& explicit_key) {
  const std::string shown = c.r.resolve(log.file);
  Diagnostics local;  // a file that cannot be opened is reported at the scenario line naming it
  auto table = csv::read_file(log.path, local, "incident log");
  c.merge_file_problems(local, {{log.path, key.IsMap() && key["file"] ? key["file"] : key, "hazards.fire.incident_log"}});
  if (!table) return;
  table->file = shown;
  if (table->records.empty()) {
    c.diags.error(SourceLocation{shown, std::max(1, table->header_line), 1},
                  "incident log: the file has no rows; an incident log needs one row per incident below its header");
    return;
  }
  const auto cols = find_columns(c, key, log, *table, explicit_key);
  if (!cols) return;
  const RoadGraph& g = c.s.district.roads;
  std::optional<NodeSnapper> snapper;
  if (cols->x || cols->lon) {
    snapper.emplace(g, cols->x ? NodeSnapper::Frame::metres : NodeSnapper::Frame::lonlat);
    if (!snapper->usable()) {
      c.diags.error(table->header_where(),
                    cols->x ? "incident log: positions are x_m/y_m but the road graph has no nodes"
                            : "incident log: positions are lon/lat but the road nodes have no lon/lat; map "
                              "columns.x_m and columns.y_m (metres) instead, or add lon and lat to the nodes file");
      return;
    }
    if (cols->x && g.geographic()) {
      c.diags.error(table->header_where(), "incident log: the road nodes' positions are lon/lat degrees; map "
                                           "columns.lon and columns.lat instead of x_m and y_m");
      return;
    }
  }
  std::vector<std::string> occupancies;
  for (const auto& o : fire.occupancies) occupancies.push_back(o.name);
  const auto occupancy_index = [&](std::string_view name) -> std::optional<std::int32_t> {
    for (std::size_t i = 0; i < fire.occupancies.size(); ++i)
      if (fire.occupancies[i].name == name) return static_cast<std::int32_t>(i);
    return std::nullopt;
  };
  const auto default_occupancy = occupancy_index(log.occupancy);
  if (!cols->occupancy && !default_occupancy) {
    c.r.error(key.IsMap() && key["occupancy"] ? key["occupancy"] : key,
              fmt::format("hazards.fire.incident_log: occupancy '{}' has no growth model{}; add it under "
                          "hazards.fire.occupancies or use one of {}",
                          log.occupancy, did_you_mean(log.occupancy, occupancies), fmt::join(occupancies, ", ")));
    return;
  }
  const double limit = c.s.district.snap_distance_m.value_or(kDefaultSnapDistanceM);
  const auto place = [&](const csv::Record& rec) {
    Placement p;
    if (cols->node) {
      const csv::Field& f = rec.fields[*cols->node];
      p.field = &f;
      if (auto n = g.find_node(f.text)) p.node = n;
      else p.why = fmt::format("node '{}' is not in the road network ({})", f.text, c.s.district.roads_description);
      return p;
    }
    const csv::Field& fa = rec.fields[cols->x ? *cols->x : *cols->lon];
    const csv::Field& fb = rec.fields[cols->x ? *cols->y : *cols->lat];
    p.field = &fa;
    const auto a = csv::parse_number(fa.text), b = csv::parse_number(fb.text);
    const char* ka = cols->x ? "x_m" : "lon";
    const char* kb = cols->x ? "y_m" : "lat";
    if (!a || !b) {
      if (!b && a) p.field = &fb;
      p.why = fmt::format("no usable position ({} '{}', {} '{}')", ka, fa.text, kb, fb.text);
      return p;
    }
    if (cols->lon && (std::abs(*a) > 180 || std::abs(*b) > 90)) {
      p.why = fmt::format("lon/lat ({}, {}) is not a position in degrees", *a, *b);
      return p;
    }
    const auto hit = snapper->nearest(*a, *b);
    if (hit.distance_m > limit) {
      p.why = fmt::format("({} {}, {} {}) is {:.0f} m from the nearest road node '{}', farther than "
                          "district.snap_distance ({:.0f} m): outside the map",
                          ka, fa.text, kb, fb.text, hit.distance_m, g.node(hit.node).id, limit);
      return p;
    }
    p.node = hit.node;
    return p;
  };

  // Call times: absolute (a date) or seconds from the start; one kind for the whole file.
  std::optional<bool> absolute;
  std::optional<double> start_abs;
  if (!log.start.empty()) start_abs = parse_date_time(log.start);
  std::map<std::string, int> seen;  // duplicate key -> first line
  struct Row {
    double t;
    NodeIndex node;
    std::int32_t occupancy;
    int line;
  };
  std::vector<Row> rows;
  for (const auto& rec : table->records) {
    bool row_ok = true;
    const csv::Field& tf = rec.fields[*cols->time];
    std::optional<double> t;
    bool is_abs = true;
    if (cols->date) {
      const csv::Field& df = rec.fields[*cols->date];
      const auto day = df.text.size() == 10 ? parse_date_time(df.text) : std::nullopt;
      const auto clock = parse_clock(tf.text);
      if (!day)
        c.diags.error(table->where(df), fmt::format("incident log: column '{}': '{}' is not a date YYYY-MM-DD",
                                                    log.columns.date, df.text));
      if (!clock)
        c.diags.error(table->where(tf), fmt::format("incident log: column '{}': '{}' is not a clock time HH:MM[:SS]",
                                                    log.columns.time, tf.text));
      if (day && clock) t = *day + *clock;
    } else if (auto dt = parse_date_time(tf.text)) {
      t = dt;
    } else if (auto secs = csv::parse_number(tf.text); secs && *secs >= 0) {
      t = secs;
      is_abs = false;
    } else {
      c.diags.error(table->where(tf),
                    fmt::format("incident log: column '{}': '{}' is not a call time (YYYY-MM-DD HH:MM[:SS], or "
                                "seconds ≥ 0 from the start; map columns.date for a separate date column)",
                                log.columns.time, tf.text));
    }
    if (!t) row_ok = false;
    if (t && absolute && *absolute != is_abs) {
      c.diags.error(table->where(tf), fmt::format("incident log: column '{}': '{}' mixes seconds from the start "
                                                  "with date-times in other rows; use one kind",
                                                  log.columns.time, tf.text));
      row_ok = false;
    }
    if (t && !absolute) absolute = is_abs;
    std::optional<std::int32_t> occ = default_occupancy;
    if (cols->occupancy) {
      const csv::Field& of = rec.fields[*cols->occupancy];
      occ = occupancy_index(of.text);
      if (!occ) {
        c.diags.error(table->where(of),
                      fmt::format("incident log: column '{}': unknown occupancy '{}'{}; use one of {} or add it under "
                                  "hazards.fire.occupancies",
                                  log.columns.occupancy, of.text, did_you_mean(of.text, occupancies),
                                  fmt::join(occupancies, ", ")));
        row_ok = false;
      }
    }
    // Duplicates: the same incident number, or (without one) the same call and position.
    std::string dup;
    const csv::Field* dup_field = &tf;
    if (cols->id) {
      dup_field = &rec.fields[*cols->id];
      dup = dup_field->text;
    } else {
      for (auto col : {cols->date, cols->time, cols->node, cols->x, cols->y, cols->lon, cols->lat})
        if (col) dup += rec.fields[*col].text + '\x1f';
    }
    if (const auto [it, fresh] = seen.emplace(dup, rec.line); !fresh) {
      c.diags.error(table->where(*dup_field),
                    cols->id ? fmt::format("incident log: duplicate incident '{}' in column '{}' (first at line {}); "
                                           "remove the repeated row",
                                           dup_field->text, log.columns.id, it->second)
                             : fmt::format("incident log: duplicate row: the same call time and position as line {}; "
                                           "remove it, or map columns.id if they are distinct incidents",
                                           it->second));
      row_ok = false;
    }
    const Placement p = place(rec);
    if (!p.node) {
      if (log.skip_unplaceable) {
        log.skipped_lines.push_back(rec.line);
      } else {
        c.diags.error(table->where(*p.field),
                      fmt::format("incident log: the incident cannot be placed: {}; fix the row, or set "
                                  "hazards.fire.incident_log.unplaceable: skip to leave such rows out (they are "
                                  "counted)",
                                  p.why));
      }
      row_ok = false;
    }
    if (row_ok) rows.push_back(Row{*t, *p.node, *occ, rec.line});
  }
  if (absolute.value_or(true) == false && !log.start.empty()) {
    c.r.error(key["start"], "hazards.fire.incident_log: start is a date, but the log's call times are seconds from "
                            "the start; leave start out");
    return;
  }
  double t0 = 0;
  if (absolute.value_or(false)) {
    if (start_abs) {
      t0 = *start_abs;
    } else if (!rows.empty()) {
      double first = rows.front().t;
      for (const auto& r : rows) first = std::min(first, r.t);
      t0 = std::floor(first / 86400.0) * 86400.0;
      log.start = civil_from_days(static_cast<long>(t0 / 86400.0));
    }
  }
  for (const auto& r : rows) {
    const double t = r.t - t0;
    if (t < 0 || t >= c.s.horizon_s) {
      ++log.outside_window;
      continue;
    }
    log.incidents.push_back(LoggedIncident{t, r.node, r.occupancy, r.line});
  }
  std::string skipped;
  for (std::size_t i = 0; i < log.skipped_lines.size() && i < 20; ++i)
    skipped += (i ? ", " : "") + std::to_string(log.skipped_lines[i]);
  if (log.skipped_lines.size() > 20) skipped += ", …";
  c.s.district.snapped.push_back(fmt::format(
      "incident log {}: {} rows replayed, {} outside [start, start + horizon), {} could not be placed{}", shown,
      log.incidents.size(), log.outside_window, log.skipped_lines.size(),
      skipped.empty() ? "" : " (skipped, lines " + skipped + ")"));
}

void read_incident_log(SectionContext& c, const YAML::Node& n, const std::string& what, F& out) {
  const YAML::Node k = n["incident_log"];
  if (!k) return;
  const std::string label = what + ".incident_log";
  IncidentLog& log = out.incident_log;
  log.enabled = true;
  log.where = c.r.at(k);
  std::vector<bool> explicit_key(kColumnKeys.size(), false);
  if (k.IsScalar()) {
    log.file = k.Scalar();
  } else {
    if (!c.r.expect_map(k, label, {"file", "columns", "start", "occupancy", "unplaceable", "random_ignitions"}))
      return;
    const auto file = c.r.string(k, "file", label, true);
    if (!file) return;
    log.file = *file;
    if (const YAML::Node cols = k["columns"]) {
      std::vector<std::string> keys(kColumnKeys.begin(), kColumnKeys.end());
      if (c.r.expect_map(cols, label + ".columns", keys))
        for (std::size_t i = 0; i < kColumnKeys.size(); ++i)
          if (auto v = c.r.string(cols, kColumnKeys[i], label + ".columns", false)) {
            column_of(log.columns, kColumnKeys[i]) = *v;
            explicit_key[i] = true;
          }
    }
    if (auto s = c.r.string(k, "start", label, false)) {
      if (parse_date_time(*s))
        log.start = *s;
      else
        c.r.error(k["start"], fmt::format("{}: start '{}' is not a date YYYY-MM-DD or a date-time "
                                          "YYYY-MM-DD HH:MM[:SS]",
                                          label, *s));
    }
    if (auto o = c.r.string(k, "occupancy", label, false)) log.occupancy = *o;
    if (auto b = c.r.boolean(k, "random_ignitions", label, false)) log.random_ignitions = *b;
    if (auto u = c.r.string(k, "unplaceable", label, false)) {
      if (*u == "skip")
        log.skip_unplaceable = true;
      else if (*u != "error")
        c.r.error(k["unplaceable"], fmt::format("{}: unplaceable must be error or skip, got '{}'{}", label, *u,
                                                did_you_mean(*u, {"error", "skip"})));
    }
  }
  log.path = std::filesystem::absolute(c.r.resolve(log.file)).lexically_normal().string();
  if (!c.roads_ok) return;
  load_rows(c, k, log, out, explicit_key);
}

}  // namespace

std::optional<double> parse_clock(std::string_view t) {
  if (t.size() != 5 && t.size() != 8) return std::nullopt;
  if (t[2] != ':' || (t.size() == 8 && t[5] != ':')) return std::nullopt;
  const auto h = digits(t.substr(0, 2)), m = digits(t.substr(3, 2));
  const auto s = t.size() == 8 ? digits(t.substr(6, 2)) : std::optional<long>(0);
  if (!h || !m || !s || *h > 23 || *m > 59 || *s > 59) return std::nullopt;
  return static_cast<double>(*h * 3600 + *m * 60 + *s);
}

std::optional<double> parse_date_time(std::string_view t) {
  if (t.size() < 10 || t[4] != '-' || t[7] != '-') return std::nullopt;
  const auto y = digits(t.substr(0, 4)), m = digits(t.substr(5, 2)), d = digits(t.substr(8, 2));
  if (!y || !m || !d || *m < 1 || *m > 12 || *d < 1) return std::nullopt;
  static constexpr int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (*y % 4 == 0 && *y % 100 != 0) || *y % 400 == 0;
  if (*d > kDays[*m - 1] || (*m == 2 && *d == 29 && !leap)) return std::nullopt;
  double secs = static_cast<double>(days_from_civil(*y, static_cast<unsigned>(*m), static_cast<unsigned>(*d))) * 86400.0;
  if (t.size() == 10) return secs;
  if (t[10] != ' ' && t[10] != 'T') return std::nullopt;
  const auto clock = parse_clock(t.substr(11));
  if (!clock) return std::nullopt;
  return secs + *clock;
}

Field<FireHazard> incident_log_field() {
  return custom_field<F>(
             "incident_log", "path, or `{file, columns, start, occupancy, unplaceable, random_ignitions}`", "absent (random ignitions)",
             "a brigade's incident log replayed instead of random ignitions (see below)", read_incident_log,
             [](YAML::Emitter& out, const Scenario&, const F& f) {
               const IncidentLog& log = f.incident_log;
               out << YAML::BeginMap << YAML::Key << "file" << YAML::Value << log.path;
               out << YAML::Key << "columns" << YAML::Value << YAML::Flow << YAML::BeginMap;
               for (const char* k : kColumnKeys)
                 if (const std::string& v = column_of(log.columns, k); !v.empty())
                   out << YAML::Key << k << YAML::Value << v;
               out << YAML::EndMap;
               if (!log.start.empty()) out << YAML::Key << "start" << YAML::Value << log.start;
               out << YAML::Key << "occupancy" << YAML::Value << log.occupancy;
               out << YAML::Key << "unplaceable" << YAML::Value << (log.skip_unplaceable ? "skip" : "error");
               out << YAML::Key << "random_ignitions" << YAML::Value << log.random_ignitions;
               out << YAML::EndMap;
             })
      .when([](const F& f) { return f.incident_log.enabled; });
}

}  // namespace readysim
