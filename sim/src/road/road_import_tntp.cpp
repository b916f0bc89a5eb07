#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "readysim/road_import.hpp"
#include "road/csv.hpp"

// TNTP (Transportation Networks for Research, github.com/bstabler/TransportationNetworks):
// a metadata block of `<KEY> value` lines up to `<END OF METADATA>`, then whitespace-separated
// rows ending in ';', with `~` starting a comment. <FIRST THRU NODE> is not honoured: routes may
// pass through zone nodes (it is 1, i.e. no restriction, in Sioux Falls).

namespace readysim {

namespace {

struct Token {
  std::string_view text;
  int column = 0;
};

// Splits a row at blanks, up to a '~' comment or the ';' that ends it.
std::vector<Token> tokenize(std::string_view line) {
  std::vector<Token> out;
  int column = 1;
  std::size_t i = 0;
  auto step = [&] {
    if ((static_cast<unsigned char>(line[i]) & 0xC0U) != 0x80U) ++column;
    ++i;
  };
  while (i < line.size()) {
    const char c = line[i];
    if (c == '~' || c == ';') break;
    if (std::isspace(static_cast<unsigned char>(c))) {
      step();
      continue;
    }
    const std::size_t start = i;
    const int start_column = column;
    while (i < line.size() && !std::isspace(static_cast<unsigned char>(line[i])) && line[i] != ';' && line[i] != '~') {
      step();
    }
    out.push_back({line.substr(start, i - start), start_column});
  }
  return out;
}

std::vector<std::string_view> split_lines(std::string_view text) {
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  std::vector<std::string_view> lines;
  while (!text.empty()) {
    const std::size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    if (line.ends_with('\r')) line.remove_suffix(1);
    lines.push_back(line);
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + 1);
  }
  return lines;
}

std::string file_name(const std::string& path) { return std::filesystem::path(path).filename().string(); }

struct Link {
  long long init = 0, term = 0;
  double capacity = 0, length = 0, fft = 0;
  std::string type;
  int line = 0;
  int init_column = 0, term_column = 0;
};

struct Position {
  double x = 0, y = 0;
  int line = 0, column = 0;
};

class Reader {
 public:
  Reader(const std::string& file, Diagnostics& diags) : file_(file), diags_(diags) {}

  void error(int line, int column, std::string message) { diags_.error({file_, line, column}, std::move(message)); }

  std::optional<long long> node_number(const Token& t, int line, std::string_view what) {
    const auto v = csv::parse_integer(t.text);
    if (!v || *v < 1) {
      error(line, t.column,
            std::string(what) + " '" + std::string(t.text) + "' is not a node number; TNTP nodes are numbered from 1");
      return std::nullopt;
    }
    return v;
  }

  std::optional<double> number(const Token& t, int line, const std::string& entity, std::string_view name,
                               bool must_be_positive) {
    const auto v = csv::parse_number(t.text);
    if (!v) {
      error(line, t.column, entity + ": " + std::string(name) + " '" + std::string(t.text) + "' is not a number");
    } else if (must_be_positive && *v <= 0) {
      error(line, t.column,
            entity + ": " + std::string(name) + " must be > 0, got " + std::string(t.text) +
                "; readysim needs a positive " + std::string(name) + " on every link");
      return std::nullopt;
    }
    return v;
  }

 private:
  const std::string& file_;
  Diagnostics& diags_;
};

struct Metadata {
  std::optional<long long> nodes, links;
  std::size_t first_row = 0;  // index of the line after <END OF METADATA>
};

std::optional<Metadata> read_metadata(const std::vector<std::string_view>& lines, Reader& r) {
  Metadata meta;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const int line = static_cast<int>(i + 1);
    std::string_view s = lines[i];
    const std::size_t open = s.find_first_not_of(" \t");
    if (open == std::string_view::npos || s[open] != '<') continue;
    const std::size_t close = s.find('>', open);
    if (close == std::string_view::npos) continue;
    const std::string_view key = s.substr(open + 1, close - open - 1);
    if (key == "END OF METADATA") {
      meta.first_row = i + 1;
      return meta;
    }
    if (key != "NUMBER OF NODES" && key != "NUMBER OF LINKS") continue;
    const auto tokens = tokenize(s.substr(close + 1));
    const auto v = tokens.empty() ? std::nullopt : csv::parse_integer(tokens[0].text);
    if (!v || *v < 0) {
      r.error(line, static_cast<int>(close) + 2, "<" + std::string(key) + "> needs a whole number");
      continue;
    }
    (key == "NUMBER OF NODES" ? meta.nodes : meta.links) = v;
  }
  r.error(0, 0, "network file has no <END OF METADATA> line; is it a TNTP _net.tntp file?");
  return std::nullopt;
}

std::vector<Link> read_links(const std::vector<std::string_view>& lines, const Metadata& meta, Reader& r, bool& ok) {
  std::vector<Link> links;
  for (std::size_t i = meta.first_row; i < lines.size(); ++i) {
    const int line = static_cast<int>(i + 1);
    const auto tok = tokenize(lines[i]);
    if (tok.empty()) continue;
    if (tok.size() < 5) {
      r.error(line, tok[0].column,
              "link row has " + std::to_string(tok.size()) +
                  " fields; a TNTP link row reads init_node term_node capacity length "
                  "free_flow_time b power speed toll link_type ;");
      ok = false;
      continue;
    }
    Link l;
    l.line = line;
    l.init_column = tok[0].column;
    l.term_column = tok[1].column;
    const auto init = r.node_number(tok[0], line, "init_node");
    const auto term = r.node_number(tok[1], line, "term_node");
    const std::string entity = "link " + std::string(tok[0].text) + "-" + std::string(tok[1].text);
    const auto capacity = r.number(tok[2], line, entity, "capacity", true);
    const auto length = r.number(tok[3], line, entity, "length", true);
    const auto fft = r.number(tok[4], line, entity, "free_flow_time", true);
    if (init && term && *init == *term) {
      r.error(line, tok[1].column,
              entity + " goes from node " + std::to_string(*init) + " back to itself; fix term_node");
    }
    if (!init || !term || *init == *term || !capacity || !length || !fft) {
      ok = false;
      continue;
    }
    l.init = *init;
    l.term = *term;
    l.capacity = *capacity;
    l.length = *length;
    l.fft = *fft;
    if (tok.size() >= 10) l.type = std::string(tok[9].text);
    links.push_back(std::move(l));
  }
  return links;
}

// Node rows: `id x y ;` after an optional `Node X Y ;` header. Positions are lon/lat degrees.
std::map<long long, Position> read_node_positions(const std::vector<std::string_view>& lines, Reader& r, bool& ok) {
  std::map<long long, Position> pos;
  std::map<long long, int> first_line;
  bool header_seen = false;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const int line = static_cast<int>(i + 1);
    const auto tok = tokenize(lines[i]);
    if (tok.empty()) continue;
    if (!header_seen) {
      header_seen = true;
      if (!csv::parse_number(tok[0].text)) continue;
    }
    if (tok.size() < 3) {
      r.error(line, tok[0].column,
              "node row has " + std::to_string(tok.size()) + " fields; a TNTP node row reads node X Y ;");
      ok = false;
      continue;
    }
    const auto id = r.node_number(tok[0], line, "node");
    if (!id) {
      ok = false;
      continue;
    }
    const std::string entity = "node " + std::to_string(*id);
    const auto x = r.number(tok[1], line, entity, "X", false);
    const auto y = r.number(tok[2], line, entity, "Y", false);
    const std::string_view fix = "; TNTP node files are read as lon/lat, leave tntp_nodes out if yours is not";
    if (x && std::abs(*x) > 180) {
      r.error(line, tok[1].column,
              entity + ": X " + std::string(tok[1].text) + " is not a longitude (-180 to 180)" + std::string(fix));
    }
    if (y && std::abs(*y) > 90) {
      r.error(line, tok[2].column,
              entity + ": Y " + std::string(tok[2].text) + " is not a latitude (-90 to 90)" + std::string(fix));
    }
    if (const auto it = first_line.find(*id); it != first_line.end()) {
      r.error(line, tok[0].column,
              entity + " is listed twice (first on line " + std::to_string(it->second) + "); remove one");
      ok = false;
      continue;
    }
    first_line.emplace(*id, line);
    if (!x || !y || std::abs(*x) > 180 || std::abs(*y) > 90) {
      ok = false;
      continue;
    }
    pos[*id] = {*x, *y, line, tok[0].column};
  }
  return pos;
}

}  // namespace

RoadGraph load_roads_tntp(const std::string& net_path, const std::string& node_path, const TntpUnits& units,
                          Diagnostics& diags) {
  RoadGraph g;
  Reader net(net_path, diags);
  bool units_ok = true;
  for (const auto& [value, name] :
       {std::pair{units.time_unit_s, "time unit"}, std::pair{units.length_unit_m, "length unit"},
        std::pair{units.capacity_unit_vps, "capacity unit"}}) {
    if (!(std::isfinite(value) && value > 0)) {
      net.error(0, 0, std::string("the TNTP ") + name + " must be > 0");
      units_ok = false;
    }
  }
  const auto net_text = csv::read_text(net_path, diags, "TNTP network file");
  std::optional<std::string> node_text;
  if (!node_path.empty()) node_text = csv::read_text(node_path, diags, "TNTP node file");
  if (!net_text || (!node_path.empty() && !node_text) || !units_ok) return g;

  const auto lines = split_lines(*net_text);
  const auto meta = read_metadata(lines, net);
  if (!meta) return g;
  bool ok = true;
  const auto links = read_links(lines, *meta, net, ok);
  if (links.empty() && ok) {
    net.error(0, 0, "network file has no links; add rows below <END OF METADATA>");
    return g;
  }
  if (meta->links && ok && static_cast<long long>(links.size()) != *meta->links) {
    net.error(0, 0,
              "<NUMBER OF LINKS> says " + std::to_string(*meta->links) + " but the file has " +
                  std::to_string(links.size()) + " link rows; fix the metadata or the rows");
  }

  std::map<long long, Position> positions;
  Reader nodes(node_path, diags);
  if (node_text) positions = read_node_positions(split_lines(*node_text), nodes, ok);

  // Nodes in numeric order, so that node k of a 1..N network has index k-1.
  std::set<long long> ids;
  if (meta->nodes) {
    for (long long k = 1; k <= *meta->nodes; ++k) ids.insert(k);
  }
  auto check_declared = [&](long long id, Reader& r, int line, int column) {
    if (meta->nodes && id > *meta->nodes) {
      r.error(line, column,
              "node " + std::to_string(id) + " is beyond <NUMBER OF NODES> " + std::to_string(*meta->nodes) +
                  "; fix the node number or the metadata");
      ok = false;
    }
    ids.insert(id);
  };
  for (const auto& l : links) {
    check_declared(l.init, net, l.line, l.init_column);
    check_declared(l.term, net, l.line, l.term_column);
  }
  for (const auto& [id, p] : positions) check_declared(id, nodes, p.line, p.column);
  if (node_text) {
    for (const long long id : ids) {
      if (!positions.contains(id)) {
        nodes.error(0, 0, "node " + std::to_string(id) + " is not in " + file_name(node_path) + "; add its X and Y");
        ok = false;
      }
    }
  }
  if (!ok) return g;

  g.set_geographic(node_text.has_value());
  std::map<long long, NodeIndex> index;
  for (const long long id : ids) {
    RoadNode n;
    n.id = std::to_string(id);
    if (const auto it = positions.find(id); it != positions.end()) {
      n.x_m = it->second.x;
      n.y_m = it->second.y;
    }
    index[id] = g.add_node(std::move(n));
  }
  for (const auto& l : links) {
    RoadSegment s;
    s.id = std::to_string(l.init) + "-" + std::to_string(l.term);
    s.from = index.at(l.init);
    s.to = index.at(l.term);
    s.length_m = l.length * units.length_unit_m;
    s.free_speed_mps = s.length_m / (l.fft * units.time_unit_s);
    s.capacity_vps = l.capacity * units.capacity_unit_vps;
    s.road_class = l.type;
    try {
      g.add_segment(std::move(s));
    } catch (const RoutingError& e) {
      net.error(l.line, 1, e.what());
    }
  }
  return g;
}

}  // namespace readysim
