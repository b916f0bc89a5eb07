// Highway classes and how a way's tags become speed, lanes, capacity and direction.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <string>
#include <string_view>

#include "import_internal.hpp"

namespace readysim::import {

namespace {

// Leading number of a tag value ("50", "2;3" -> 2, "30 mph" -> 30); nullopt when none.
std::optional<double> leading_number(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  double v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end == text.data() || !std::isfinite(v)) return std::nullopt;
  return v;
}

bool one_of(std::string_view v, std::initializer_list<std::string_view> list) {
  return std::find(list.begin(), list.end(), v) != list.end();
}

// maxspeed in km/h: "50", "30 mph", "10 knots", "walk", "DE:urban"…; nullopt when not understood.
std::optional<double> parse_maxspeed(std::string_view v) {
  if (v.empty()) return std::nullopt;
  if (v == "walk") return 7.0;
  if (v == "none" || v == "signals" || v == "variable") return std::nullopt;
  if (const auto colon = v.find(':'); colon != std::string_view::npos && colon <= 3) {
    const std::string_view zone = v.substr(colon + 1);
    if (zone == "urban") return 50.0;
    if (zone == "rural") return 90.0;
    if (zone == "living_street") return 10.0;
    if (zone == "motorway") return 120.0;
    if (zone == "trunk") return 100.0;
    if (zone == "zone30" || zone == "zone:30") return 30.0;
    return std::nullopt;
  }
  const auto n = leading_number(v);
  if (!n || *n <= 0 || *n > 300) return std::nullopt;
  const auto unit_at = v.find_first_not_of("0123456789. ");
  if (unit_at == std::string_view::npos) return *n;
  const std::string_view rest = v.substr(unit_at);
  if (rest == "mph") return *n * 1.609344;
  if (rest == "knots") return *n * 1.852;
  if (rest == "km/h" || rest == "kmh" || rest == "kph") return *n;
  return std::nullopt;
}

std::optional<int> parse_lanes(std::string_view v) {
  const auto n = leading_number(v);
  if (!n || *n < 1 || *n > 20 || std::floor(*n) != *n) return std::nullopt;
  return static_cast<int>(*n);
}

}  // namespace

const std::vector<ClassDefaults>& class_defaults() {
  // Free speed, lanes per direction and capacity per lane: MATSim's OsmNetworkReader
  // (org.matsim.core.utils.io.OsmNetworkReader, setHighwayDefaults), the *_link classes it
  // does not list as their parent's link, and service roads (not in MATSim's list) as
  // living_street.
  static const std::vector<ClassDefaults> table{
      {"motorway", 120, 2, 2000},     {"motorway_link", 80, 1, 1500}, {"trunk", 80, 1, 2000},
      {"trunk_link", 50, 1, 1500},    {"primary", 80, 1, 1500},       {"primary_link", 60, 1, 1500},
      {"secondary", 60, 1, 1000},     {"secondary_link", 60, 1, 1000}, {"tertiary", 45, 1, 600},
      {"tertiary_link", 45, 1, 600},  {"unclassified", 45, 1, 600},   {"residential", 30, 1, 600},
      {"living_street", 15, 1, 300},  {"service", 15, 1, 300},        {"road", 30, 1, 600},
  };
  return table;
}

std::vector<std::string> default_highways() {
  std::vector<std::string> out;
  for (const auto& c : class_defaults()) {
    if (std::string_view(c.highway) != "road") out.emplace_back(c.highway);
  }
  return out;
}

RoadAttrs road_attrs(const WayTags& tags, bool& reverse, TagNotes& notes) {
  const auto& table = class_defaults();
  const auto it = std::find_if(table.begin(), table.end(),
                               [&](const ClassDefaults& c) { return tags.highway == c.highway; });
  const ClassDefaults d = it != table.end() ? *it : ClassDefaults{"", 30, 1, 600};  // a class the user added
  RoadAttrs a;
  a.highway = tags.highway;
  a.speed_kmh = d.speed_kmh;
  a.capacity_per_lane_vph = d.capacity_per_lane_vph;

  reverse = false;
  if (one_of(tags.oneway, {"yes", "true", "1"})) {
    a.oneway = true;
  } else if (one_of(tags.oneway, {"-1", "reverse"})) {
    a.oneway = true;
    reverse = true;
  } else if (!one_of(tags.oneway, {"no", "false", "0"}) &&
             (tags.highway == "motorway" || one_of(tags.junction, {"roundabout", "circular"}))) {
    a.oneway = true;  // implied (OSM wiki, Key:oneway)
  }
  if (a.oneway) ++notes.oneway;
  if (reverse) ++notes.reversed;

  if (!tags.maxspeed.empty()) {
    if (const auto v = parse_maxspeed(tags.maxspeed)) {
      a.speed_kmh = std::round(*v * 10) / 10;
      a.speed_tagged = true;
      ++notes.maxspeed_tagged;
    } else {
      ++notes.maxspeed_unreadable;
      ++notes.maxspeed_examples[tags.maxspeed];
    }
  }

  int fwd = d.lanes, bwd = d.lanes;
  const auto lf = parse_lanes(tags.lanes_forward), lb = parse_lanes(tags.lanes_backward);
  if (!tags.lanes.empty() || lf || lb) {
    const auto total = parse_lanes(tags.lanes);
    if (!tags.lanes.empty() && !total) ++notes.lanes_unreadable;
    if (total || lf || lb) {
      ++notes.lanes_tagged;
      a.lanes_tagged = true;
      if (a.oneway) {
        fwd = bwd = total.value_or(lf.value_or(d.lanes));
      } else {
        // Two-way: lanes counts both directions; lanes:forward/backward when given.
        const int half = std::max(1, total.value_or(2 * d.lanes) / 2);
        fwd = lf.value_or(lb && total ? std::max(1, *total - *lb) : half);
        bwd = lb.value_or(lf && total ? std::max(1, *total - *lf) : half);
      }
    }
  }
  if (reverse) std::swap(fwd, bwd);
  a.lanes_fwd = fwd;
  a.lanes_bwd = a.oneway ? fwd : bwd;
  return a;
}

}  // namespace readysim::import
