// The default district as scenarios/yunlianghu/README.md describes it ("Layout"): the counts,
// populations, heights and drive times it quotes, read from the generated files. The files are
// data, not a simulation: every figure is exact (pinned at the README's precision).
#include <catch2/catch.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "readysim/scenario.hpp"
#include "readysim/stats.hpp"

using namespace readysim;

namespace {
const std::string kDistrict = std::string(READYSIM_SOURCE_DIR) + "/scenarios/yunlianghu/scenario.yaml";
}  // namespace

// Pins scenarios/yunlianghu/README.md, "Layout": "327 nodes (252 junctions, 38 settlements,
// 18 enterprises, 5 communities, 6 stations, 6 depots, 1 office, 1 external) and 467 two-way
// segments (26 provincial, 85 county, 220 village, 107 canal, 29 levee)"; the ground at 27–30 m
// and the levee crest at 32.8–33.3 m.
TEST_CASE("README figures: the district's road graph, node kinds, road classes and heights", "[scenario][readme]") {
  const Scenario s = load_scenario(kDistrict);
  const RoadGraph& g = s.district.roads;
  std::map<std::string, int> kinds;
  for (NodeIndex n = 0; n < g.node_count(); ++n) ++kinds[std::string(node_kind_name(g.node(n).kind))];
  CHECK(g.node_count() == 327);
  CHECK(kinds == std::map<std::string, int>{{"junction", 252}, {"settlement", 38}, {"enterprise", 18},
                                            {"community", 5},  {"station", 6},     {"depot", 6},
                                            {"office", 1},     {"external", 1}});
  // Both directions of a two-way road share its id.
  std::map<std::string, std::set<std::string>> roads_by_class;
  std::set<NodeIndex> on_levee;
  for (SegmentIndex i = 0; i < g.segment_count(); ++i) {
    const RoadSegment& seg = g.segment(i);
    roads_by_class[seg.road_class].insert(seg.id);
    if (seg.road_class == "levee") on_levee.insert({seg.from, seg.to});
  }
  std::map<std::string, std::size_t> classes;
  std::size_t roads = 0;
  for (const auto& [name, ids] : roads_by_class) {
    classes[name] = ids.size();
    roads += ids.size();
  }
  CHECK(roads == 467);
  CHECK(g.segment_count() == 2 * 467);
  CHECK(classes == std::map<std::string, std::size_t>{
                       {"provincial", 26}, {"county", 85}, {"village", 220}, {"canal", 107}, {"levee", 29}});
  // Heights in the polder (x <= 7.5 km, and the jitter; the S322 extension east of it to
  // Qianjiang is outside): the crest on the levee, the ground (clipped) everywhere else.
  for (NodeIndex n = 0; n < g.node_count(); ++n) {
    if (g.node(n).x_m > 7600) continue;
    const double z = g.node(n).elevation_m;
    INFO(g.node(n).id << " at " << z << " m");
    if (z > 30) {
      CHECK(on_levee.count(n) == 1);
      CHECK(z >= 32.8);
      CHECK(z <= 33.3);
    } else {
      CHECK(z >= 27);
    }
  }
}

// Pins scenarios/yunlianghu/README.md, "Layout": jizhen's 6 settlements with 2,960 people, 8 in
// each sub-district with 2,101, 2,302, 2,203 and 2,470, populations from 199 to 582; free-flow
// drive times from the brigade of a median 5.1 min to a settlement and at most 9.8 min (dui37),
// under 3 min to every enterprise, about 37 min to Qianjiang city.
TEST_CASE("README figures: the district's settlements and the brigade's drive times", "[scenario][readme]") {
  const Scenario s = load_scenario(kDistrict);
  const RoadGraph& g = s.district.roads;
  std::map<std::string, std::pair<int, int>> per_community;  // settlements, people
  int fewest = 1 << 30, most = 0;
  for (const auto& t : s.district.settlements) {
    ++per_community[t.community].first;
    per_community[t.community].second += t.population;
    fewest = std::min(fewest, t.population);
    most = std::max(most, t.population);
  }
  CHECK(per_community == std::map<std::string, std::pair<int, int>>{{"jizhen", {6, 2960}},
                                                                    {"xibei", {8, 2101}},
                                                                    {"dongbei", {8, 2302}},
                                                                    {"xinan", {8, 2203}},
                                                                    {"dongnan", {8, 2470}}});
  CHECK(fewest == 199);
  CHECK(most == 582);

  const auto brigade = g.find_node("police_station");
  REQUIRE(brigade);
  const ShortestPaths from = g.shortest_paths_from(*brigade);
  std::vector<double> to_settlements;
  std::string farthest;
  for (const auto& t : s.district.settlements) {
    to_settlements.push_back(from.time_s[t.node]);
    if (from.time_s[t.node] == *std::max_element(to_settlements.begin(), to_settlements.end())) farthest = t.id;
  }
  std::sort(to_settlements.begin(), to_settlements.end());
  CHECK(fmt::format("{:.1f}", stats::quantile(to_settlements, 0.5) / 60) == "5.1");
  CHECK(fmt::format("{:.1f}", to_settlements.back() / 60) == "9.8");
  CHECK(farthest == "dui37");
  for (const auto& r : s.district.risk_points) {
    INFO(r.id);
    CHECK(from.time_s[r.node] < 180);
  }
  REQUIRE(s.district.mutual_aid_node);
  CHECK(fmt::format("{:.0f}", from.time_s[*s.district.mutual_aid_node] / 60) == "37");
}
