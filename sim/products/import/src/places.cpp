// Stations, shelters and settlements from the tagged places, each snapped to the nearest road
// node of the kept graph; what is not in the tags (engines, floor areas, populations) is guessed
// by stated rules and listed.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <string>
#include <string_view>

#include "import_internal.hpp"

namespace readysim::import {

namespace {

constexpr double kMaxSnapM = 2000.0;

// Population of a place= class without a population tag: the order of magnitude of the class
// in the OSM wiki (Key:place): city > 100,000, town 10,000-100,000, village a few hundred,
// hamlet < 100-200, isolated_dwelling one or two households; suburb, quarter and neighbourhood
// parts of a town.
double class_population(const std::string& kind) {
  static const std::map<std::string, double, std::less<>> table{
      {"city", 100000}, {"town", 10000},    {"village", 500},       {"hamlet", 50},
      {"suburb", 5000}, {"quarter", 2000},  {"neighbourhood", 500}, {"isolated_dwelling", 5}};
  const auto it = table.find(kind);
  return it != table.end() ? it->second : 500;
}

bool part_of_town(const std::string& kind) { return kind == "suburb" || kind == "quarter" || kind == "neighbourhood"; }
bool town(const std::string& kind) { return kind == "city" || kind == "town"; }

// ASCII id from a name: "Monte-Carlo" -> monte_carlo.
std::string slug(const std::string& name) {
  // Latin-1 letters (U+00C0 to U+00FF, UTF-8 C3 80 to C3 BF) lose their accents: "École" -> ecole.
  static constexpr std::string_view kLatin1 = "aaaaaaaceeeeiiiidnooooo_ouuuuytsaaaaaaaceeeeiiiidnooooo_ouuuuyty";
  std::string out;
  for (std::size_t i = 0; i < name.size(); ++i) {
    const auto c = static_cast<unsigned char>(name[i]);
    char a = 0;
    if (std::isalnum(c) != 0 && c < 128) {
      a = static_cast<char>(std::tolower(c));
    } else if (c == 0xC3 && i + 1 < name.size()) {
      a = kLatin1[static_cast<unsigned char>(name[++i]) & 0x3F];
    }
    if (a != 0 && a != '_') {
      out += a;
    } else if (!out.empty() && out.back() != '_') {
      out += '_';
    }
  }
  while (!out.empty() && out.back() == '_') out.pop_back();
  if (!out.empty() && std::isdigit(static_cast<unsigned char>(out.front())) != 0) out = "p_" + out;
  return out.substr(0, 40);
}

}  // namespace

Places place_things(const OsmData& data, Graph& graph, const Projection& proj) {
  Places out;
  double cx = 0, cy = 0;
  for (const auto& n : graph.nodes) {
    cx += n.x;
    cy += n.y;
  }
  cx /= static_cast<double>(graph.nodes.size());
  cy /= static_cast<double>(graph.nodes.size());
  const auto nearest = [&](double x, double y, double& d) {
    std::size_t best = 0;
    double bd = 1e300;
    for (std::size_t i = 0; i < graph.nodes.size(); ++i) {
      const double dd = std::hypot(graph.nodes[i].x - x, graph.nodes[i].y - y);
      if (dd < bd) {
        bd = dd;
        best = i;
      }
    }
    d = bd;
    return best;
  };
  double centre_d = 0;
  out.centre = nearest(cx, cy, centre_d);

  std::set<std::string> ids{"district"};
  const auto unique_id = [&](const std::string& name, const std::string& fallback) {
    std::string base = slug(name);
    if (base.empty()) base = fallback;
    std::string id = base;
    for (int k = 2; ids.contains(id); ++k) id = fmt::format("{}_{}", base, k);
    ids.insert(id);
    return id;
  };
  const auto describe = [](const OsmPlace& p) {
    return fmt::format("{} ({}, {})", p.name.empty() ? "unnamed" : "'" + p.name + "'", p.osm, p.kind);
  };

  // Snap every place; far ones are skipped.
  std::vector<PlacedPlace> placed;
  for (const auto& p : data.places) {
    double x = 0, y = 0;
    proj.forward(p.lon, p.lat, x, y);
    PlacedPlace pp;
    pp.place = p;
    pp.node = nearest(x, y, pp.snap_m);
    if (pp.snap_m > kMaxSnapM) {
      out.skipped.push_back(fmt::format("{}: {:.0f} m from the nearest kept road node (more than {:.0f} m)",
                                        describe(p), pp.snap_m, kMaxSnapM));
      continue;
    }
    placed.push_back(std::move(pp));
  }

  // Settlements: a town's population is shared with its suburbs, quarters and neighbourhoods
  // (each belongs to the nearest city or town): those with a population tag keep it, the rest
  // of the town's population is split equally between the town's own node and the untagged parts.
  std::vector<PlacedPlace*> settlements, towns;
  for (auto& pp : placed) {
    if (pp.place.role != PlaceRole::settlement) continue;
    settlements.push_back(&pp);
    if (town(pp.place.kind)) towns.push_back(&pp);
  }
  std::map<PlacedPlace*, std::vector<PlacedPlace*>> parts;
  for (auto* s : settlements) {
    if (!part_of_town(s->place.kind) || towns.empty()) continue;
    PlacedPlace* best = nullptr;
    double bd = 1e300;
    for (auto* t : towns) {
      const double d = geodesic_m(s->place.lon, s->place.lat, t->place.lon, t->place.lat);
      if (d < bd) {
        bd = d;
        best = t;
      }
    }
    parts[best].push_back(s);
  }
  const auto estimate_note = [](const PlacedPlace& p) {
    return p.place.population_text.empty()
               ? fmt::format("no population tag; {} people is the estimate for place={}",
                             thousands(class_population(p.place.kind)), p.place.kind)
               : fmt::format("population tag '{}' unreadable; {} people is the estimate for place={}",
                             p.place.population_text, thousands(class_population(p.place.kind)), p.place.kind);
  };
  for (auto* s : settlements) {
    if (s->place.population) {
      s->population = *s->place.population;
    } else {
      s->population = class_population(s->place.kind);
      s->guesses.push_back(estimate_note(*s));
    }
  }
  for (auto& [t, members] : parts) {
    const double total = t->population;
    double tagged = 0;
    std::vector<PlacedPlace*> share{t};
    for (auto* m : members) {
      if (m->place.population) tagged += *m->place.population;
      else share.push_back(m);
    }
    const double rest = std::max(total - tagged, 0.1 * total);
    // Whole people, the remainder to the first ones, so that the shares add up to the rest.
    const double n = static_cast<double>(share.size()), whole = std::round(rest);
    const double each = std::max(1.0, std::floor(whole / n));
    double extra = std::max(0.0, whole - each * n);
    for (auto* m : share) {
      m->population = each + (extra > 0 ? 1 : 0);
      extra -= 1;
      m->guesses.clear();
      m->guesses.push_back(fmt::format(
          "{} of {} people: {}'s {} {}{} people, less {} in parts with a population tag, shared equally between "
          "the town's node and its {} untagged suburb(s)/quarter(s)",
          thousands(m->population), thousands(whole), t->place.name.empty() ? "the town" : t->place.name,
          t->place.population ? "tagged population" : "estimated population", thousands(total),
          t->place.population ? "" : " (" + estimate_note(*t) + ")", thousands(tagged), share.size() - 1));
    }
  }

  for (auto& pp : placed) {
    switch (pp.place.role) {
      case PlaceRole::station:
        pp.id = unique_id(pp.place.name, fmt::format("station_{}", out.stations.size() + 1));
        pp.guesses.push_back("engines and crew guessed: 1 engine, 4 full-time firefighters");
        out.stations.push_back(pp);
        break;
      case PlaceRole::shelter: {
        pp.id = unique_id(pp.place.name, fmt::format("{}_{}", pp.place.kind, out.shelters.size() + 1));
        if (pp.place.area_m2 > 0) {
          pp.floor_area_m2 = std::clamp(std::round(0.25 * pp.place.area_m2 / 10) * 10, 200.0, 3000.0);
          pp.guesses.push_back(fmt::format("floor area guessed: a quarter of the mapped area ({:.0f} m2), kept "
                                           "between 200 and 3000 m2",
                                           pp.place.area_m2));
        } else {
          pp.floor_area_m2 = 500;
          pp.guesses.push_back("floor area guessed: 500 m2 (mapped as a point)");
        }
        out.shelters.push_back(pp);
        break;
      }
      case PlaceRole::settlement:
        pp.id = unique_id(pp.place.name, fmt::format("{}_{}", pp.place.kind, out.settlements.size() + 1));
        out.settlements.push_back(pp);
        break;
    }
  }

  // With none of a kind near the roads, one is guessed at the road node nearest the roads' centre.
  const GraphNode& c = graph.nodes[out.centre];
  const auto guess = [&](PlaceRole role, const char* kind, const char* name, const char* id, std::string why) {
    PlacedPlace pp;
    pp.place.role = role;
    pp.place.kind = kind;
    pp.place.name = name;
    pp.place.osm = "none";
    pp.place.lon = c.lon;
    pp.place.lat = c.lat;
    pp.id = unique_id(id, id);
    pp.node = out.centre;
    pp.guesses.push_back(std::move(why));
    return pp;
  };
  if (out.stations.empty())
    out.stations.push_back(guess(PlaceRole::station, "fire_station", "Guessed fire station", "guessed_station",
                                 "the extract has no amenity=fire_station near the roads: one station with 1 engine "
                                 "and 4 firefighters is put at the road node nearest the roads' centre; give the "
                                 "real stations"));
  if (out.settlements.empty()) {
    PlacedPlace pp = guess(PlaceRole::settlement, "unknown", "Guessed settlement", "guessed_settlement",
                           "the extract has no place=* near the roads: one settlement of 1,000 people is put at the "
                           "road node nearest the roads' centre; give the real settlements and populations");
    pp.population = 1000;
    out.settlements.push_back(pp);
  }
  // Node kinds for nodes.csv (the first place at a node names it).
  const auto mark = [&](const std::vector<PlacedPlace>& list, const char* kind) {
    for (const auto& p : list) {
      if (graph.nodes[p.node].kind == "junction") graph.nodes[p.node].kind = kind;
    }
  };
  mark(out.stations, "station");
  mark(out.shelters, "shelter");
  mark(out.settlements, "settlement");
  if (graph.nodes[out.centre].kind == "junction") graph.nodes[out.centre].kind = "community";
  return out;
}

}  // namespace readysim::import
