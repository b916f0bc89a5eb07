#include "results/validate.hpp"

#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <variant>

#include "readysim/error.hpp"

namespace readysim::detail {

namespace {

bool valid_utf8(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t extra = 0;
    std::uint32_t cp = 0;
    std::uint32_t min = 0;
    if (c < 0x80) {
      ++i;
      continue;
    } else if ((c & 0xE0U) == 0xC0U) {
      extra = 1, cp = c & 0x1FU, min = 0x80;
    } else if ((c & 0xF0U) == 0xE0U) {
      extra = 2, cp = c & 0x0FU, min = 0x800;
    } else if ((c & 0xF8U) == 0xF0U) {
      extra = 3, cp = c & 0x07U, min = 0x10000;
    } else {
      return false;
    }
    if (i + extra >= s.size()) return false;
    for (std::size_t k = 1; k <= extra; ++k) {
      const auto b = static_cast<unsigned char>(s[i + k]);
      if ((b & 0xC0U) != 0x80U) return false;
      cp = (cp << 6U) | (b & 0x3FU);
    }
    // Overlong forms, surrogates and values past U+10FFFF: Python's decoder refuses them too.
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += extra + 1;
  }
  return true;
}

// Variable-length HDF5 strings end at the first NUL, so an embedded one would silently cut them;
// the file declares UTF-8, so anything else (a GBK name, say) would break every Python reader.
const char* text_problem(std::string_view s) {
  if (s.find('\0') != std::string_view::npos) return " contains a NUL character";
  if (!valid_utf8(s)) return " is not valid UTF-8";
  return nullptr;
}

void check_name(const std::string& name, const std::string& what) {
  if (name.empty() || name == "." || name.find('/') != std::string::npos)
    throw Error(what + " \"" + name + "\" is not a valid name (non-empty, no '/', not \".\")");
  if (const char* p = text_problem(name)) throw Error(what + " \"" + name + "\"" + p);
}

void check_column(const Table& t, const Column& c) {
  const std::string where = "column \"" + c.name + "\" of table \"" + t.name + "\"";
  if (const char* p = text_problem(c.unit)) throw Error("the unit of " + where + p);
  if (const char* p = text_problem(c.description)) throw Error("the description of " + where + p);
  if (const auto* s = std::get_if<std::vector<std::string>>(&c.values))
    for (std::size_t row = 0; row < s->size(); ++row)
      if (const char* p = text_problem((*s)[row])) throw Error("row " + std::to_string(row) + " of " + where + p);
}

}  // namespace

void validate(const ResultSet& results) {
  std::set<std::string> meta;
  auto meta_name = [&](const std::string& name) {
    check_name(name, "meta entry");
    if (!meta.insert(name).second) throw Error("meta entry \"" + name + "\" appears twice");
  };
  for (const auto& [name, text] : results.meta_text) {
    meta_name(name);
    if (const char* p = text_problem(text)) throw Error("meta entry \"" + name + "\"" + p);
  }
  for (const auto& entry : results.meta_int) meta_name(entry.first);
  std::set<std::string> tables;
  for (const Table& t : results.tables) {
    check_name(t.name, "table");
    if (t.name == kMetaGroup) throw Error("table name \"meta\" is reserved for /meta");
    if (!tables.insert(t.name).second) throw Error("two tables are called \"" + t.name + "\"");
    std::set<std::string> columns;
    for (const Column& c : t.columns) {
      check_name(c.name, "column of table \"" + t.name + "\"");
      if (!columns.insert(c.name).second)
        throw Error("table \"" + t.name + "\" has two columns called \"" + c.name + "\"");
      check_column(t, c);
    }
    (void)t.rows();  // throws on unequal lengths
  }
}

}  // namespace readysim::detail
