#pragma once
// Typed, located access to a YAML document: every failure becomes a file:line:col
// diagnostic naming the entity, and reading goes on so that all errors are reported at once.

#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "readysim/distribution.hpp"
#include "readysim/error.hpp"
#include "readysim/limits.hpp"
#include "readysim/units.hpp"

namespace readysim {

/// Reads values out of one YAML file, reporting problems to a Diagnostics.
class YamlReader {
 public:
  /// `file` is the path shown in messages; relative file references resolve against its folder.
  YamlReader(std::string file, Diagnostics& diags);

  /// Marks `n` (and everything in it) as coming from an override, shown as `label` in messages.
  void mark_override(const YAML::Node& n, const std::string& label);
  /// The location of a node in the file (or the override it came from).
  [[nodiscard]] SourceLocation at(const YAML::Node& n) const;
  /// Records an error at a node.
  void error(const YAML::Node& n, std::string message);
  /// The path shown in messages for a file referenced from this one.
  [[nodiscard]] std::string resolve(std::string_view relative) const;

  /// True when `n` is a mapping whose keys are all in `allowed` (unknown and duplicate keys are
  /// reported, with a did-you-mean). Reports and returns false when `n` is not a mapping.
  bool expect_map(const YAML::Node& n, std::string_view what, const std::vector<std::string>& allowed);
  /// True when `n` is a sequence (a missing node counts as an empty one).
  bool expect_list(const YAML::Node& n, std::string_view what);

  /// A string value; reports when required and missing, or not a scalar.
  std::optional<std::string> string(const YAML::Node& map, const char* key, std::string_view what, bool required);
  /// A whole number in [min, max] (the bound of every count unless told).
  std::optional<long long> integer(const YAML::Node& map, const char* key, std::string_view what, bool required,
                                   long long min, long long max = kMaxCount);
  /// A plain number (no unit) in [min, max].
  std::optional<double> number(const YAML::Node& map, const char* key, std::string_view what, bool required,
                               double min, double max);
  /// true/false.
  std::optional<bool> boolean(const YAML::Node& map, const char* key, std::string_view what, bool required);
  /// A dimensioned value converted to SI; `positive` rejects zero and negatives.
  std::optional<double> quantity(const YAML::Node& map, const char* key, Dimension dim, std::string_view what,
                                 bool required, bool positive);
  /// A distribution of a dimensioned value (or a plain dimensioned value, meaning a constant).
  std::optional<Distribution> distribution(const YAML::Node& map, const char* key, Dimension dim,
                                           std::string_view what, bool required);
  /// A dimensioned scalar node converted to SI.
  std::optional<double> quantity_node(const YAML::Node& n, Dimension dim, std::string_view what, bool positive);

  /// Reports every key and scalar of `n` (and what it holds) that is not UTF-8 or holds a control
  /// character, and every list or mapping nested deeper than kMaxYamlDepth. Aliases are checked
  /// once. Returns true when all is clean.
  bool check_text(const YAML::Node& n);

 private:
  std::string file_;
  std::filesystem::path dir_;
  Diagnostics& diags_;
  std::vector<std::pair<YAML::Node, std::string>> overrides_;
};

/// Loads a YAML file, `what` naming its role ("scenario file", "study file") in messages: the path
/// must be a readable regular file (not a directory, device, pipe; see input_file_problem), its
/// bytes UTF-8 without control characters, its nesting at most kMaxYamlDepth, its syntax valid.
/// Throws ScenarioError with every problem located at file:line:col; an empty document is a
/// null node (the caller says what an empty file means for it).
[[nodiscard]] YAML::Node load_yaml_file(const std::string& path, std::string_view what);

/// Parses YAML text given on the command line (an override's value); `label` names it in
/// messages ("--set horizon=…"). Throws ScenarioError when it is not valid, not UTF-8 or too deep.
[[nodiscard]] YAML::Node load_yaml_text(const std::string& text, const std::string& label);

}  // namespace readysim
