// The drill's wording (the `drill:` section of the shared catalogue, sim/src/text/catalog/LANG.yaml,
// read through readysim/messages.hpp), inject type names and the text helpers every writer shares.
#include <fmt/args.h>
#include <fmt/format.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>

#include "drill_internal.hpp"
#include "readysim/error.hpp"
#include "readysim/messages.hpp"
#include "readysim/text.hpp"

namespace readysim {
namespace drill {

namespace {

constexpr std::array<std::string_view, 23> kTypeNames{
    "start",         "warning",   "breach",         "level",          "road_closed",     "road_reopened",
    "flooding",      "stranded",  "transport",      "shelter_filling", "shelter_full",   "community_cleared",
    "staff_short",   "fire_alarm", "call_queued",   "dispatch",       "crew_callback",   "mutual_aid",
    "micro_on_scene", "flashover", "engine_on_scene", "unreached",    "end"};
static_assert(kTypeNames.size() == static_cast<std::size_t>(InjectType::end) + 1);

}  // namespace

std::string_view inject_type_name(InjectType t) { return kTypeNames[static_cast<std::size_t>(t)]; }

const std::vector<std::string>& inject_type_names() {
  static const std::vector<std::string> names(kTypeNames.begin(), kTypeNames.end());
  return names;
}

std::optional<InjectType> parse_inject_type(std::string_view name) {
  for (std::size_t i = 0; i < kTypeNames.size(); ++i)
    if (kTypeNames[i] == name) return static_cast<InjectType>(i);
  return std::nullopt;
}

std::string format_exercise_time(double seconds) {
  if (!std::isfinite(seconds)) return "—";
  // Floor, not round: a later event never shows an earlier minute than one before it.
  const auto minutes = static_cast<long long>(std::floor(seconds / 60.0));
  const long long m = minutes < 0 ? -minutes : minutes;
  return fmt::format("T{}{}:{:02}", minutes < 0 ? '-' : '+', m / 60, m % 60);
}

namespace detail {

Catalog::Catalog(Language lang) : section_(messages(lang).section("drill")), lang_(lang) {}

bool Catalog::has(std::string_view path) const { return section_.has(path); }

std::string Catalog::text(std::string_view path) const { return section_.text(path); }

std::string Catalog::fill(std::string_view path, const Fields& fields) const {
  fmt::dynamic_format_arg_store<fmt::format_context> args;
  for (const auto& [k, v] : fields) args.push_back(fmt::arg(k.c_str(), v));
  const std::string tmpl = text(path);
  try {
    return fmt::vformat(tmpl, args);
  } catch (const fmt::format_error& e) {
    throw Error(fmt::format("drill message catalogue {}: {}: {} (placeholder missing?)",
                            lang_ == Language::zh ? "zh" : "en", path, e.what()));
  }
}

std::string Catalog::type_text(InjectType t, const std::string& key, const std::string& variant) const {
  // "settlement_empty" falls back to "settlement", then to the plain key.
  const std::string base = fmt::format("types.{}.{}", inject_type_name(t), key);
  std::string v = variant;
  while (!v.empty()) {
    if (has(base + "_" + v)) return base + "_" + v;
    const auto cut = v.rfind('_');
    v = cut == std::string::npos ? "" : v.substr(0, cut);
  }
  return base;
}

std::string Catalog::duration(double s) const {
  // Rounded up: "within 11 min" must not promise less than the simulation gave.
  const auto total = static_cast<long long>(std::ceil(std::max(0.0, s) / 60.0 - 1e-9));
  fmt::dynamic_format_arg_store<fmt::format_context> args;
  args.push_back(fmt::arg("h", total / 60));
  args.push_back(fmt::arg("m", total % 60));
  if (total < 60) return fmt::vformat(text("labels.minutes"), args);
  return fmt::vformat(text("labels.hours"), args);
}

std::string Catalog::clock(double s) const {
  const auto minutes = static_cast<long long>(std::floor(s / 60.0));
  const long long day = minutes / 1440 + 1;
  return fill("labels.day",
              {{"day", std::to_string(day)}, {"time", fmt::format("{:02}:{:02}", (minutes % 1440) / 60, minutes % 60)}});
}

std::string Catalog::place(const std::string& name, const std::string& id) const {
  // The name as the scenario gives it (a Chinese name stays Chinese in English: it is what the
  // place is called, and what the map says); the id only for a place without a name.
  if (name.empty() || name == id) return id;
  if (lang_ == Language::en) return name;
  // Chinese: the scenario's names carry an English aside, "集镇学校 (market-town school)".
  const auto open = name.find(" (");
  if (open != std::string::npos && name.back() == ')' && open > 0) {
    const std::string aside = name.substr(open + 2, name.size() - open - 3);
    bool ascii = true;
    for (char c : aside) ascii = ascii && static_cast<unsigned char>(c) < 0x80;
    if (ascii) return name.substr(0, open);
  }
  return name;
}

std::string Catalog::word(const std::string& group, const std::string& key) const {
  const std::string path = fmt::format("words.{}.{}", group, key);
  if (has(path)) return text(path);
  const std::string other = fmt::format("words.{}.other", group);
  return has(other) ? text(other) : key;
}

const Catalog& catalog(Language lang) {
  static const Catalog en(Language::en);
  static const Catalog zh(Language::zh);
  return lang == Language::zh ? zh : en;
}

std::string md_text(std::string_view s) {
  // What Markdown passes through as HTML: tags and entities. Quotes stay as they are.
  std::string out;
  for (char c : s) {
    if (c == '<') out += "&lt;";
    else if (c == '>') out += "&gt;";
    else if (c == '&') out += "&amp;";
    else out += c;
  }
  return out;
}

std::string md_cell(std::string_view s) {
  std::string out;
  for (char c : md_text(s)) {
    if (c == '|') out += "\\|";
    else if (c == '\n' || c == '\r') out += ' ';
    else out += c;
  }
  return out;
}

std::string csv_cell(std::string_view s) {
  // A spreadsheet runs a cell that starts with = + - @ (or a tab or CR before one) as a formula.
  if (!s.empty() && (s.front() == '=' || s.front() == '+' || s.front() == '-' || s.front() == '@' ||
                     s.front() == '\t' || s.front() == '\r'))
    return csv_field("'" + std::string(s));
  return csv_field(s);
}

std::string objective_list(const std::vector<int>& objectives) {
  std::string out;
  for (int r : objectives) out += fmt::format("{}R{}", out.empty() ? "" : ", ", r);
  return out;
}

void write_atomically(const std::filesystem::path& path, const std::string& text) {
  const std::filesystem::path tmp = path.string() + ".tmp-" + std::to_string(::getpid());
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << text;
    out.flush();
    if (!out) {
      std::error_code ec;
      std::filesystem::remove(tmp, ec);
      throw Error(fmt::format("cannot write {}: {}", tmp.string(), std::strerror(errno)));
    }
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    const int err = errno;
    ::unlink(tmp.c_str());  // unlink, not remove: never a directory that happens to have this name
    throw Error(fmt::format("cannot rename {} to {}: {}", tmp.string(), path.string(), std::strerror(err)));
  }
}

}  // namespace detail
}  // namespace drill
}  // namespace readysim
