// Routing for the road platform (issue 16): a search stopped at its targets gives exactly the
// routes of the full search, on graphs with ties, closures and queue times.
#include <catch2/catch.hpp>

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/dijkstra_shortest_paths.hpp>
#include <boost/property_map/function_property_map.hpp>

#include <optional>
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

// Boost's own Dijkstra over the same graph (the search RoadGraph used before issue 16), as the
// reference for RoadGraph's own loop: times and the segment last relaxed into each node.
struct Reference {
  std::vector<double> time_s;
  std::vector<std::optional<SegmentIndex>> via;
};
struct EdgeData {
  SegmentIndex segment = 0;
};
using BoostGraph = boost::adjacency_list<boost::vecS, boost::vecS, boost::bidirectionalS, boost::no_property, EdgeData>;
struct RecordVia : boost::default_dijkstra_visitor {
  std::vector<std::optional<SegmentIndex>>* via;
  template <class Edge, class G>
  void edge_relaxed(const Edge& e, const G& g) const {
    (*via)[boost::target(e, g)] = g[e].segment;
  }
};
Reference boost_search(const RoadGraph& roads, NodeIndex source, const ClosureSet& closed,
                       const std::vector<double>& extra) {
  BoostGraph g(roads.node_count());
  for (SegmentIndex s = 0; s < roads.segment_count(); ++s)
    boost::add_edge(roads.segment(s).from, roads.segment(s).to, EdgeData{s}, g);
  using Edge = boost::graph_traits<BoostGraph>::edge_descriptor;
  auto weight = boost::make_function_property_map<Edge, double>([&](const Edge& e) {
    const SegmentIndex s = g[e].segment;
    if (closed.is_closed(s)) return readysim::kUnreachable;
    return roads.segment(s).free_time_s() + extra[s];
  });
  Reference r;
  r.time_s.assign(roads.node_count(), readysim::kUnreachable);
  r.via.assign(roads.node_count(), std::nullopt);
  boost::dijkstra_shortest_paths(
      g, source,
      boost::weight_map(weight)
          .distance_map(boost::make_iterator_property_map(r.time_s.begin(), boost::get(boost::vertex_index, g)))
          .distance_inf(readysim::kUnreachable)
          .distance_zero(0.0)
          .visitor(RecordVia{{}, &r.via}));
  return r;
}

}  // namespace

TEST_CASE("RoadGraph's search gives Boost's Dijkstra bit for bit, ties, closures and queues included",
          "[road][platform]") {
  const RoadGraph g = grid(10, 5);
  readysim::testing::SplitMix64 rng{11};
  ClosureSet closed;
  std::vector<double> extra(g.segment_count(), 0.0);
  for (int trial = 0; trial < 40; ++trial) {
    const NodeIndex source = rng.next() % g.node_count();
    if (trial % 2 == 1) closed.close(rng.next() % g.segment_count());
    if (trial % 4 == 2) extra[rng.next() % g.segment_count()] += 0.1 * static_cast<double>(rng.next() % 30);
    const auto ours = g.shortest_paths_from(source, &closed, &extra);
    const auto ref = boost_search(g, source, closed, extra);
    INFO("trial " << trial);
    CHECK(ours.time_s == ref.time_s);
    CHECK(ours.via == ref.via);
  }
}

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
