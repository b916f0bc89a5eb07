// load_yaml_file / load_yaml_text and YamlReader::check_text: what every YAML input goes through
// before its sections are read: the path, the bytes (UTF-8, no control characters), the nesting,
// the syntax, and every scalar once escapes are decoded.
#include <yaml-cpp/depthguard.h>

#include <fmt/format.h>

#include <fstream>
#include <functional>
#include <sstream>
#include <unordered_set>

#include "readysim/input_check.hpp"
#include "readysim/limits.hpp"
#include "readysim/yaml_reader.hpp"

namespace readysim {

namespace {

constexpr std::size_t kMaxReported = 20;  // raw-byte problems reported per file

std::string line_of(std::string_view text, std::size_t offset) {
  std::size_t begin = text.rfind('\n', offset == 0 ? 0 : offset - 1);
  begin = begin == std::string_view::npos || offset == 0 ? 0 : begin + 1;
  if (offset < text.size() && text[offset] == '\n') begin = text.rfind('\n', offset - 1) + 1;
  std::size_t end = text.find('\n', offset);
  if (end == std::string_view::npos) end = text.size();
  return std::string(text.substr(begin, end - begin));
}

// Every byte sequence of the file that is not UTF-8 or is a control character (tabs, line ends
// allowed), at most kMaxReported.
void check_bytes(std::string_view text, const std::string& file, std::string_view what, Diagnostics& diags) {
  std::size_t from = 0, reported = 0;
  while (from < text.size() && reported < kMaxReported) {
    const auto p = text_problem(text.substr(from), TextRules{true, true});
    if (!p) break;
    const std::size_t at = from + p->offset;
    const TextPosition pos = text_position(text, at);
    diags.error({file, pos.line, pos.column},
                fmt::format("the {} holds {} here (in '{}'); it must be UTF-8 text without control characters: "
                            "save it as UTF-8 and remove the character",
                            what, p->what, printable(line_of(text, at))));
    ++reported;
    // One problem per line: go on at the next line.
    const std::size_t eol = text.find('\n', at);
    from = eol == std::string_view::npos ? text.size() : eol + 1;
  }
}

// The nesting of lists and mappings, estimated from the text without parsing it, never above the
// real one: block indentation levels, "- " entries opening a line, and flow brackets outside
// quotes and comments. The byte offset where it first passes kMaxYamlDepth, if it does.
std::optional<std::size_t> too_deep(std::string_view text) {
  std::vector<std::size_t> indents;
  int flow = 0;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view line = text.substr(pos, end - pos);
    std::size_t i = 0;
    while (i < line.size() && line[i] == ' ') ++i;
    const bool blank = i == line.size() || line[i] == '#' || line[i] == '\r';
    if (!blank && flow == 0) {
      while (!indents.empty() && indents.back() >= i) indents.pop_back();
      indents.push_back(i);
      // "- - - x": each entry marker opens a list inside the one before it.
      std::size_t k = i;
      while (k + 1 < line.size() && line[k] == '-' && line[k + 1] == ' ') {
        k += 2;
        while (k < line.size() && line[k] == ' ') ++k;
        if (k < line.size() && line[k] != '#') indents.push_back(k);
        if (static_cast<int>(indents.size()) > kMaxYamlDepth) return pos + k;
      }
    }
    if (static_cast<int>(indents.size()) > kMaxYamlDepth) return pos + i;
    char quote = 0;
    for (std::size_t k = i; k < line.size(); ++k) {
      const char c = line[k];
      const char before = k == 0 ? ' ' : line[k - 1];
      if (quote) {
        if (c == quote) quote = 0;
        continue;
      }
      if ((c == '\'' || c == '"') && (before == ' ' || before == '[' || before == '{' || before == ',' ||
                                      before == ':' || k == i))
        quote = c;
      else if (c == '#' && (before == ' ' || before == '\t' || k == 0))
        break;
      else if (c == '[' || c == '{') {
        ++flow;
        if (static_cast<int>(indents.size()) + flow > kMaxYamlDepth) return pos + k;
      } else if ((c == ']' || c == '}') && flow > 0) {
        --flow;
      }
    }
    pos = end + 1;
  }
  return std::nullopt;
}

std::string too_deep_message(std::string_view what) {
  return fmt::format("nesting too deep: more than {} levels of lists and mappings inside each other (a scenario "
                     "needs at most 8); the {} looks generated or corrupted: fix the nesting here",
                     kMaxYamlDepth, what);
}

// Parses `text`, turning the parser's exceptions into located errors.
YAML::Node parse(const std::string& text, const std::string& file, std::string_view what) {
  if (const auto deep = too_deep(text)) {
    const TextPosition p = text_position(text, *deep);
    throw ScenarioError(SourceLocation{file, p.line, p.column}, too_deep_message(what));
  }
  try {
    return YAML::Load(text);
  } catch (const YAML::DeepRecursion& e) {
    throw ScenarioError(SourceLocation{file, e.mark.line + 1, e.mark.column + 1}, too_deep_message(what));
  } catch (const YAML::ParserException& e) {
    throw ScenarioError(SourceLocation{file, e.mark.line + 1, e.mark.column + 1},
                        fmt::format("YAML syntax error: {}", e.msg));
  }
}

}  // namespace

bool YamlReader::check_text(const YAML::Node& root) {
  bool clean = true;
  std::unordered_set<std::uint64_t> seen;  // marks of nodes checked (an alias is its anchor's node)
  const auto check_scalar = [&](const YAML::Node& n, const char* role) {
    const std::string& s = n.Scalar();
    if (const auto p = text_problem(s, TextRules{true, true})) {
      error(n, fmt::format("this {} holds {} (in '{}'); names, ids, paths and every other text must be UTF-8 "
                           "without control characters: remove it",
                           role, p->what, printable(s)));
      clean = false;
    }
  };
  const std::function<void(const YAML::Node&, int)> walk = [&](const YAML::Node& n, int depth) {
    if (!n.IsDefined()) return;
    if (n.IsScalar()) {
      check_scalar(n, "value");
      return;
    }
    if (!n.IsMap() && !n.IsSequence()) return;
    // A list or mapping is checked once however often it is aliased (a bomb of aliases expands to
    // billions of nodes but has few distinct ones).
    const YAML::Mark m = n.Mark();
    if (!m.is_null() && !seen.insert((static_cast<std::uint64_t>(m.line) << 32) | static_cast<std::uint32_t>(m.column))
                             .second)
      return;
    if (depth >= kMaxYamlDepth) {
      error(n, too_deep_message("file"));
      clean = false;
      return;
    }
    if (n.IsMap()) {
      for (const auto& kv : n) {
        if (kv.first.IsScalar())
          check_scalar(kv.first, "key");
        else
          walk(kv.first, depth + 1);
        walk(kv.second, depth + 1);
      }
    } else {
      for (const auto& item : n) walk(item, depth + 1);
    }
  };
  walk(root, 0);
  return clean;
}

YAML::Node load_yaml_file(const std::string& path, std::string_view what) {
  if (const auto problem = input_file_problem(path, what))
    throw ScenarioError(SourceLocation{path, 0, 0}, fmt::format("cannot open {} '{}': it {}", what, path,
                                                                *problem));
  std::ifstream in(path, std::ios::binary);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (!in.good() && !in.eof())
    throw ScenarioError(SourceLocation{path, 0, 0}, fmt::format("cannot read the {} '{}'", what, path));
  const std::string text = std::move(buffer).str();
  Diagnostics diags;
  check_bytes(text, path, what, diags);
  if (!diags.ok()) throw ScenarioError(diags.items());
  YAML::Node root = parse(text, path, what);
  YamlReader reader(path, diags);
  reader.check_text(root);
  if (!diags.ok()) throw ScenarioError(diags.items());
  return root;
}

YAML::Node load_yaml_text(const std::string& text, const std::string& label) {
  const SourceLocation where{label, 0, 0};
  if (const auto p = text_problem(text, TextRules{true, true}))
    throw ScenarioError(where, fmt::format("the value holds {} (in '{}'); it must be UTF-8 text without control "
                                           "characters",
                                           p->what, printable(text)));
  if (too_deep(text)) throw ScenarioError(where, too_deep_message("value"));
  YAML::Node n;
  try {
    n = YAML::Load(text);
  } catch (const YAML::DeepRecursion&) {
    throw ScenarioError(where, too_deep_message("value"));
  } catch (const YAML::ParserException& e) {
    throw ScenarioError(where, fmt::format("the value '{}' is not valid YAML: {}", printable(text), e.msg));
  }
  Diagnostics diags;
  YamlReader reader(label, diags);
  reader.mark_override(n, label);
  reader.check_text(n);
  if (!diags.ok()) throw ScenarioError(diags.items());
  return n;
}

}  // namespace readysim
