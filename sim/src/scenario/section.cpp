#include "scenario/section.hpp"

#include <cmath>
#include <limits>

#include "scenario/snap.hpp"

namespace readysim {

void SectionContext::merge_file_problems(const Diagnostics& from, const std::vector<NamedFile>& files) {
  for (const Diagnostic& d : from.items()) {
    const NamedFile* named = nullptr;
    if (d.where.line == 0)
      for (const auto& f : files)
        if (f.path == d.where.file) named = &f;
    if (named)
      r.error(named->node, fmt::format("{}: {}", named->label, d.message));
    else
      diags.error(d.where, d.message);
  }
}

bool SectionContext::claim_id(const std::string& kind, const std::string& id, const YAML::Node& where) {
  auto& ids = ids_[kind];
  const auto [it, fresh] = ids.emplace(id, r.at(where));
  if (!fresh) {
    r.error(where, fmt::format("duplicate {} id '{}' (first declared at {}); ids must be unique", kind, id,
                               to_string(it->second)));
  }
  return fresh;
}

std::optional<NodeIndex> SectionContext::node_ref(const YAML::Node& map, const char* key, std::string_view what,
                                                  bool required) {
  if (const YAML::Node v = map[key]; v && v.IsMap()) return snap_position(v, key, what);
  const auto id = r.string(map, key, what, required);
  if (!id || !roads_ok) return std::nullopt;
  if (auto n = s.district.roads.find_node(*id)) return n;
  std::vector<std::string> all;
  for (NodeIndex i = 0; i < s.district.roads.node_count(); ++i) all.push_back(s.district.roads.node(i).id);
  r.error(map[key], fmt::format("{}: node '{}' is not in the road network ({}){}; fix the id or add the node", what,
                                *id, s.district.roads_description, did_you_mean(*id, all)));
  return std::nullopt;
}

std::optional<NodeIndex> SectionContext::snap_position(const YAML::Node& pos, const char* key,
                                                       std::string_view what) {
  const std::string label = fmt::format("{}: {}", what, key);
  if (!r.expect_map(pos, label, {"lon", "lat", "x_m", "y_m"})) return std::nullopt;
  const bool ll = pos["lon"] || pos["lat"];
  const bool xy = pos["x_m"] || pos["y_m"];
  if (ll == xy) {
    r.error(pos, fmt::format("{} must be a road node id, {{lon: …, lat: …}} (degrees) or {{x_m: …, y_m: …}} "
                             "(metres, as in nodes.csv){}",
                             label, ll ? ", not both" : ""));
    return std::nullopt;
  }
  const char* ka = ll ? "lon" : "x_m";
  const char* kb = ll ? "lat" : "y_m";
  const double big = std::numeric_limits<double>::max();
  const auto a = r.number(pos, ka, label, true, ll ? -180 : -big, ll ? 180 : big);
  const auto b = r.number(pos, kb, label, true, ll ? -90 : -big, ll ? 90 : big);
  if (!a || !b || !roads_ok) return std::nullopt;
  const RoadGraph& g = s.district.roads;
  auto& index = ll ? snap_lonlat_ : snap_metres_;
  if (!ll && g.geographic()) {
    r.error(pos, fmt::format("{}: the road nodes' positions are lon/lat degrees ({}); give the place as "
                             "{{lon: …, lat: …}}",
                             label, s.district.roads_description));
    return std::nullopt;
  }
  if (!index) index = std::make_shared<NodeSnapper>(g, ll ? NodeSnapper::Frame::lonlat : NodeSnapper::Frame::metres);
  if (!index->usable()) {
    r.error(pos, fmt::format("{}: the road nodes have no lon/lat ({}); give the place as {{x_m: …, y_m: …}} in "
                             "the nodes' metres, or add lon and lat columns to the nodes file",
                             label, s.district.roads_description));
    return std::nullopt;
  }
  const auto hit = index->nearest(*a, *b);
  const double limit = s.district.snap_distance_m.value_or(kDefaultSnapDistanceM);
  const std::string where = fmt::format("{{{}: {}, {}: {}}}", ka, pos[ka].Scalar(), kb, pos[kb].Scalar());
  const std::string& id = g.node(hit.node).id;
  if (hit.distance_m > limit) {
    r.error(pos, fmt::format("{} {} is {:.0f} m from the nearest road node '{}', farther than district.snap_distance "
                             "({:.0f} m); check the position, or raise district.snap_distance",
                             label, where, hit.distance_m, id, limit));
    return std::nullopt;
  }
  s.district.snapped.push_back(fmt::format("{} {} -> {} ({:.0f} m)", label, where, id, hit.distance_m));
  return hit.node;
}

std::optional<std::string> SectionContext::entity_ref(const YAML::Node& map, const char* key, const std::string& kind,
                                                      std::string_view what, bool required) {
  const auto id = r.string(map, key, what, required);
  if (!id) return std::nullopt;
  const auto& ids = ids_[kind];
  if (ids.count(*id)) return id;
  std::vector<std::string> all;
  for (const auto& [k, _] : ids) all.push_back(k);
  r.error(map[key],
          fmt::format("{}: no {} with id '{}'{}; declare it or fix the id", what, kind, *id, did_you_mean(*id, all)));
  return std::nullopt;
}

void SectionContext::for_each_item(
    const YAML::Node& map, const char* key, const char* kind, const std::vector<std::string>& allowed,
    const std::function<void(const YAML::Node&, const std::string&, const std::string&)>& each) {
  const YAML::Node list = map[key];
  if (!list || list.IsNull()) return;
  if (!r.expect_list(list, fmt::format("'{}'", key))) return;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const YAML::Node item = list[i];
    const YAML::Node id_node = item.IsMap() ? item["id"] : YAML::Node();
    const std::string label = id_node && id_node.IsScalar() ? fmt::format("{} '{}'", kind, id_node.Scalar())
                                                            : fmt::format("{} #{}", kind, i + 1);
    if (!r.expect_map(item, label, allowed)) continue;
    const auto id = r.string(item, "id", label, true);
    if (id && !claim_id(kind, *id, item["id"])) continue;
    each(item, label, id.value_or(""));
  }
}

std::string reference_table(const std::vector<ReferenceRow>& rows) {
  std::string out = "| key | type | default | meaning |\n| --- | --- | --- | --- |\n";
  for (const auto& r : rows) out += fmt::format("| {} | {} | {} | {} |\n", r.key, r.type, r.dflt, r.meaning);
  return out;
}

std::string join_or(const std::vector<std::string>& options) {
  std::string out;
  for (std::size_t i = 0; i < options.size(); ++i) {
    if (i > 0) out += i + 1 == options.size() ? " or " : ", ";
    out += options[i];
  }
  return out;
}

}  // namespace readysim
