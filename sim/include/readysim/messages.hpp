#pragma once
/// \file messages.hpp
/// The wording of what readysim prints for people, in one catalogue per language shared by
/// every command (run, size, validate, compare, audit, report, drill) and the Python package:
/// summary headings, metric descriptions, verdicts, progress, plot labels. The catalogues are
/// sim/src/text/catalog/LANG.yaml, compiled in; they hold the same keys (a test checks). A
/// product words from its own top-level section of them (`audit:`, `report:`, `drill:`) through
/// Messages::section. Metric names, column names of machine-readable output and file:line:col
/// diagnostics stay English.

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

class MessageSection;

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
  /// The keys under `name` ("audit", "report", "drill"), read without the "name." prefix.
  [[nodiscard]] MessageSection section(std::string_view name) const;

 private:
  Language lang_;
  std::map<std::string, std::string, std::less<>> entries_;
};

/// One top-level section of a catalogue, the wording of one product: its keys are read relative
/// to the section ("R1.found" in section "audit" is the catalogue's "audit.R1.found"). A view:
/// it refers to the Messages it came from (messages(lang) lives as long as the program).
class MessageSection {
 public:
  /// The section `name` of `messages`.
  MessageSection(const Messages& messages, std::string_view name);
  /// The section's name.
  [[nodiscard]] const std::string& name() const { return name_; }
  /// The language.
  [[nodiscard]] Language language() const { return messages_->language(); }
  /// True when the section has `key`.
  [[nodiscard]] bool has(std::string_view key) const;
  /// The text of `key`; Error naming the language and the whole key when the catalogue lacks it.
  [[nodiscard]] const std::string& text(std::string_view key) const;
  /// text(key) with its {name} placeholders filled from `fields` (Error if one is missing).
  [[nodiscard]] std::string fill(std::string_view key, const MessageFields& fields) const;
  /// Every key of the section, without the section's prefix, sorted.
  [[nodiscard]] std::vector<std::string> keys() const;

 private:
  [[nodiscard]] std::string full(std::string_view key) const;
  const Messages* messages_;
  std::string name_;
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
