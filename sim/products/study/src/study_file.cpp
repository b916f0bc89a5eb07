// Reading a study file: decision variables, targets and search settings, every error located
// (file:line:col) and collected before anything runs.
#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <set>
#include <sstream>

#include "readysim/metrics.hpp"
#include "readysim/study.hpp"
#include "readysim/suggest.hpp"
#include "readysim/yaml_reader.hpp"

namespace readysim {

namespace {

constexpr int kMaxLevels = 1000;

// A value node as override text: scalars as written, mappings and lists in flow style.
std::string yaml_text(const YAML::Node& n) {
  if (n.IsScalar()) return n.Scalar();
  YAML::Emitter out;
  out.SetMapFormat(YAML::Flow);
  out.SetSeqFormat(YAML::Flow);
  out << n;
  return out.c_str();
}

std::string join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ", ") + s;
  return out;
}

class StudyReader {
 public:
  StudyReader(const std::string& path, Diagnostics& diags, const Scenario* scenario)
      : r_(path, diags), scenario_(scenario) {
    study_.path = path;
  }

  Study read(const YAML::Node& root) {
    if (!r_.expect_map(root, "study", {"cost_unit", "warm_up", "seed", "set", "variables", "targets", "search"}))
      return std::move(study_);
    if (auto u = r_.string(root, "cost_unit", "study", false)) study_.cost_unit = *u;
    if (auto w = r_.quantity(root, "warm_up", Dimension::duration, "study", false, false)) study_.warm_up_s = *w;
    if (auto s = r_.integer(root, "seed", "study", false, 0, kMaxSeed)) study_.seed = static_cast<std::uint64_t>(*s);
    set(root["set"]);
    variables(root, root["variables"]);
    targets(root, root["targets"]);
    search(root["search"]);
    return std::move(study_);
  }

 private:
  void set(const YAML::Node& n) {
    if (!n || n.IsNull()) return;
    if (!n.IsMap()) {
      r_.error(n, "study: 'set' must be a mapping of scenario paths to values, e.g. "
                  "{resources.staff.crews.count: 40}");
      return;
    }
    for (const auto& kv : n) {
      study_.set.push_back({kv.first.Scalar(), yaml_text(kv.second)});
      study_.set_where.push_back(r_.at(kv.first));
    }
  }

  void variables(const YAML::Node& root, const YAML::Node& list) {
    if (!list || list.IsNull() || (list.IsSequence() && list.size() == 0)) {
      r_.error(list ? list : root, "study: 'variables' must list at least one decision variable, e.g. "
                                   "{name: engines, path: resources.stations.brigade.engines, min: 1, max: 3, cost: 30}");
      return;
    }
    if (!r_.expect_list(list, "study: 'variables'")) return;
    std::set<std::string> names, paths;
    for (const auto& v : list) {
      const std::string what = fmt::format("variable {}", study_.problem.variables.size() + 1);
      if (!r_.expect_map(v, what, {"name", "path", "min", "max", "step", "cost", "choices"})) continue;
      sizing::Variable var;
      const auto name = r_.string(v, "name", what, true);
      const auto path = r_.string(v, "path", what, true);
      if (!name || !path) continue;
      var.name = *name;
      var.path = *path;
      const std::string who = fmt::format("variable '{}'", var.name);
      if (!names.insert(var.name).second) r_.error(v["name"], fmt::format("{}: the name is used twice; rename one", who));
      // The name becomes a column of the results' /study table, beside these.
      static const std::vector<std::string> kReserved{"candidate", "cost",     "replications", "origin",   "verdict",
                                                      "decided",   "frontier", "recommended",  "worst_gap"};
      if (std::find(kReserved.begin(), kReserved.end(), var.name) != kReserved.end() ||
          var.name.find('/') != std::string::npos || var.name.empty() || var.name == ".")
        r_.error(v["name"], fmt::format("{}: the name cannot be '{}' (a column of the results' /study table is called "
                                        "that, or it has a '/'); rename it",
                                        who, var.name));
      if (!paths.insert(var.path).second)
        r_.error(v["path"], fmt::format("{}: another variable already sets {}; keep one", who, var.path));
      std::vector<SourceLocation> where;
      if (v["choices"]) {
        for (const char* k : {"min", "max", "step"})
          if (v[k]) r_.error(v[k], fmt::format("{}: '{}' belongs to an integer range, not to a list of choices", who, k));
        if (v["cost"])
          r_.error(v["cost"], fmt::format("{}: give each choice its own cost: choices: [{{value: …, cost: 20}}, …]", who));
        if (!choices(v["choices"], who, var, where)) continue;
      } else if (!range(v, who, var)) {
        continue;
      }
      study_.variable_where.push_back(r_.at(v));
      study_.level_where.push_back(std::move(where));
      study_.problem.variables.push_back(std::move(var));
    }
  }

  bool range(const YAML::Node& v, const std::string& who, sizing::Variable& var) {
    const auto lo = r_.integer(v, "min", who, true, 0);
    const auto hi = r_.integer(v, "max", who, true, 0);
    const auto step = v["step"] ? r_.integer(v, "step", who, false, 1) : std::optional<long long>(1);
    const auto cost = r_.number(v, "cost", who + " (cost per unit)", true, 0.0, 1e15);
    if (!lo || !hi || !step || !cost) return false;
    if (*hi < *lo) {
      r_.error(v["max"], fmt::format("{}: max {} is below min {}", who, *hi, *lo));
      return false;
    }
    if ((*hi - *lo) / *step + 1 > kMaxLevels) {
      r_.error(v, fmt::format("{}: {} levels is too many; at most {} (raise step)", who, (*hi - *lo) / *step + 1,
                              kMaxLevels));
      return false;
    }
    var.ordered = true;
    for (long long x = *lo; x <= *hi; x += *step)
      var.levels.push_back({std::to_string(x), std::to_string(x), *cost * static_cast<double>(x), static_cast<double>(x)});
    return true;
  }

  bool choices(const YAML::Node& list, const std::string& who, sizing::Variable& var, std::vector<SourceLocation>& where) {
    if (!list.IsSequence() || list.size() == 0) {
      r_.error(list, fmt::format("{}: 'choices' must be a non-empty list: values, or {{value, label, cost}} mappings",
                                 who));
      return false;
    }
    var.ordered = false;
    std::set<std::string> labels;
    bool ok = true;
    for (const auto& item : list) {
      sizing::Level level;
      if (item.IsScalar()) {
        level.value = level.label = item.Scalar();
      } else {
        const std::string what = fmt::format("{}: choice {}", who, var.levels.size() + 1);
        if (!r_.expect_map(item, what, {"value", "label", "cost"})) {
          ok = false;
          continue;
        }
        if (!item["value"]) {
          r_.error(item, fmt::format("{}: missing required key 'value'", what));
          ok = false;
          continue;
        }
        level.value = yaml_text(item["value"]);
        const auto label = r_.string(item, "label", what, !item["value"].IsScalar());
        level.label = label ? *label : level.value;
        if (item["cost"]) {
          const auto c = r_.number(item, "cost", what, false, 0.0, 1e15);
          if (!c) ok = false;
          level.cost = c.value_or(0);
        }
      }
      if (!labels.insert(level.label).second) {
        r_.error(item, fmt::format("{}: the choice '{}' appears twice", who, level.label));
        ok = false;
      }
      level.x = static_cast<double>(var.levels.size());
      var.levels.push_back(level);
      where.push_back(r_.at(item));
    }
    return ok;
  }

  void targets(const YAML::Node& root, const YAML::Node& list) {
    if (!list || list.IsNull() || (list.IsSequence() && list.size() == 0)) {
      r_.error(list ? list : root, "study: 'targets' must list at least one target, e.g. "
                                   "{metric: fire.response_time, stat: p90, max: 10 min, confidence: 0.95}");
      return;
    }
    if (!r_.expect_list(list, "study: 'targets'")) return;
    for (const auto& t : list) {
      const std::string what = fmt::format("target {}", study_.problem.targets.size() + 1);
      if (!r_.expect_map(t, what, {"metric", "stat", "threshold", "max", "min", "confidence"})) continue;
      if (auto target = read_target(t, what)) study_.problem.targets.push_back(std::move(*target));
    }
  }

  std::optional<sizing::Target> read_target(const YAML::Node& t, const std::string& what) {
    const auto metric = r_.string(t, "metric", what, true);
    if (!metric) return std::nullopt;
    const std::optional<MetricInfo> m = find_metric(scenario_, *metric);
    if (!m) {
      const std::string hint = did_you_mean(*metric, metric_names(scenario_));
      r_.error(t["metric"], fmt::format("{}: unknown metric '{}'{}", what, *metric,
                                        hint.empty() ? "; known metrics: " + join(metric_names(scenario_)) : hint));
      return std::nullopt;
    }
    sizing::Target target;
    target.metric = m->name;
    const std::string who = fmt::format("{} ({})", what, m->name);
    const std::string stat_text = r_.string(t, "stat", who, false).value_or("mean");
    const auto stat = stats::parse_statistic(stat_text);
    if (!stat) {
      r_.error(t["stat"], fmt::format("{}: unknown stat '{}'; use mean, median, pNN (p90, p95…) or share_above", who,
                                      stat_text));
      return std::nullopt;
    }
    target.statistic = *stat;
    const bool above = stat->kind == stats::StatKind::share_above;
    if (m->share() && stat->kind != stats::StatKind::mean) {
      r_.error(t["stat"], fmt::format("{}: {} is a share (0 or 1 per fire); its only stat is mean", who, m->name));
      return std::nullopt;
    }
    if (above) {
      // The threshold is a value of the metric: a duration with its unit, or a plain number.
      const std::string label = who + " (share_above needs a threshold)";
      const auto th = m->timed() ? r_.quantity(t, "threshold", Dimension::duration, label, true, false)
                                 : r_.number(t, "threshold", label, true, -1e300, 1e300);
      if (!th) return std::nullopt;
      target.statistic.threshold = *th;
    } else if (t["threshold"]) {
      r_.error(t["threshold"], fmt::format("{}: 'threshold' goes with stat: share_above", who));
      return std::nullopt;
    }
    const bool has_max = static_cast<bool>(t["max"]), has_min = static_cast<bool>(t["min"]);
    if (has_max == has_min) {
      r_.error(t, fmt::format("{}: give exactly one bound, 'max' (the statistic must stay at or below it) or 'min'",
                              who));
      return std::nullopt;
    }
    const char* key = has_max ? "max" : "min";
    target.sense = has_max ? sizing::Sense::at_most : sizing::Sense::at_least;
    std::optional<double> bound;
    if (above || m->share()) {
      target.unit = "1";
      bound = r_.number(t, key, who + " (a share)", true, 0.0, 1.0);
    } else if (m->timed()) {
      target.unit = m->unit;
      bound = r_.quantity(t, key, Dimension::duration, who, true, false);
    } else {
      target.unit = m->unit;
      bound = r_.number(t, key, fmt::format("{} (in {})", who, m->unit), true, -1e300, 1e300);
    }
    if (!bound) return std::nullopt;
    target.bound = *bound;
    if (t["confidence"]) {
      const auto c = r_.number(t, "confidence", who, false, 0.0, 1.0);
      if (!c) return std::nullopt;
      if (!(*c > 0.5 && *c < 1)) {
        r_.error(t["confidence"], fmt::format("{}: confidence must be between 0.5 and 1 (exclusive), e.g. 0.95; got {}",
                                              who, *c));
        return std::nullopt;
      }
      target.confidence = *c;
    }
    return target;
  }

  void search(const YAML::Node& n) {
    if (!n || n.IsNull()) return;
    if (!r_.expect_map(n, "study: search", {"screening_replications", "max_replications", "max_candidates",
                                            "prune_sigma", "max_rounds", "grid_limit"}))
      return;
    auto& o = study_.problem.options;
    const char* what = "study: search";
    if (auto v = r_.integer(n, "screening_replications", what, false, 2, kMaxReplications)) o.screening_replications = *v;
    if (auto v = r_.integer(n, "max_replications", what, false, 2, kMaxReplications)) o.max_replications = *v;
    if (auto v = r_.integer(n, "max_candidates", what, false, 1, 100000)) o.max_candidates = static_cast<int>(*v);
    if (auto v = r_.number(n, "prune_sigma", what, false, 0.0, 100.0)) o.prune_sigma = *v;
    if (auto v = r_.integer(n, "max_rounds", what, false, 1, 100)) o.max_rounds = static_cast<int>(*v);
    if (auto v = r_.integer(n, "grid_limit", what, false, 1)) o.grid_limit = *v;
    if (o.max_replications < o.screening_replications)
      r_.error(n["max_replications"] ? n["max_replications"] : n,
               fmt::format("study: search: max_replications ({}) must be at least screening_replications ({})",
                           o.max_replications, o.screening_replications));
  }

  YamlReader r_;
  const Scenario* scenario_;
  Study study_;
};

}  // namespace

Study load_study(const std::string& path, const Scenario* scenario) {
  // The path, the bytes (UTF-8, no control characters), the nesting and the syntax, located.
  const YAML::Node root = load_yaml_file(path, "study file");
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  if (!root || root.IsNull()) throw ScenarioError(SourceLocation{path, 1, 1}, "the study file is empty");
  Diagnostics diags;
  Study study = StudyReader(path, diags, scenario).read(root);
  if (!diags.ok()) throw ScenarioError(diags.items());
  study.text = text.str();
  return study;
}

std::vector<ScenarioOverride> candidate_overrides(const Study& study, const sizing::Candidate& c) {
  std::vector<ScenarioOverride> out = study.set;
  for (std::size_t v = 0; v < study.problem.variables.size(); ++v) {
    const auto& var = study.problem.variables[v];
    out.push_back({var.path, var.levels.at(static_cast<std::size_t>(c.at(v))).value});
  }
  return out;
}

void check_study_against(const Study& study, const std::string& scenario_path,
                         const std::vector<ScenarioOverride>& overrides) {
  Diagnostics diags;
  const auto quote = [](const ScenarioError& e) {
    std::string out;
    for (const auto& d : e.diagnostics()) out += (out.empty() ? "" : "; ") + format_diagnostic(d);
    return out;
  };
  auto with_set = overrides;
  with_set.insert(with_set.end(), study.set.begin(), study.set.end());
  try {
    load_scenario(scenario_path, with_set);
  } catch (const ScenarioError& e) {
    diags.error(study.set_where.empty() ? SourceLocation{study.path, 1, 1} : study.set_where.front(),
                fmt::format("study: the 'set' overrides do not make a valid scenario of {}: {}", scenario_path, quote(e)));
    throw ScenarioError(diags.items());
  }
  // Every choice, and both ends of a range: a value in between is of the same kind.
  for (std::size_t v = 0; v < study.problem.variables.size(); ++v) {
    const auto& var = study.problem.variables[v];
    std::vector<std::size_t> levels;
    if (var.ordered) {
      levels = {0, var.levels.size() - 1};
      if (levels[0] == levels[1]) levels.pop_back();
    } else {
      for (std::size_t l = 0; l < var.levels.size(); ++l) levels.push_back(l);
    }
    for (std::size_t l : levels) {
      auto o = with_set;
      o.push_back({var.path, var.levels[l].value});
      try {
        load_scenario(scenario_path, o);
      } catch (const ScenarioError& e) {
        const SourceLocation where = var.ordered ? study.variable_where[v] : study.level_where[v][l];
        diags.error(where, fmt::format("variable '{}': {} = {} does not make a valid scenario of {}: {}", var.name,
                                       var.path, var.levels[l].value, scenario_path, quote(e)));
        if (var.ordered) break;
      }
    }
  }
  if (!diags.ok()) throw ScenarioError(diags.items());
}

}  // namespace readysim
