// From ways to the road graph: ways split at the nodes they share, the largest strongly
// connected part kept, chains of degree-2 nodes contracted into one road with their summed length.
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <numeric>
#include <string>
#include <unordered_map>
#include <utility>

#include "import_internal.hpp"
#include "readysim/error.hpp"

namespace readysim::import {

namespace {

// A part of a way between two graph nodes (its ends), with the positions in between.
struct Piece {
  std::size_t way = 0;  // index into OsmData::ways
  std::vector<WayNode> geom;
  double length_m = 0;
  std::size_t a = 0, b = 0;  // graph node indices of the first and last position
};

double geom_length(const std::vector<WayNode>& g) {
  double s = 0;
  for (std::size_t i = 1; i < g.size(); ++i) s += geodesic_m(g[i - 1].lon, g[i - 1].lat, g[i].lon, g[i].lat);
  return s;
}

// Strongly connected parts (Tarjan, iterative); returns the part of each node.
std::vector<std::size_t> strong_parts(std::size_t n, const std::vector<std::vector<std::size_t>>& out,
                                      std::size_t& count) {
  constexpr std::size_t kNone = static_cast<std::size_t>(-1);
  std::vector<std::size_t> index(n, kNone), low(n, 0), part(n, kNone);
  std::vector<bool> on_stack(n, false);
  std::vector<std::size_t> stack;
  std::vector<std::pair<std::size_t, std::size_t>> call;  // node, next edge
  std::size_t next_index = 0;
  count = 0;
  for (std::size_t s = 0; s < n; ++s) {
    if (index[s] != kNone) continue;
    call.emplace_back(s, 0);
    index[s] = low[s] = next_index++;
    stack.push_back(s);
    on_stack[s] = true;
    while (!call.empty()) {
      auto& [v, e] = call.back();
      if (e < out[v].size()) {
        const std::size_t w = out[v][e++];
        if (index[w] == kNone) {
          index[w] = low[w] = next_index++;
          stack.push_back(w);
          on_stack[w] = true;
          call.emplace_back(w, 0);
        } else if (on_stack[w]) {
          low[v] = std::min(low[v], index[w]);
        }
        continue;
      }
      const std::size_t done = v;
      if (low[done] == index[done]) {
        std::size_t w = 0;
        do {
          w = stack.back();
          stack.pop_back();
          on_stack[w] = false;
          part[w] = count;
        } while (w != done);
        ++count;
      }
      call.pop_back();
      if (!call.empty()) low[call.back().first] = std::min(low[call.back().first], low[done]);
    }
  }
  return part;
}

}  // namespace

Graph build_graph(const OsmData& data, const ImportOptions& options) {
  Graph graph;
  const std::string where = options.bbox ? fmt::format(" inside --bbox {},{},{},{}", (*options.bbox)[0],
                                                       (*options.bbox)[1], (*options.bbox)[2], (*options.bbox)[3])
                                         : std::string();
  if (data.ways.empty()) {
    std::string seen;
    for (const auto& [k, n] : data.other_highways) seen += fmt::format("{}{} {}", seen.empty() ? "" : ", ", n, k);
    throw UsageError(fmt::format(
        "OSM file '{}' has no routable roads{} (highway= one of the classes read){}; import an extract that "
        "holds streets{}",
        options.input, where, seen.empty() ? "" : " — it has only highway ways of other classes: " + seen,
        options.bbox ? ", or widen the bbox" : ", or name more classes with --highways"));
  }

  // 1. Where ways meet: a node used more than once (by two ways, or twice by one) is a graph node.
  std::unordered_map<std::int64_t, int> uses;
  for (const auto& w : data.ways) {
    for (std::size_t i = 0; i < w.nodes.size(); ++i) {
      if (w.nodes[i].valid() && (i == 0 || w.nodes[i].id != w.nodes[i - 1].id)) ++uses[w.nodes[i].id];
    }
  }
  std::unordered_map<std::int64_t, std::size_t> node_of;
  std::vector<WayNode> points;
  const auto graph_node = [&](const WayNode& n) {
    const auto [it, added] = node_of.try_emplace(n.id, points.size());
    if (added) points.push_back(n);
    return it->second;
  };
  std::vector<Piece> pieces;
  for (std::size_t wi = 0; wi < data.ways.size(); ++wi) {
    const auto& w = data.ways[wi];
    std::vector<WayNode> geom;
    const auto close = [&] {
      if (geom.size() >= 2) {
        Piece p;
        p.way = wi;
        p.geom = geom;
        p.length_m = std::max(0.1, geom_length(geom));  // two nodes at one position: 10 cm
        p.a = graph_node(geom.front());
        p.b = graph_node(geom.back());
        pieces.push_back(std::move(p));
      }
    };
    for (std::size_t i = 0; i < w.nodes.size(); ++i) {
      const WayNode& n = w.nodes[i];
      if (!n.valid()) {  // the way leaves the extract (or the bbox): cut it here
        close();
        geom.clear();
        continue;
      }
      if (!geom.empty() && geom.back().id == n.id) continue;
      geom.push_back(n);
      if (geom.size() >= 2 && uses[n.id] >= 2) {
        close();
        geom.assign(1, n);
      }
    }
    close();
  }
  graph.pieces = pieces.size();
  graph.split_nodes = points.size();
  if (pieces.empty()) {
    throw UsageError(fmt::format("OSM file '{}': no routable road has two of its nodes{}; {}", options.input, where,
                                 options.bbox ? "widen the bbox or check that it is W,S,E,N in degrees"
                                              : "the extract lacks the nodes of its ways; export it again with "
                                                "the ways' nodes"));
  }

  // 2. The largest strongly connected part: every kept node can reach every other.
  std::vector<std::vector<std::size_t>> out(points.size());
  for (const auto& p : pieces) {
    if (p.a == p.b) continue;
    out[p.a].push_back(p.b);
    if (!data.ways[p.way].attrs.oneway) out[p.b].push_back(p.a);
  }
  std::size_t parts = 0;
  const auto part = strong_parts(points.size(), out, parts);
  std::vector<std::size_t> size(parts, 0);
  std::vector<double> part_len(parts, 0.0);
  for (std::size_t i = 0; i < points.size(); ++i) ++size[part[i]];
  for (const auto& p : pieces) {
    if (part[p.a] == part[p.b]) part_len[part[p.a]] += p.length_m;
  }
  std::size_t best = 0;
  for (std::size_t c = 1; c < parts; ++c) {
    if (size[c] > size[best] || (size[c] == size[best] && part_len[c] > part_len[best])) best = c;
  }
  graph.components = parts;
  std::vector<bool> kept_piece(pieces.size(), false);
  std::vector<bool> way_kept(data.ways.size(), false), way_any(data.ways.size(), false);
  for (std::size_t i = 0; i < pieces.size(); ++i) {
    const auto& p = pieces[i];
    way_any[p.way] = true;
    kept_piece[i] = part[p.a] == best && part[p.b] == best;
    if (kept_piece[i]) {
      graph.kept_km += p.length_m / 1000;
      way_kept[p.way] = true;
    } else {
      ++graph.dropped_pieces;
      graph.dropped_km += p.length_m / 1000;
    }
  }
  for (std::size_t w = 0; w < data.ways.size(); ++w) graph.dropped_ways += way_any[w] && !way_kept[w];
  // Why a piece was dropped: its part is joined to the kept one only one way (a one-way road
  // leads in but not out, or out but not in), or not at all (an island).
  std::vector<std::size_t> parent(points.size());
  std::iota(parent.begin(), parent.end(), std::size_t{0});
  const auto find = [&](std::size_t x) {
    while (parent[x] != x) x = parent[x] = parent[parent[x]];
    return x;
  };
  for (const auto& p : pieces) parent[find(p.a)] = find(p.b);
  std::size_t main_node = 0;
  while (part[main_node] != best) ++main_node;
  std::map<std::size_t, std::pair<double, std::int64_t>> dropped_parts;  // part -> km, example way
  for (std::size_t i = 0; i < pieces.size(); ++i) {
    if (kept_piece[i]) continue;
    const auto& p = pieces[i];
    (find(p.a) == find(main_node) ? graph.dropped_oneway_km : graph.dropped_island_km) += p.length_m / 1000;
    auto& [km, way] = dropped_parts[part[p.a] == best ? part[p.b] : part[p.a]];
    km += p.length_m / 1000;
    way = data.ways[p.way].id;
  }
  std::vector<std::size_t> rep(parts, 0);
  for (std::size_t i = 0; i < points.size(); ++i) rep[part[i]] = i;
  std::vector<std::pair<double, std::size_t>> by_km;
  for (const auto& [c, v] : dropped_parts) by_km.emplace_back(v.first, c);
  std::sort(by_km.begin(), by_km.end(), std::greater<>());
  for (std::size_t k = 0; k < std::min<std::size_t>(5, by_km.size()); ++k) {
    const auto& [km, c] = by_km[k];
    graph.biggest_dropped.push_back(fmt::format("{:.2f} km, {} node(s), e.g. way {} ({})", km, size[c],
                                                dropped_parts[c].second,
                                                find(rep[c]) == find(main_node) ? "joined one way only" : "an island"));
  }
  graph.dropped_nodes = points.size() - size[best];
  graph.dropped_parts = parts - 1;
  if (size[best] < 2) {
    throw UsageError(fmt::format("OSM file '{}': its routable roads{} form no network that can be driven both "
                                 "ways (all one-way stubs); import a larger extract",
                                 options.input, where));
  }

  // 3. Contraction: a node where exactly two pieces of the same kind meet (one in, one out when
  // one-way) is no junction; the chain through it becomes one road.
  struct End {
    std::size_t piece;
    int end;  // 0: the piece starts here, 1: it ends here
  };
  std::vector<std::vector<End>> at(points.size());
  for (std::size_t i = 0; i < pieces.size(); ++i) {
    if (!kept_piece[i]) continue;
    at[pieces[i].a].push_back({i, 0});
    at[pieces[i].b].push_back({i, 1});
  }
  const auto contractible = [&](std::size_t n) {
    if (at[n].size() != 2 || at[n][0].piece == at[n][1].piece) return false;
    const RoadAttrs& x = data.ways[pieces[at[n][0].piece].way].attrs;
    const RoadAttrs& y = data.ways[pieces[at[n][1].piece].way].attrs;
    if (!(x == y)) return false;
    return !x.oneway || at[n][0].end != at[n][1].end;
  };
  std::vector<bool> used(pieces.size(), false);
  std::unordered_map<std::int64_t, std::size_t> final_of;
  const auto final_node = [&](const WayNode& n) {
    const auto [it, added] = final_of.try_emplace(n.id, graph.nodes.size());
    if (added) {
      GraphNode g;
      g.osm_id = n.id;
      if (const auto c = data.controls.find(n.id); c != data.controls.end()) g.control = c->second;
      g.lon = n.lon;
      g.lat = n.lat;
      graph.nodes.push_back(g);
    }
    return it->second;
  };
  struct Chain {
    std::vector<WayNode> geom;
    std::vector<std::int64_t> ways;
    RoadAttrs attrs;
    double length_m = 0;
  };
  std::vector<Chain> chains;
  const auto walk = [&](std::size_t start, End first) {
    Chain c;
    c.attrs = data.ways[pieces[first.piece].way].attrs;
    const bool against = first.end == 1;
    std::size_t node = start;
    End e = first;
    while (true) {
      const Piece& p = pieces[e.piece];
      used[e.piece] = true;
      std::vector<WayNode> g = p.geom;
      if (e.end == 1) std::reverse(g.begin(), g.end());
      c.geom.insert(c.geom.end(), c.geom.empty() ? g.begin() : g.begin() + 1, g.end());
      c.length_m += p.length_m;
      const std::int64_t way_id = data.ways[p.way].id;
      if (std::find(c.ways.begin(), c.ways.end(), way_id) == c.ways.end()) c.ways.push_back(way_id);
      node = e.end == 0 ? p.b : p.a;
      if (node == start || !contractible(node)) break;
      const End next = at[node][0].piece == e.piece ? at[node][1] : at[node][0];
      if (used[next.piece]) break;
      e = next;
      ++graph.contracted;
    }
    if (c.attrs.oneway && against) {
      std::reverse(c.geom.begin(), c.geom.end());
      std::reverse(c.ways.begin(), c.ways.end());
    }
    chains.push_back(std::move(c));
  };
  for (std::size_t n = 0; n < points.size(); ++n) {
    if (part[n] != best || contractible(n)) continue;
    for (const End& e : at[n]) {
      if (!used[e.piece]) walk(n, e);
    }
  }
  for (std::size_t i = 0; i < pieces.size(); ++i) {  // closed rings of contractible nodes
    if (kept_piece[i] && !used[i]) walk(pieces[i].a, {i, 0});
  }

  // 4. Roads: a closed chain is broken at its middle position; ids from the ways.
  std::unordered_map<std::string, std::size_t> base_count;
  const auto base_id = [](const Chain& c) {
    std::string id;
    for (const auto w : c.ways) id += (id.empty() ? "w" : "+w") + std::to_string(w);
    return id;
  };
  std::vector<std::pair<Chain, std::size_t>> halves;  // chain, index of the chain it came from
  for (auto& c : chains) {
    if (c.geom.front().id != c.geom.back().id) {
      halves.emplace_back(std::move(c), 0);
      continue;
    }
    ++graph.loops_split;
    double run = 0, best_gap = 1e300;
    std::size_t cut = 1;
    for (std::size_t i = 1; i + 1 < c.geom.size(); ++i) {
      run += geodesic_m(c.geom[i - 1].lon, c.geom[i - 1].lat, c.geom[i].lon, c.geom[i].lat);
      if (std::abs(run - c.length_m / 2) < best_gap) {
        best_gap = std::abs(run - c.length_m / 2);
        cut = i;
      }
    }
    Chain first = c, second = c;
    first.geom.assign(c.geom.begin(), c.geom.begin() + static_cast<std::ptrdiff_t>(cut) + 1);
    second.geom.assign(c.geom.begin() + static_cast<std::ptrdiff_t>(cut), c.geom.end());
    first.length_m = std::max(0.1, geom_length(first.geom));
    second.length_m = std::max(0.1, c.length_m - first.length_m);
    halves.emplace_back(std::move(first), 0);
    halves.emplace_back(std::move(second), 0);
  }
  for (const auto& [c, _] : halves) ++base_count[base_id(c)];
  std::unordered_map<std::string, std::size_t> seen;
  for (auto& [c, _] : halves) {
    GraphRoad r;
    const std::string base = base_id(c);
    r.id = base_count[base] > 1 ? fmt::format("{}.{}", base, ++seen[base]) : base;
    r.from = final_node(c.geom.front());
    r.to = final_node(c.geom.back());
    r.length_m = c.length_m;
    r.attrs = c.attrs;
    r.ways = c.ways;
    graph.roads.push_back(std::move(r));
  }
  return graph;
}

}  // namespace readysim::import
