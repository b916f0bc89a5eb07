#pragma once
// Field makers for lists of entities (stations, settlements, staff pools…): the list itself,
// each entity's id (claimed before its other keys are read), display name, road node, and
// references to other entities by id.

#include <functional>
#include <string>
#include <vector>

#include "scenario/section.hpp"

namespace readysim {

/// A list of entities (`- {id: …, …}`), each read with `items` after its id is claimed, and
/// written one mapping per entity (flow or block); `after` writes after each (a comment).
template <class T, class E>
Field<T> list_field(std::string key, const char* kind, std::vector<E> T::*m, Section<E> items, bool flow,
                    std::string meaning, std::function<void(YAML::Emitter&, const E&)> after = {}) {
  Field<T> f;
  f.key = key;
  f.type = "list";
  f.dflt = "`[]`";
  f.meaning = std::move(meaning);
  f.read = [key, kind, m, items](SectionContext& c, const YAML::Node& map, const std::string&, T& out) {
    c.for_each_item(map, key.c_str(), kind, items.keys(),
                    [&](const YAML::Node& item, const std::string& label, const std::string& id) {
                      E e{};
                      e.id = id;
                      e.where = c.r.at(item);
                      items.read(c, item, label, e);
                      (out.*m).push_back(std::move(e));
                    });
  };
  f.emit = [m, items, flow, after](YAML::Emitter& out, const Scenario& s, const T& v) {
    out << YAML::BeginSeq;
    for (const E& e : v.*m) {
      if (flow) out << YAML::Flow;
      out << YAML::BeginMap;
      items.emit(out, s, e);
      out << YAML::EndMap;
      if (after) after(out, e);
    }
    out << YAML::EndSeq;
  };
  return f;
}

/// An entity's id (claimed by list_field before the other keys are read).
template <class E>
Field<E> id_field() {
  Field<E> f;
  f.key = "id";
  f.type = "string";
  f.dflt = "required";
  f.meaning = "unique id";
  f.emit = [](YAML::Emitter& out, const Scenario&, const E& v) { out << v.id; };
  return f;
}

/// An entity's display name (default: its id).
template <class E>
Field<E> name_field(std::string meaning = "display name") {
  Field<E> f;
  f.key = "name";
  f.type = "string";
  f.dflt = "the id";
  f.meaning = std::move(meaning);
  f.read = [](SectionContext& c, const YAML::Node& map, const std::string& what, E& out) {
    out.name = c.r.string(map, "name", what, false).value_or(out.id);
  };
  f.emit = [](YAML::Emitter& out, const Scenario&, const E& v) { out << v.name; };
  return f;
}

/// The reference's type of a key naming a road node (a position snaps to the nearest node).
inline const char* const kNodeType = "node id, or `{lon, lat}` / `{x_m, y_m}`";

/// A required road node (written back as the node's id).
template <class E>
Field<E> node_field(std::string key, NodeIndex E::*m, std::string meaning) {
  Field<E> f;
  f.key = key;
  f.type = kNodeType;
  f.dflt = "required";
  f.meaning = std::move(meaning);
  f.read = [key, m](SectionContext& c, const YAML::Node& map, const std::string& what, E& out) {
    out.*m = c.node_ref(map, key.c_str(), what, true).value_or(0);
  };
  f.emit = [m](YAML::Emitter& out, const Scenario& s, const E& v) { out << s.district.roads.node(v.*m).id; };
  return f;
}

/// The id of a community or station (written only when given).
template <class E>
Field<E> ref_field(std::string key, std::string kind, std::string E::*m, bool required, std::string dflt,
                   std::string meaning) {
  Field<E> f;
  f.key = key;
  f.type = kind + " id";
  f.dflt = required ? "required" : std::move(dflt);
  f.meaning = std::move(meaning);
  f.read = [key, kind, m, required](SectionContext& c, const YAML::Node& map, const std::string& what, E& out) {
    out.*m = c.entity_ref(map, key.c_str(), kind, what, required).value_or("");
  };
  f.emit = [m](YAML::Emitter& out, const Scenario&, const E& v) { out << v.*m; };
  if (!required) f.present = [m](const E& v) { return !(v.*m).empty(); };
  return f;
}

}  // namespace readysim
