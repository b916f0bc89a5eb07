#pragma once
/// \file messages.hpp
/// The wording of what readysim prints for people, in one catalogue per language shared by
/// every command (run, size, validate, compare, audit's default) and the Python package:
/// summary headings, metric descriptions, verdicts, progress, plot labels. The catalogues are
/// sim/src/text/catalog/LANG.yaml, compiled in; they hold the same keys (a test checks). Metric
/// names, column names of machine-readable output and file:line:col diagnostics stay English.

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "readysim/language.hpp"

namespace readysim {

/// Named values for a catalogue text's {placeholders}, e.g. {{"n", "12"}}.
using MessageFields = std::vector<std::pair<std::string, std::string>>;

/// The catalogue of one language: texts by dotted key ("summary.mean", "metrics.fire.response_time").
class Messages {
 public:
  /// Parses the compiled-in catalogue of `lang`.
  explicit Messages(Language lang);
  /// The language.
  [[nodiscard]] Language language() const { return lang_; }
  /// True when the catalogue has `key`.
  [[nodiscard]] bool has(std::string_view key) const;
  /// The text of `key`; Error naming the language and the key when the catalogue lacks it.
  [[nodiscard]] const std::string& text(std::string_view key) const;
  /// text(key) with its {name} placeholders filled from `fields` (Error if one is missing).
  [[nodiscard]] std::string fill(std::string_view key, const MessageFields& fields) const;
  /// Every key with its text, sorted by key.
  [[nodiscard]] const std::map<std::string, std::string, std::less<>>& entries() const { return entries_; }
  /// What a metric is, in one line: metrics.NAME, else the pattern with one `*` segment
  /// (metrics.staff.role.*.busy, metrics.stock.shortfall.*) filled with that segment as
  /// {name}; "" when the catalogue describes neither.
  [[nodiscard]] std::string metric_description(std::string_view metric) const;
  /// A unit as people read it ("min" → 分钟 in zh); a unit the catalogue lacks is returned as is.
  [[nodiscard]] std::string unit(std::string_view unit) const;

 private:
  Language lang_;
  std::map<std::string, std::string, std::less<>> entries_;
};

/// The catalogue of `lang`, parsed once.
const Messages& messages(Language lang);

/// "en" or "zh".
std::string_view language_code(Language lang);

/// The language called `code` ("en", "zh"), or nullopt.
std::optional<Language> parse_language(std::string_view code);

/// The default language of the commands: READYSIM_LANG if set ("en" or "zh"), else the POSIX
/// locale of messages (the first set of LC_ALL, LC_MESSAGES, LANG): zh when it starts with "zh"
/// (zh_CN.UTF-8, zh_TW…), else en.
Language language_from_environment();

}  // namespace readysim
