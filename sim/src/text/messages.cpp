// The shared message catalogue: the compiled-in YAML of each language flattened to dotted keys.
#include "readysim/messages.hpp"

#include <fmt/args.h>
#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <cstdlib>

#include "readysim/error.hpp"

namespace readysim {
namespace catalog {
extern const char* const messages_en;
extern const char* const messages_zh;
}  // namespace catalog

namespace {

void flatten(const YAML::Node& node, const std::string& prefix, std::map<std::string, std::string, std::less<>>& out) {
  if (node.IsMap()) {
    for (const auto& kv : node) {
      const std::string key = kv.first.as<std::string>();
      flatten(kv.second, prefix.empty() ? key : prefix + "." + key, out);
    }
  } else if (node.IsScalar()) {
    out[prefix] = node.as<std::string>();
  }
}

}  // namespace

Messages::Messages(Language lang) : lang_(lang) {
  flatten(YAML::Load(lang == Language::zh ? catalog::messages_zh : catalog::messages_en), "", entries_);
}

bool Messages::has(std::string_view key) const { return entries_.find(key) != entries_.end(); }

const std::string& Messages::text(std::string_view key) const {
  const auto it = entries_.find(key);
  if (it == entries_.end())
    throw Error(fmt::format("message catalogue {} lacks {} (sim/src/text/catalog/{}.yaml)", language_code(lang_), key,
                            language_code(lang_)));
  return it->second;
}

std::string Messages::fill(std::string_view key, const MessageFields& fields) const {
  fmt::dynamic_format_arg_store<fmt::format_context> args;
  for (const auto& [name, value] : fields) args.push_back(fmt::arg(name.c_str(), value));
  try {
    return fmt::vformat(text(key), args);
  } catch (const fmt::format_error& e) {
    throw Error(fmt::format("message catalogue {}: {}: {} (placeholder missing?)", language_code(lang_), key,
                            e.what()));
  }
}

std::string Messages::metric_description(std::string_view metric) const {
  const std::string exact = fmt::format("metrics.{}", metric);
  if (has(exact)) return text(exact);
  // One segment as a wildcard: staff.role.<role>.busy, staff.<task>.wait, stock.shortfall.<item>.
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (true) {
    const std::size_t dot = metric.find('.', start);
    parts.emplace_back(metric.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start));
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  for (std::size_t i = parts.size(); i-- > 0;) {
    std::string key = "metrics";
    for (std::size_t k = 0; k < parts.size(); ++k) key += "." + (k == i ? std::string("*") : parts[k]);
    if (has(key)) return fill(key, {{"name", parts[i]}});
  }
  return "";
}

std::string Messages::unit(std::string_view unit) const {
  const std::string key = fmt::format("units.{}", unit);
  return has(key) ? text(key) : std::string(unit);
}

MessageSection Messages::section(std::string_view name) const { return MessageSection(*this, name); }

MessageSection::MessageSection(const Messages& messages, std::string_view name) : messages_(&messages), name_(name) {}

std::string MessageSection::full(std::string_view key) const { return fmt::format("{}.{}", name_, key); }

bool MessageSection::has(std::string_view key) const { return messages_->has(full(key)); }

const std::string& MessageSection::text(std::string_view key) const { return messages_->text(full(key)); }

std::string MessageSection::fill(std::string_view key, const MessageFields& fields) const {
  return messages_->fill(full(key), fields);
}

std::vector<std::string> MessageSection::keys() const {
  const std::string prefix = name_ + ".";
  std::vector<std::string> out;
  for (auto it = messages_->entries().lower_bound(prefix);
       it != messages_->entries().end() && it->first.starts_with(prefix); ++it)
    out.push_back(it->first.substr(prefix.size()));
  return out;
}

const Messages& messages(Language lang) {
  static const Messages en(Language::en), zh(Language::zh);
  return lang == Language::zh ? zh : en;
}

std::string_view language_code(Language lang) { return lang == Language::zh ? "zh" : "en"; }

std::optional<Language> parse_language(std::string_view code) {
  if (code == "en") return Language::en;
  if (code == "zh") return Language::zh;
  return std::nullopt;
}

Language language_from_environment() {
  if (const char* v = std::getenv("READYSIM_LANG"); v && *v)
    if (const auto lang = parse_language(v)) return *lang;
  for (const char* name : {"LC_ALL", "LC_MESSAGES", "LANG"}) {
    const char* v = std::getenv(name);
    if (!v || !*v) continue;
    return std::string_view(v).starts_with("zh") ? Language::zh : Language::en;
  }
  return Language::en;
}

}  // namespace readysim
