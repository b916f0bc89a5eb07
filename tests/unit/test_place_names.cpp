// The scenario's named places by road node (readysim/place_names.hpp), on the district.
#include <catch2/catch.hpp>

#include "readysim/place_names.hpp"
#include "readysim/scenario.hpp"

using namespace readysim;

TEST_CASE("every named place is found at its node, in the documented order of kinds", "[names]") {
  const Scenario s = load_scenario(std::string(READYSIM_SOURCE_DIR) + "/scenarios/yunlianghu/flood.yaml");
  const PlaceDirectory places(s);
  const std::size_t expected = s.district.communities.size() + s.resources.shelters.size() +
                               s.resources.stations.size() + s.resources.depots.size() +
                               s.district.settlements.size() + s.district.risk_points.size();
  REQUIRE(places.places().size() == expected);
  for (const auto& sh : s.resources.shelters) {
    const NamedPlace* p = places.at(sh.node, PlaceKind::shelter);
    REQUIRE(p != nullptr);
    CHECK(p->node == sh.node);
    CHECK(p->name == (sh.name.empty() ? sh.id : sh.name));
  }
  for (const auto& c : s.district.communities) {
    const NamedPlace* p = places.at(c.node);
    REQUIRE(p != nullptr);
    CHECK(p->kind == PlaceKind::community_office);  // offices come first at their node
    CHECK(places.at(c.node, {PlaceKind::depot, PlaceKind::community_office}) != nullptr);
  }
  // A node with nothing on it, and one past the graph.
  std::size_t empty = 0;
  while (empty < s.district.roads.node_count() && places.at(empty) != nullptr) ++empty;
  REQUIRE(empty < s.district.roads.node_count());
  CHECK(places.at(empty, {PlaceKind::shelter, PlaceKind::station}) == nullptr);
  CHECK(places.at(s.district.roads.node_count()) == nullptr);
}
