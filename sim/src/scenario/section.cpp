#include "scenario/section.hpp"

namespace readysim {

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
  const auto id = r.string(map, key, what, required);
  if (!id || !roads_ok) return std::nullopt;
  if (auto n = s.district.roads.find_node(*id)) return n;
  std::vector<std::string> all;
  for (NodeIndex i = 0; i < s.district.roads.node_count(); ++i) all.push_back(s.district.roads.node(i).id);
  r.error(map[key], fmt::format("{}: node '{}' is not in the road network ({}){}; fix the id or add the node", what,
                                *id, s.district.roads_description, did_you_mean(*id, all)));
  return std::nullopt;
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
