#include "readysim/yaml_reader.hpp"

#include <charconv>
#include <cmath>
#include <fmt/format.h>
#include <set>

#include "readysim/input_check.hpp"

#include "readysim/suggest.hpp"
#include "scenario/empirical.hpp"

namespace readysim {

YamlReader::YamlReader(std::string file, Diagnostics& diags)
    : file_(std::move(file)), dir_(std::filesystem::path(file_).parent_path()), diags_(diags) {}

void YamlReader::mark_override(const YAML::Node& n, const std::string& label) {
  overrides_.emplace_back(n, label);
  if (n.IsMap())
    for (const auto& kv : n) {
      mark_override(kv.first, label);
      mark_override(kv.second, label);
    }
  else if (n.IsSequence())
    for (const auto& item : n) mark_override(item, label);
}

SourceLocation YamlReader::at(const YAML::Node& n) const {
  for (const auto& [node, label] : overrides_)
    if (node.is(n)) return SourceLocation{label, 0, 0};
  const YAML::Mark m = n.Mark();
  if (m.is_null()) return SourceLocation{file_, 0, 0};
  return SourceLocation{file_, m.line + 1, m.column + 1};
}

void YamlReader::error(const YAML::Node& n, std::string message) { diags_.error(at(n), std::move(message)); }

std::string YamlReader::resolve(std::string_view relative) const {
  const std::filesystem::path p(relative);
  if (p.is_absolute()) return p.lexically_normal().string();
  return (dir_ / p).lexically_normal().string();
}

bool YamlReader::expect_map(const YAML::Node& n, std::string_view what, const std::vector<std::string>& allowed) {
  if (!n.IsMap()) {
    error(n, fmt::format("{} must be a mapping of keys to values", what));
    return false;
  }
  std::set<std::string> seen;
  for (const auto& kv : n) {
    const std::string key = kv.first.Scalar();
    if (!seen.insert(key).second) {
      error(kv.first, fmt::format("{}: key '{}' appears twice; keep one", what, key));
      continue;
    }
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
      const std::string hint = did_you_mean(key, allowed);
      std::string known;
      for (const auto& a : allowed) known += (known.empty() ? "" : ", ") + a;
      error(kv.first, hint.empty() ? fmt::format("{}: unknown key '{}'; known keys: {}", what, key, known)
                                   : fmt::format("{}: unknown key '{}'{}", what, key, hint));
    }
  }
  return true;
}

bool YamlReader::expect_list(const YAML::Node& n, std::string_view what) {
  if (!n || n.IsNull() || n.IsSequence()) return true;
  error(n, fmt::format("{} must be a list (each entry starting with '- ')", what));
  return false;
}

namespace {
// A key written with no value (`horizon: ~`, `horizon: null`, `horizon:`) is a mistake, never the default.
std::string empty_value_message(std::string_view what, const char* key) {
  return fmt::format("{}: '{}' has no value (written as '~', 'null' or nothing after the colon); give a value, or "
                     "delete the line to use the default",
                     what, key);
}

// A scalar under `key`, or reports why there is none.
std::optional<YAML::Node> scalar_at(YamlReader& r, const YAML::Node& map, const char* key, std::string_view what,
                                    bool required) {
  const YAML::Node v = map[key];
  if (!v) {
    if (required) r.error(map, fmt::format("{}: missing required key '{}'", what, key));
    return std::nullopt;
  }
  if (v.IsNull()) {
    r.error(v, empty_value_message(what, key));
    return std::nullopt;
  }
  if (!v.IsScalar()) {
    r.error(v, fmt::format("{}: '{}' must be a single value, not a {}", what, key, v.IsMap() ? "mapping" : "list"));
    return std::nullopt;
  }
  return v;
}
}  // namespace

std::optional<std::string> YamlReader::string(const YAML::Node& map, const char* key, std::string_view what,
                                              bool required) {
  const auto v = scalar_at(*this, map, key, what, required);
  if (!v) return std::nullopt;
  return v->Scalar();
}

std::optional<long long> YamlReader::integer(const YAML::Node& map, const char* key, std::string_view what,
                                             bool required, long long min, long long max) {
  const auto v = scalar_at(*this, map, key, what, required);
  if (!v) return std::nullopt;
  const std::string& s = v->Scalar();
  std::string_view digits = s;
  if (digits.starts_with('+')) digits.remove_prefix(1);
  long long out = 0;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), out);
  const bool whole = !digits.empty() && end == digits.data() + digits.size() && digits.front() != '+';
  const std::string range = fmt::format("from {} to {}", human_number(min), human_number(max));
  if (whole && ec == std::errc::result_out_of_range) {
    error(*v, fmt::format("{}: '{}' is {}, far beyond the allowed range; give a whole number {}", what, key,
                          printable(s), range));
    return std::nullopt;
  }
  if (!whole || ec != std::errc()) {
    error(*v, fmt::format("{}: '{}' must be a whole number, got '{}'; give one {}", what, key, printable(s), range));
    return std::nullopt;
  }
  if (out < min) {
    error(*v, fmt::format("{}: '{}' must be at least {}, got {}", what, key, human_number(min), out));
    return std::nullopt;
  }
  if (out > max) {
    error(*v, fmt::format("{}: '{}' must be at most {}, got {} (the bounds and their reasons are in "
                          "scenarios/README.md)",
                          what, key, human_number(max), human_number(out)));
    return std::nullopt;
  }
  return out;
}

std::optional<double> YamlReader::number(const YAML::Node& map, const char* key, std::string_view what,
                                         bool required, double min, double max) {
  const auto v = scalar_at(*this, map, key, what, required);
  if (!v) return std::nullopt;
  double out = 0;
  if (!YAML::convert<double>::decode(*v, out) || !std::isfinite(out)) {
    error(*v, fmt::format("{}: '{}' must be a plain number, got '{}'", what, key, v->Scalar()));
    return std::nullopt;
  }
  if (out < min || out > max) {
    error(*v, fmt::format("{}: '{}' must be between {} and {}, got {}", what, key, min, max, out));
    return std::nullopt;
  }
  return out;
}

std::optional<bool> YamlReader::boolean(const YAML::Node& map, const char* key, std::string_view what,
                                        bool required) {
  const auto v = scalar_at(*this, map, key, what, required);
  if (!v) return std::nullopt;
  bool out = false;
  if (!YAML::convert<bool>::decode(*v, out)) {
    error(*v, fmt::format("{}: '{}' must be true or false, got '{}'", what, key, v->Scalar()));
    return std::nullopt;
  }
  return out;
}

std::optional<double> YamlReader::quantity_node(const YAML::Node& n, Dimension dim, std::string_view what,
                                                bool positive) {
  if (!n.IsScalar()) {
    error(n, fmt::format("{} must be a {} with a unit ({})", what, dimension_name(dim), example_units(dim)));
    return std::nullopt;
  }
  const ParsedQuantity q = parse_quantity(n.Scalar(), dim);
  if (!q.error.empty()) {
    error(n, fmt::format("{}: {}", what, q.error));
    return std::nullopt;
  }
  if (positive && !(q.si_value > 0)) {
    error(n, fmt::format("{} must be greater than zero, got '{}'", what, n.Scalar()));
    return std::nullopt;
  }
  if (q.si_value < 0) {
    error(n, fmt::format("{} must not be negative, got '{}'", what, n.Scalar()));
    return std::nullopt;
  }
  return q.si_value;
}

std::optional<double> YamlReader::quantity(const YAML::Node& map, const char* key, Dimension dim,
                                           std::string_view what, bool required, bool positive) {
  const auto v = scalar_at(*this, map, key, what, required);
  if (!v) return std::nullopt;
  return quantity_node(*v, dim, fmt::format("{}: '{}'", what, key), positive);
}

std::optional<Distribution> YamlReader::distribution(const YAML::Node& map, const char* key, Dimension dim,
                                                     std::string_view what, bool required) {
  const YAML::Node v = map[key];
  if (!v) {
    if (required) error(map, fmt::format("{}: missing required key '{}'", what, key));
    return std::nullopt;
  }
  if (v.IsNull()) {
    error(v, empty_value_message(what, key));
    return std::nullopt;
  }
  const std::string label = fmt::format("{}: '{}'", what, key);
  if (v.IsScalar()) {
    const auto c = quantity_node(v, dim, label, false);
    if (!c) return std::nullopt;
    return Distribution::constant(*c);
  }
  if (!v.IsMap()) {
    error(v, fmt::format("{} must be a {} or a distribution such as {{dist: lognormal, median: 6 min, p90: 12 min}}",
                         label, dimension_name(dim)));
    return std::nullopt;
  }
  const auto family = string(v, "dist", label, true);
  if (!family) return std::nullopt;
  static const std::vector<std::string> kFamilies{"constant",  "uniform", "triangular", "exponential",
                                                  "lognormal", "gamma",   "weibull",    "empirical"};
  const auto allowed_for = [&](const std::string& f) -> std::vector<std::string> {
    if (f == "constant") return {"dist", "value"};
    if (f == "uniform") return {"dist", "low", "high"};
    if (f == "triangular") return {"dist", "low", "mode", "high"};
    if (f == "exponential") return {"dist", "mean"};
    if (f == "lognormal") return {"dist", "median", "p90", "mean", "sd"};
    if (f == "gamma") return {"dist", "shape", "scale", "mean"};
    if (f == "weibull") return {"dist", "shape", "scale"};
    return {"dist", "file", "column", "unit"};
  };
  if (std::find(kFamilies.begin(), kFamilies.end(), *family) == kFamilies.end()) {
    error(v["dist"], fmt::format("{}: unknown distribution '{}'{}; use one of constant, uniform, triangular, "
                                 "exponential, lognormal, gamma, weibull, empirical",
                                 label, *family, did_you_mean(*family, kFamilies)));
    return std::nullopt;
  }
  const std::string dlabel = fmt::format("{} ({})", label, *family);
  if (!expect_map(v, dlabel, allowed_for(*family))) return std::nullopt;
  const auto q = [&](const char* k, bool positive) { return quantity(v, k, dim, dlabel, true, positive); };
  try {
    if (*family == "constant") {
      if (auto x = q("value", false)) return Distribution::constant(*x);
    } else if (*family == "uniform") {
      auto lo = q("low", false), hi = q("high", false);
      if (lo && hi) return Distribution::uniform(*lo, *hi);
    } else if (*family == "triangular") {
      auto lo = q("low", false), mode = q("mode", false), hi = q("high", false);
      if (lo && mode && hi) return Distribution::triangular(*lo, *mode, *hi);
    } else if (*family == "exponential") {
      if (auto m = q("mean", true)) return Distribution::exponential(*m);
    } else if (*family == "lognormal") {
      const bool by_quantiles = v["median"] || v["p90"];
      const bool by_moments = v["mean"] || v["sd"];
      if (by_quantiles == by_moments) {
        error(v, fmt::format("{}: give either median and p90, or mean and sd", dlabel));
      } else if (by_quantiles) {
        auto med = q("median", true), p90 = q("p90", true);
        if (med && p90) return Distribution::lognormal_median_p90(*med, *p90);
      } else {
        auto mean = q("mean", true), sd = q("sd", true);
        if (mean && sd) return Distribution::lognormal_mean_sd(*mean, *sd);
      }
    } else if (*family == "gamma") {
      auto shape = number(v, "shape", dlabel, true, 0.0, 1e12);
      if (v["scale"] && v["mean"]) {
        error(v, fmt::format("{}: give scale or mean, not both", dlabel));
      } else if (v["mean"]) {
        auto mean = q("mean", true);
        if (shape && mean) return Distribution::gamma(*shape, *mean / *shape);
      } else {
        auto scale = q("scale", true);
        if (shape && scale) return Distribution::gamma(*shape, *scale);
      }
    } else if (*family == "weibull") {
      auto shape = number(v, "shape", dlabel, true, 0.0, 1e12);
      auto scale = q("scale", true);
      if (shape && scale) return Distribution::weibull(*shape, *scale);
    } else {
      auto file = string(v, "file", dlabel, true);
      auto column = string(v, "column", dlabel, true);
      auto unit = string(v, "unit", dlabel, true);
      if (file && column && unit) {
        const ParsedQuantity u = parse_quantity("1 " + *unit, dim);
        if (!u.error.empty()) {
          error(v["unit"], fmt::format("{}: unit: {}", dlabel, u.error));
          return std::nullopt;
        }
        auto values = read_empirical_column(resolve(*file), *column, u.si_value, at(v["file"]), dlabel, diags_);
        if (values) return Distribution::empirical(std::move(*values));
      }
    }
  } catch (const std::invalid_argument& e) {
    error(v, fmt::format("{}: impossible parameters: {} (numbers in {})", dlabel, e.what(), si_unit(dim)));
  }
  return std::nullopt;
}

}  // namespace readysim
