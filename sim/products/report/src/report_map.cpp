// The map's data: the road graph in metres, each segment's class (and, for a flood, when it
// closes), the named places with what the results say of each, the stations' first-due areas and
// the median response time per node.
#include <algorithm>
#include <cmath>
#include <map>
#include <numbers>

#include "readysim/flood.hpp"
#include "readysim/place_names.hpp"
#include "report_internal.hpp"

namespace readysim::report {

namespace {

std::string_view kind_key(PlaceKind k) {
  switch (k) {
    case PlaceKind::community_office: return "community_office";
    case PlaceKind::shelter: return "shelter";
    case PlaceKind::station: return "station";
    case PlaceKind::depot: return "depot";
    case PlaceKind::settlement: return "settlement";
    case PlaceKind::risk_point: return "risk_point";
  }
  return "place";
}

// Per node: the median response time (alarm to engine on scene) of the fires that burned there,
// over every replication, and how many there were.
void node_responses(const ResultSet& results, const RoadGraph& g, std::vector<double>& median,
                    std::vector<long long>& count) {
  median.assign(g.node_count(), NAN);
  count.assign(g.node_count(), 0);
  const Table* t = find_table(results, "incidents");
  if (!t || !t->find("node") || !t->find("alarm") || !t->find("engine_arrival")) return;
  const auto& node = t->strings("node");
  const auto alarm = numeric(*t, "alarm");
  const auto arrival = numeric(*t, "engine_arrival");
  std::vector<std::vector<double>> times(g.node_count());
  for (std::size_t i = 0; i < node.size(); ++i)
    if (auto n = g.find_node(node[i])) times[*n].push_back(arrival[i] - alarm[i]);
  for (NodeIndex n = 0; n < g.node_count(); ++n) {
    count[n] = static_cast<long long>(times[n].size());
    median[n] = quantile(times[n], 0.5);
  }
}

// The flood of the first replications of the file (it depends on the scenario, the seed and the
// replication alone): per segment the median time cars can no longer pass and the share of
// replications in which they cannot; per node the median time the water arrives and the share
// flooded.
void write_flood(Json& j, const ResultSet& results, const Scenario& s, const ReportOptions& options) {
  const RoadGraph& g = s.district.roads;
  const auto seed = static_cast<std::uint64_t>(meta_int(results, "seed", static_cast<long long>(s.run.seed)));
  const long long first = meta_int(results, "first_replication", 0);
  const long long reps = std::min<long long>(meta_int(results, "replications", s.run.replications),
                                             options.max_flood_replications);
  std::vector<std::vector<double>> close(g.segment_count()), flooded(g.node_count());
  for (long long r = first; r < first + std::max(1LL, reps); ++r) {
    const FloodTimeline f = compute_flood(s, seed, r);
    for (SegmentIndex e = 0; e < g.segment_count() && e < f.closed[0].size(); ++e)
      close[e].push_back(f.closed[0][e].first);
    for (NodeIndex n = 0; n < g.node_count() && n < f.node_flooded_s.size(); ++n) flooded[n].push_back(f.node_flooded_s[n]);
  }
  const auto share = [](const std::vector<double>& v) {
    if (v.empty()) return 0.0;
    return static_cast<double>(std::count_if(v.begin(), v.end(), [](double x) { return std::isfinite(x); })) /
           static_cast<double>(v.size());
  };
  std::vector<double> close_h, close_share, flood_h, flood_share;
  for (auto& v : close) close_share.push_back(share(v)), close_h.push_back(quantile(v, 0.5) / 3600);
  for (auto& v : flooded) flood_share.push_back(share(v)), flood_h.push_back(quantile(v, 0.5) / 3600);
  j.key("flood").open();
  j.key("replications").integer(std::max(1LL, reps));
  j.key("segment_closed_h").nums(close_h, 4).key("segment_closed_share").nums(close_share, 3);
  j.key("node_flooded_h").nums(flood_h, 4).key("node_flooded_share").nums(flood_share, 3);
  j.close();
}

}  // namespace

void write_map(Json& j, const ResultSet& results, const Scenario& s, ReportKind kind, const ReportOptions& options) {
  const RoadGraph& g = s.district.roads;
  const PlaceDirectory places(s);
  const auto pos = g.plane_positions_m();
  j.key("map").open();
  // Nodes: position, elevation, and the name of the place there ("" for a plain junction).
  std::vector<double> x, y, elev;
  std::vector<std::string> names;
  for (NodeIndex n = 0; n < g.node_count(); ++n) {
    x.push_back(pos[n].first), y.push_back(pos[n].second), elev.push_back(g.node(n).elevation_m);
    const NamedPlace* p = places.at(n);
    names.push_back(p ? p->name : std::string());
  }
  j.key("x").nums(x, 9).key("y").nums(y, 9).key("elevation_m").nums(elev, 5).key("node_name").strs(names);
  // What the map first shows: the bulk of the graph (its nodes between the 3rd and 97th
  // percentiles of each coordinate), not a road out to a city kilometres away, and every place
  // where people live (settlements and community offices).
  std::vector<double> xs = x, ys = y;
  double x0 = quantile(xs, 0.03), x1 = quantile(xs, 0.97), y0 = quantile(ys, 0.03), y1 = quantile(ys, 0.97);
  const auto extend = [&](NodeIndex n) {
    x0 = std::min(x0, x[n]), y0 = std::min(y0, y[n]), x1 = std::max(x1, x[n]), y1 = std::max(y1, y[n]);
  };
  for (const auto& st : s.district.settlements) extend(st.node);
  for (const auto& c : s.district.communities) extend(c.node);
  if (!std::isfinite(x0) || !std::isfinite(y0)) x0 = y0 = x1 = y1 = 0;
  j.key("focus").nums({x0, y0, x1, y1}, 9);
  // Segments: ends, class (an index into classes), length.
  std::vector<std::string> classes;
  std::map<std::string, long long> class_index;
  std::vector<long long> from, to, cls;
  std::vector<double> length;
  for (SegmentIndex e = 0; e < g.segment_count(); ++e) {
    const RoadSegment& seg = g.segment(e);
    const std::string c = seg.road_class.empty() ? "road" : seg.road_class;
    auto [it, added] = class_index.emplace(c, static_cast<long long>(classes.size()));
    if (added) classes.push_back(c);
    from.push_back(static_cast<long long>(seg.from)), to.push_back(static_cast<long long>(seg.to));
    cls.push_back(it->second), length.push_back(seg.length_m);
  }
  j.key("classes").strs(classes).key("from").ints(from).key("to").ints(to).key("class").ints(cls);
  j.key("length_m").nums(length, 5);

  // Places, by kind, with what the results say of them.
  j.key("places").open_array();
  for (const auto& p : places.places()) {
    j.open().key("kind").str(kind_key(p.kind)).key("name").str(p.name).key("node").integer(static_cast<long long>(p.node));
    j.close();
  }
  j.close_array();

  // Stations that send engines: each node's first-due station (free-flow driving) and its time.
  std::vector<std::string> station_names;
  std::vector<long long> station_nodes, station_engines, first_due(g.node_count(), -1);
  std::vector<double> first_time(g.node_count(), kUnreachable);
  for (const auto& st : s.resources.stations) {
    if (st.engines <= 0) continue;
    const auto paths = g.shortest_paths_from(st.node);
    const long long k = static_cast<long long>(station_names.size());
    for (NodeIndex n = 0; n < g.node_count(); ++n)
      if (paths.time_s[n] < first_time[n]) first_time[n] = paths.time_s[n], first_due[n] = k;
    station_names.push_back(st.name), station_nodes.push_back(static_cast<long long>(st.node));
    station_engines.push_back(st.engines);
  }
  j.key("stations").open().key("name").strs(station_names).key("node").ints(station_nodes);
  j.key("engines").ints(station_engines).close();
  for (auto& t : first_time) t /= 60;
  j.key("first_due").ints(first_due).key("first_due_min").nums(first_time, 4);

  if (kind == ReportKind::run) {
    std::vector<double> median;
    std::vector<long long> count;
    node_responses(results, g, median, count);
    for (auto& m : median) m /= 60;
    j.key("response_median_min").nums(median, 4).key("response_count").ints(count);
  }
  if (s.hazards.flood.enabled && kind == ReportKind::run) write_flood(j, results, s, options);

  // Shelters: capacity, and over the replications the mean and largest peak occupancy.
  const Table* shelters = kind == ReportKind::run ? find_table(results, "shelters") : nullptr;
  j.key("shelters").open_array();
  for (const auto& sh : s.resources.shelters) {
    double sum = 0, most = 0;
    long long reps = 0;
    double turned = 0;
    if (shelters && shelters->rows() > 0) {
      const auto& id = shelters->strings("shelter");
      const auto& peak = numeric(*shelters, "peak_occupancy");
      const auto& away = numeric(*shelters, "turned_away");
      for (std::size_t i = 0; i < id.size(); ++i)
        if (id[i] == sh.id) sum += peak[i], most = std::max(most, peak[i]), turned += away[i], ++reps;
    }
    j.open().key("name").str(sh.name).key("node").integer(static_cast<long long>(sh.node)).key("capacity").integer(sh.capacity);
    if (reps > 0) j.key("peak_mean").num(sum / static_cast<double>(reps), 4).key("peak_max").num(most, 4);
    if (reps > 0) j.key("turned_away_mean").num(turned / static_cast<double>(reps), 3);
    j.close();
  }
  j.close_array();

  // Settlements: population, and the share of their evacuating people who reached a shelter.
  const Table* cohorts = kind == ReportKind::run ? find_table(results, "cohorts") : nullptr;
  std::map<std::string, std::pair<double, double>> safe;  // settlement id -> (people, safe)
  if (cohorts && cohorts->rows() > 0) {
    const auto& settlement = cohorts->strings("settlement");
    const auto& people = numeric(*cohorts, "people");
    const auto& at = numeric(*cohorts, "safe");
    for (std::size_t i = 0; i < settlement.size(); ++i) {
      auto& [all, ok] = safe[settlement[i]];
      all += people[i];
      if (std::isfinite(at[i])) ok += people[i];
    }
  }
  j.key("settlements").open_array();
  for (const auto& st : s.district.settlements) {
    j.open().key("name").str(st.name).key("node").integer(static_cast<long long>(st.node)).key("population").integer(st.population);
    if (auto it = safe.find(st.id); it != safe.end() && it->second.first > 0)
      j.key("safe_share").num(it->second.second / it->second.first, 4);
    j.close();
  }
  j.close_array();

  // Depots: the share of replications in which each item ran out there.
  const Table* stock = kind == ReportKind::run ? find_table(results, "stock") : nullptr;
  j.key("depots").open_array();
  for (const auto& d : s.resources.depots) {
    std::map<std::string, std::pair<long long, long long>> items;  // item -> (replications, with a stock-out)
    if (stock && stock->rows() > 0) {
      const auto& depot = stock->strings("depot");
      const auto& item = stock->strings("item");
      const auto& outs = numeric(*stock, "stockouts");
      for (std::size_t i = 0; i < depot.size(); ++i)
        if (depot[i] == d.id) {
          auto& [n, out] = items[item[i]];
          ++n;
          if (outs[i] > 0) ++out;
        }
    }
    j.open().key("name").str(d.name).key("node").integer(static_cast<long long>(d.node));
    j.key("stockouts").open_array();
    for (const auto& [item, c] : items)
      if (c.second > 0)
        j.open().key("item").str(item).key("share").num(static_cast<double>(c.second) / static_cast<double>(c.first), 3).close();
    j.close_array().close();
  }
  j.close_array();
  j.close();
}

}  // namespace readysim::report
