#pragma once
// A scenario section described once: a list of Fields, one per key, each saying how the key is
// read into the section's struct, how it is written back into the effective scenario, and what
// the reference in scenarios/README.md says of it (type, default, meaning). The allowed keys a
// section passes to YamlReader::expect_map (and so its did-you-mean) are the Fields' keys.
// Keys a declaration cannot express keep hand-written read and emit functions, in the Field.

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "readysim/input_check.hpp"
#include "readysim/limits.hpp"
#include "readysim/scenario.hpp"
#include "readysim/suggest.hpp"
#include "readysim/units.hpp"
#include "readysim/yaml_reader.hpp"
#include "scenario/emit.hpp"

namespace readysim {

class NodeSnapper;

/// What a section reader has at hand: the located reader, the scenario read so far, and the
/// ids of the entities declared so far (for references between them).
class SectionContext {
 public:
  /// Reads with `r` (which reports to `diags`) into `s`.
  SectionContext(YamlReader& reader, Diagnostics& diagnostics, Scenario& scenario)
      : r(reader), diags(diagnostics), s(scenario) {}

  YamlReader& r;          ///< the located reader; errors go through it
  Diagnostics& diags;     ///< where `r` reports (for problems found by others, merged in)
  Scenario& s;            ///< the scenario being read
  bool roads_ok = false;  ///< the road network loaded (node references can be checked)

  /// Registers an id of some entity kind; reports a duplicate with the first declaration's line.
  bool claim_id(const std::string& kind, const std::string& id, const YAML::Node& where);
  /// The road node named by `key` in `map`: a node id (a missing one reported with a
  /// did-you-mean) or a position `{lon, lat}` / `{x_m, y_m}` snapped to the nearest node (see
  /// snap_position).
  std::optional<NodeIndex> node_ref(const YAML::Node& map, const char* key, std::string_view what, bool required);
  /// The road node nearest to the position `pos` (`{lon, lat}` or `{x_m, y_m}`), given as `key` of
  /// `what`; reports a position farther than `district.snap_distance` from every node (naming the
  /// distance and the nearest node), or lon/lat on a graph whose nodes have none. Records the
  /// snap in `s.district.snapped` for the effective scenario.
  std::optional<NodeIndex> snap_position(const YAML::Node& pos, const char* key, std::string_view what);
  /// The id of an entity of `kind` named by `key` (checked against those declared so far).
  std::optional<std::string> entity_ref(const YAML::Node& map, const char* key, const std::string& kind,
                                        std::string_view what, bool required);
  /// A file the scenario names: its path as resolved, the node naming it, and the key's label
  /// ("district.roads.nodes").
  struct NamedFile {
    std::string path;   ///< as resolved (the file of the problems found in it)
    YAML::Node node;    ///< the scalar naming it
    std::string label;  ///< where it is named
  };
  /// Merges the problems found reading files the scenario names into `diags`; a problem about a
  /// file as a whole (no line: it cannot be opened, it is a directory, it is empty) is moved to
  /// the scenario line that names the file, so that it has a line and says where to fix it.
  void merge_file_problems(const Diagnostics& from, const std::vector<NamedFile>& files);
  /// Calls `each(item, label, id)` for every mapping in the list under `map[key]` whose keys are
  /// all in `allowed` and whose id is new ("station 'x'" or "station #3" as the label).
  void for_each_item(const YAML::Node& map, const char* key, const char* kind, const std::vector<std::string>& allowed,
                     const std::function<void(const YAML::Node&, const std::string&, const std::string&)>& each);

 private:
  std::map<std::string, std::map<std::string, SourceLocation>> ids_;
  std::shared_ptr<NodeSnapper> snap_metres_, snap_lonlat_;  // built on the first position of each kind
};

/// One row of a reference table: key | type | default | meaning (markdown).
struct ReferenceRow {
  std::string key;      ///< the key, as written in a scenario
  std::string type;     ///< what it takes
  std::string dflt;     ///< its default ("required" when it has none)
  std::string meaning;  ///< what it means
};

/// A markdown table `| key | type | default | meaning |` of `rows`.
std::string reference_table(const std::vector<ReferenceRow>& rows);

/// "a", "a or b", "a, b or c".
std::string join_or(const std::vector<std::string>& options);

/// One key of a section whose values live in a T.
template <class T>
struct Field {
  /// Reads the key from the section's mapping (given with the section's label) into the struct.
  using Read = std::function<void(SectionContext&, const YAML::Node&, const std::string&, T&)>;
  /// Writes the key's value (its key already written) from the struct; the Scenario gives node ids.
  using Emit = std::function<void(YAML::Emitter&, const Scenario&, const T&)>;

  std::string key;      ///< empty: a check that runs at its place in the reading order
  std::string type;     ///< reference: what the key takes
  std::string dflt;     ///< reference: default as written; empty: `show` of the defaults
  std::string meaning;  ///< reference: what it means
  Read read;            ///< reads `map[key]` (given the map, the label of the section, the struct)
  Emit emit;            ///< writes the value (the key is written already); empty: never written
  std::function<bool(const T&)> present;           ///< written only when this holds (empty: always)
  std::function<std::string(const T&)> show;       ///< the default, from a default struct
  std::vector<Field<T>> children;                  ///< a group's keys
  bool expand = false;    ///< reference: a group's keys as rows of their own (`group.key`)
  bool hidden = false;    ///< allowed and read, but not in the reference (a retired key)
  std::string tag;        ///< free use by the section (the flood: which source a key belongs to)

  /// The reference text of the default, given the section's defaults.
  [[nodiscard]] std::string default_text(const T& d) const {
    if (!dflt.empty()) return dflt;
    return show ? show(d) : std::string();
  }
  /// The default text replaced.
  Field with_default(std::string text) && {
    dflt = std::move(text);
    return std::move(*this);
  }
  /// The type text replaced.
  Field with_type(std::string text) && {
    type = std::move(text);
    return std::move(*this);
  }
  /// Written back only when `p` holds.
  Field when(std::function<bool(const T&)> p) && {
    present = std::move(p);
    return std::move(*this);
  }
  /// Tagged (see `tag`).
  Field tagged(std::string t) && {
    tag = std::move(t);
    return std::move(*this);
  }
  /// Left out of the reference.
  Field hide() && {
    hidden = true;
    return std::move(*this);
  }
};

/// The keys of a section, in the order they are declared.
template <class T>
struct Section {
  /// The fields in declaration order; reading and emission may follow other orders (see below).
  explicit Section(std::vector<Field<T>> f, std::vector<std::string> read_first = {},
                   std::vector<std::string> emit_first = {})
      : fields(std::move(f)), read_order(std::move(read_first)), emit_order(std::move(emit_first)) {}

  std::vector<Field<T>> fields;        ///< in declaration order: allowed keys, reading, emission, reference
  std::vector<std::string> read_order;  ///< keys read first, in this order (kept for the order of errors)
  std::vector<std::string> emit_order;  ///< keys written first, in this order (the effective scenario's)

  /// The allowed keys (for expect_map), in declaration order.
  [[nodiscard]] std::vector<std::string> keys() const {
    std::vector<std::string> out;
    for (const auto& f : fields)
      if (!f.key.empty()) out.push_back(f.key);
    return out;
  }
  /// Reads every field from `map` (already checked to be a mapping) into `out`.
  void read(SectionContext& c, const YAML::Node& map, const std::string& what, T& out) const {
    for (const Field<T>* f : ordered(read_order))
      if (f->read) f->read(c, map, what, out);
  }
  /// Checks the keys of `n` (a mapping), then reads it; false when `n` is not a mapping.
  bool read_map(SectionContext& c, const YAML::Node& n, const std::string& what, T& out) const {
    if (!c.r.expect_map(n, what, keys())) return false;
    read(c, n, what, out);
    return true;
  }
  /// Reads the fields of `keys` only, in that order (for a section read partly by hand).
  void read_keys(SectionContext& c, const YAML::Node& map, const std::string& what, T& out,
                 const std::vector<std::string>& keys) const {
    for (const auto& key : keys)
      for (const auto& f : fields)
        if (f.key == key && f.read) f.read(c, map, what, out);
  }
  /// Writes the fields of `keys` only, in that order (for a section written partly by hand).
  void emit_keys(YAML::Emitter& out, const Scenario& s, const T& v, const std::vector<std::string>& keys) const {
    for (const auto& key : keys)
      for (const auto& f : fields)
        if (f.key == key && f.emit && (!f.present || f.present(v))) {
          out << YAML::Key << f.key << YAML::Value;
          f.emit(out, s, v);
        }
  }
  /// Writes `key: value` for every field that is written, into an open mapping.
  void emit(YAML::Emitter& out, const Scenario& s, const T& v) const {
    for (const Field<T>* f : ordered(emit_order)) {
      if (f->key.empty() || !f->emit || (f->present && !f->present(v))) continue;
      out << YAML::Key << f->key << YAML::Value;
      f->emit(out, s, v);
    }
  }
  /// The reference rows, defaults taken from `d`.
  [[nodiscard]] std::vector<ReferenceRow> rows(const T& d) const {
    std::vector<ReferenceRow> out;
    for (const auto& f : fields) add_rows(f, d, "", out);
    return out;
  }
  /// The reference table, defaults taken from `d`.
  [[nodiscard]] std::string table(const T& d) const { return reference_table(rows(d)); }

 private:
  std::vector<const Field<T>*> ordered(const std::vector<std::string>& order) const {
    std::vector<const Field<T>*> out;
    for (const auto& key : order)
      for (const auto& f : fields)
        if (f.key == key) out.push_back(&f);
    for (const auto& f : fields)
      if (f.key.empty() || std::find(order.begin(), order.end(), f.key) == order.end()) out.push_back(&f);
    return out;
  }
  static void add_rows(const Field<T>& f, const T& d, const std::string& prefix, std::vector<ReferenceRow>& out) {
    if (f.key.empty() || f.hidden) return;
    if (f.expand) {
      for (const auto& ch : f.children) add_rows(ch, d, prefix + f.key + ".", out);
      return;
    }
    out.push_back(ReferenceRow{"`" + prefix + f.key + "`", f.type, f.default_text(d), f.meaning});
  }
};

// ---- Field makers -----------------------------------------------------------------------------

/// A key read and written by hand.
template <class T>
Field<T> custom_field(std::string key, std::string type, std::string dflt, std::string meaning,
                      typename Field<T>::Read read, typename Field<T>::Emit emit) {
  Field<T> f;
  f.key = std::move(key);
  f.type = std::move(type);
  f.dflt = std::move(dflt);
  f.meaning = std::move(meaning);
  f.read = std::move(read);
  f.emit = std::move(emit);
  return f;
}

/// A check at its place in the reading order (no key).
template <class T>
Field<T> check_field(typename Field<T>::Read check) {
  Field<T> f;
  f.read = std::move(check);
  return f;
}

/// A whole number in [`min`, `max`], written as it is.
template <class T, class I>
Field<T> integer_field(std::string key, I T::*m, long long min, std::string meaning, long long max = kMaxCount) {
  Field<T> f;
  f.key = key;
  f.type = fmt::format("integer {}–{}", human_number(min), human_number(max));
  f.meaning = std::move(meaning);
  f.read = [key, m, min, max](SectionContext& c, const YAML::Node& map, const std::string& what, T& out) {
    if (auto v = c.r.integer(map, key.c_str(), what, false, min, max)) out.*m = static_cast<I>(*v);
  };
  f.emit = [m](YAML::Emitter& out, const Scenario&, const T& v) { out << v.*m; };
  f.show = [m](const T& d) { return fmt::format("`{}`", d.*m); };
  return f;
}

/// A plain number in [lo, hi], written with `{:g}` (shares) or `{:.12g}`.
template <class T>
Field<T> number_field(std::string key, double T::*m, double lo, double hi, std::string meaning, bool short_form) {
  Field<T> f;
  f.key = key;
  f.type = lo == 0 && hi == 1 ? "0–1" : fmt::format("number {}–{}", lo, hi);
  f.meaning = std::move(meaning);
  f.read = [key, m, lo, hi](SectionContext& c, const YAML::Node& map, const std::string& what, T& out) {
    if (auto v = c.r.number(map, key.c_str(), what, false, lo, hi)) out.*m = *v;
  };
  const auto text = [short_form](double v) { return short_form ? fmt::format("{:g}", v) : fmt::format("{:.12g}", v); };
  f.emit = [m, text](YAML::Emitter& out, const Scenario&, const T& v) { out << text(v.*m); };
  f.show = [m, text](const T& d) { return "`" + text(d.*m) + "`"; };
  return f;
}

/// A share in [0, 1], written with `{:g}`.
template <class T>
Field<T> share_field(std::string key, double T::*m, std::string meaning) {
  return number_field(std::move(key), m, 0, 1, std::move(meaning), true);
}

/// A dimensioned value (SI in the struct), written with its unit; `positive` rejects zero.
template <class T>
Field<T> quantity_field(std::string key, double T::*m, Dimension dim, bool positive, std::string meaning,
                        bool required = false) {
  Field<T> f;
  f.key = key;
  f.type = std::string(dimension_name(dim));
  f.meaning = std::move(meaning);
  f.read = [key, m, dim, positive, required](SectionContext& c, const YAML::Node& map, const std::string& what,
                                              T& out) {
    if (auto v = c.r.quantity(map, key.c_str(), dim, what, required, positive)) out.*m = *v;
  };
  f.emit = [m, dim](YAML::Emitter& out, const Scenario&, const T& v) { out << format_quantity(v.*m, dim); };
  if (required)
    f.dflt = positive ? "required, `> 0`" : "required";
  else
    f.show = [m, dim](const T& d) { return "`" + format_quantity(d.*m, dim) + "`"; };
  return f;
}

/// A distribution of a dimensioned value (a plain value: a constant).
template <class T>
Field<T> distribution_field(std::string key, Distribution T::*m, Dimension dim, std::string meaning) {
  Field<T> f;
  f.key = key;
  f.type = fmt::format("distribution ({})", dimension_name(dim));
  f.meaning = std::move(meaning);
  f.read = [key, m, dim](SectionContext& c, const YAML::Node& map, const std::string& what, T& out) {
    if (auto d = c.r.distribution(map, key.c_str(), dim, what, false)) out.*m = *d;
  };
  f.emit = [m, dim](YAML::Emitter& out, const Scenario&, const T& v) { emit_distribution(out, v.*m, dim); };
  f.show = [m, dim](const T& d) {
    YAML::Emitter e;
    e << YAML::Flow;
    emit_distribution(e, d.*m, dim);
    return fmt::format("`{}`", e.c_str());
  };
  return f;
}

/// true or false.
template <class T>
Field<T> boolean_field(std::string key, bool T::*m, std::string meaning) {
  Field<T> f;
  f.key = key;
  f.type = "bool";
  f.meaning = std::move(meaning);
  f.read = [key, m](SectionContext& c, const YAML::Node& map, const std::string& what, T& out) {
    if (auto v = c.r.boolean(map, key.c_str(), what, false)) out.*m = *v;
  };
  f.emit = [m](YAML::Emitter& out, const Scenario&, const T& v) { out << v.*m; };
  f.show = [m](const T& d) { return d.*m ? "`true`" : "`false`"; };
  return f;
}

/// A string, written as it is.
template <class T>
Field<T> string_field(std::string key, std::string T::*m, bool required, std::string meaning) {
  Field<T> f;
  f.key = key;
  f.type = "string";
  f.meaning = std::move(meaning);
  f.read = [key, m, required](SectionContext& c, const YAML::Node& map, const std::string& what, T& out) {
    if (auto v = c.r.string(map, key.c_str(), what, required)) out.*m = *v;
  };
  f.emit = [m](YAML::Emitter& out, const Scenario&, const T& v) { out << v.*m; };
  f.show = [m, required](const T& d) { return required ? std::string("required") : fmt::format("`\"{}\"`", d.*m); };
  return f;
}

/// One of named options ("<what>: <key> must be a, b or c, got 'x'" with a did-you-mean otherwise).
template <class T, class E>
Field<T> choice_field(std::string key, E T::*m, std::vector<std::pair<std::string, E>> options, bool required,
                      std::string meaning) {
  std::vector<std::string> names;
  for (const auto& o : options) names.push_back(o.first);
  Field<T> f;
  f.key = key;
  for (const auto& n : names) f.type += (f.type.empty() ? "`" : " \\| `") + n + "`";
  f.meaning = std::move(meaning);
  f.read = [key, m, options, names, required](SectionContext& c, const YAML::Node& map, const std::string& what,
                                               T& out) {
    const auto v = c.r.string(map, key.c_str(), what, required);
    if (!v) return;
    for (const auto& [name, value] : options)
      if (name == *v) {
        out.*m = value;
        return;
      }
    c.r.error(map[key], fmt::format("{}: {} must be {}, got '{}'{}", what, key, join_or(names), *v,
                                    did_you_mean(*v, names)));
  };
  const auto name_of = [options](const E& e) {
    for (const auto& [name, value] : options)
      if (value == e) return name;
    return std::string("?");
  };
  f.emit = [m, name_of](YAML::Emitter& out, const Scenario&, const T& v) { out << name_of(v.*m); };
  f.show = [m, name_of, required](const T& d) { return required ? std::string("required") : "`" + name_of(d.*m) + "`"; };
  return f;
}

/// The Field of a member struct, seen from the struct that holds it.
template <class T, class S>
Field<T> nested(S T::*m, const Field<S>& in) {
  Field<T> f;
  f.key = in.key;
  f.type = in.type;
  f.dflt = in.dflt;
  f.meaning = in.meaning;
  f.expand = in.expand;
  f.hidden = in.hidden;
  f.tag = in.tag;
  if (in.read)
    f.read = [m, r = in.read](SectionContext& c, const YAML::Node& map, const std::string& what, T& out) {
      r(c, map, what, out.*m);
    };
  if (in.emit) f.emit = [m, e = in.emit](YAML::Emitter& out, const Scenario& s, const T& v) { e(out, s, v.*m); };
  if (in.present) f.present = [m, p = in.present](const T& v) { return p(v.*m); };
  if (in.show) f.show = [m, sh = in.show](const T& d) { return sh(d.*m); };
  for (const auto& ch : in.children) f.children.push_back(nested(m, ch));
  return f;
}

/// A mapping of keys of its own (`key: {a: …, b: …}`), read with "<what>.<key>" as its label and
/// written as a flow or block mapping. In the reference it is one row (type `{a, b}`, the
/// children's defaults joined) unless `expand`, which lists its keys as `key.a`, `key.b`.
template <class T>
Field<T> group_field(std::string key, std::vector<Field<T>> children, bool flow, bool expand, std::string meaning) {
  Field<T> f;
  f.key = key;
  f.meaning = std::move(meaning);
  f.expand = expand;
  f.children = children;
  Section<T> sec(children);
  for (const auto& k : sec.keys()) f.type += (f.type.empty() ? "`{" : ", ") + k;
  f.type += "}`";
  f.read = [key, sec](SectionContext& c, const YAML::Node& map, const std::string& what, T& out) {
    const YAML::Node n = map[key];
    if (!n) return;
    sec.read_map(c, n, what + "." + key, out);
  };
  f.emit = [sec, flow](YAML::Emitter& out, const Scenario& s, const T& v) {
    if (flow) out << YAML::Flow;
    out << YAML::BeginMap;
    sec.emit(out, s, v);
    out << YAML::EndMap;
  };
  f.show = [children](const T& d) {
    std::string out;
    for (const auto& ch : children)
      if (!ch.key.empty()) out += (out.empty() ? "" : ", ") + ch.default_text(d);
    return out;
  };
  return f;
}

}  // namespace readysim
