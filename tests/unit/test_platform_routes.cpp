// Routing for the road platform (issue 16): a search stopped at its targets gives exactly the
// routes of the full search, on graphs with ties, closures and queue times.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "readysim/error.hpp"
#include "readysim/road_graph.hpp"
#include "splitmix.hpp"

using readysim::ClosureSet;
using readysim::NodeIndex;
using readysim::RoadGraph;
using readysim::SegmentIndex;

namespace {

// A k x k grid of two-way roads; every length is 100 m or 200 m, so many paths tie exactly.
RoadGraph grid(int k, std::uint64_t seed) {
  RoadGraph g;
  readysim::testing::SplitMix64 rng{seed};
  for (int i = 0; i < k * k; ++i) g.add_node({"n" + std::to_string(i), 0, 0, 0, readysim::NodeKind::junction});
  const auto road = [&](int a, int b) {
    const double length = (rng.next() % 2 == 0) ? 100.0 : 200.0;
    g.add_segment({"r", static_cast<NodeIndex>(a), static_cast<NodeIndex>(b), length, 10, 1, 1, "c"});
    g.add_segment({"r", static_cast<NodeIndex>(b), static_cast<NodeIndex>(a), length, 10, 1, 1, "c"});
  };
  for (int i = 0; i < k; ++i)
    for (int j = 0; j < k; ++j) {
      if (i + 1 < k) road(i * k + j, (i + 1) * k + j);
      if (j + 1 < k) road(i * k + j, i * k + j + 1);
    }
  return g;
}

}  // namespace

TEST_CASE("a search stopped at its targets gives the full search's times and paths to them", "[road][platform]") {
  const int k = 12;
  const RoadGraph g = grid(k, 16);
  readysim::testing::SplitMix64 rng{7};
  ClosureSet closed;
  std::vector<double> queue(g.segment_count(), 0.0);
  for (int trial = 0; trial < 60; ++trial) {
    const NodeIndex source = rng.next() % g.node_count();
    std::vector<NodeIndex> targets;
    for (std::uint64_t t = 0, n = 1 + rng.next() % 4; t < n; ++t) targets.push_back(rng.next() % g.node_count());
    if (trial % 3 == 1) closed.close(rng.next() % g.segment_count());
    if (trial % 3 == 2) queue[rng.next() % g.segment_count()] += 7.5;
    const auto full = g.shortest_paths_from(source, &closed, &queue);
    const auto part = g.shortest_paths_to(source, targets, &closed, &queue);
    std::size_t reached = 0;
    for (NodeIndex n = 0; n < g.node_count(); ++n) reached += part.reachable(n) ? 1 : 0;
    for (const NodeIndex t : targets) {
      INFO("trial " << trial << ", source " << source << ", target " << t);
      REQUIRE(part.reachable(t) == full.reachable(t));
      if (!full.reachable(t)) continue;
      CHECK(part.time_s[t] == full.time_s[t]);  // bit for bit: the same steps in the same order
      CHECK(part.path_to(t, g) == full.path_to(t, g));
    }
    // Whatever it settled agrees with the full search; it settled no more than the graph.
    for (NodeIndex n = 0; n < g.node_count(); ++n)
      if (part.reachable(n)) CHECK(part.time_s[n] == full.time_s[n]);
    CHECK(reached <= g.node_count());
  }
}

TEST_CASE("a search stopped at a near target settles only the near part of the graph", "[road][platform]") {
  const RoadGraph g = grid(30, 3);
  const auto part = g.shortest_paths_to(0, {1});
  std::size_t reached = 0;
  for (NodeIndex n = 0; n < g.node_count(); ++n) reached += part.reachable(n) ? 1 : 0;
  CHECK(part.reachable(1));
  CHECK(reached < g.node_count() / 10);
  // No targets: only the source; a target out of range is an error.
  const auto none = g.shortest_paths_to(5, {});
  CHECK(none.time_s[5] == 0);
  CHECK_FALSE(none.reachable(6));
  CHECK_THROWS_AS(g.shortest_paths_to(0, {g.node_count()}), readysim::RoutingError);
}
