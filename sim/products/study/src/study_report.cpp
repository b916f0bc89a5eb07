// What a study found, as tables: `/study` and friends in the results file, and the report on stdout.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "readysim/metrics.hpp"
#include "readysim/record_columns.hpp"
#include "readysim/study.hpp"
#include "readysim/version.hpp"

namespace readysim {

namespace {

using sizing::Verdict;

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

const char* verdict_name(Verdict v) {
  switch (v) {
    case Verdict::met: return "met";
    case Verdict::missed: return "missed";
    case Verdict::undecided: return "undecided";
  }
  return "?";
}

const char* origin_name(sizing::Origin o) {
  switch (o) {
    case sizing::Origin::base: return "base";
    case sizing::Origin::marginal: return "marginal";
    case sizing::Origin::surface: return "surface";
    case sizing::Origin::neighbour: return "neighbour";
    case sizing::Origin::grid: return "grid";
  }
  return "?";
}

// Durations in minutes, shares to four decimals, counts (people) to four digits.
std::string value(const sizing::Target& t, double v) {
  if (std::isnan(v)) return "n/a";
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  if (t.unit == "s") return fmt::format("{:.2f}", v / 60);
  return t.unit == "1" ? fmt::format("{:.4f}", v) : fmt::format("{:.4g}", v);
}

std::string with_unit(const sizing::Target& t, double v) {
  if (t.unit == "s") return value(t, v) + " min";
  return t.unit == "1" ? value(t, v) : value(t, v) + " " + t.unit;
}

std::string target_text(const sizing::Target& t) {
  std::string stat = t.statistic.name();
  if (t.statistic.kind == stats::StatKind::share_above) {
    sizing::Target of = t;  // the threshold is a value of the metric, in its unit
    of.unit = find_metric(t.metric) ? find_metric(t.metric)->unit : t.unit;
    stat = fmt::format("share above {}", with_unit(of, t.statistic.threshold));
  }
  return fmt::format("{} {} {} {} ({:g} % one-sided confidence)", t.metric, stat,
                     t.sense == sizing::Sense::at_most ? "<=" : ">=", with_unit(t, t.bound), t.confidence * 100);
}

std::string cost_text(const Study& s, double cost) {
  return s.cost_unit.empty() ? fmt::format("{:g}", cost) : fmt::format("{:g} {}", cost, s.cost_unit);
}

std::string estimate_cell(const sizing::Target& t, const stats::Estimate& e) {
  return fmt::format("{} [{}, {}]", value(t, e.value), value(t, e.low), value(t, e.high));
}

// Target column names, made unique (two targets may share a metric and stat, one ≤ and one ≥).
std::vector<std::string> target_columns(const sizing::Problem& p) {
  std::vector<std::string> out;
  for (const auto& t : p.targets) {
    std::string name = t.name();
    if (t.statistic.kind == stats::StatKind::share_above) name += fmt::format("_{:g}", t.statistic.threshold);
    std::string unique = name;
    for (int k = 2; std::find(out.begin(), out.end(), unique) != out.end(); ++k) unique = fmt::format("{}#{}", name, k);
    out.push_back(unique);
  }
  return out;
}

// Which targets bind at the recommendation, and by which one-unit-cheaper change.
std::vector<std::string> binding_reasons(const Study& s, const StudyOutcome& o) {
  const auto& p = s.problem;
  const auto& r = o.result;
  std::vector<std::string> out(p.targets.size());
  if (!r.recommended) return out;
  const auto& rec = r.candidates[*r.recommended];
  for (const auto& b : r.binding) {
    const auto& c = r.candidates[b.candidate];
    const auto& var = p.variables[b.variable];
    const std::string change =
        var.ordered ? fmt::format("{} {} -> {}", var.name, var.levels[static_cast<std::size_t>(rec.levels[b.variable])].label,
                                  var.levels[static_cast<std::size_t>(c.levels[b.variable])].label)
                    : fmt::format("{} -> {}", var.name, var.levels[static_cast<std::size_t>(c.levels[b.variable])].label);
    const auto& e = c.targets[b.target].estimate;
    out[b.target] += fmt::format("{}{}: {} ({})", out[b.target].empty() ? "" : "; ", change,
                                 with_unit(p.targets[b.target], e.value), verdict_name(c.targets[b.target].verdict));
  }
  return out;
}

std::string left(const std::string& s, std::size_t w) { return s + std::string(w > s.size() ? w - s.size() : 0, ' '); }
std::string right(const std::string& s, std::size_t w) { return std::string(w > s.size() ? w - s.size() : 0, ' ') + s; }

// Display width of UTF-8 text, counting code points (the labels are ASCII or CJK-free here).
std::size_t width(const std::string& s) {
  std::size_t n = 0;
  for (unsigned char ch : s) n += (ch & 0xC0) != 0x80;
  return n;
}

std::string candidate_table(const Study& s, const StudyOutcome& o) {
  const auto& p = s.problem;
  const auto& r = o.result;
  std::vector<std::size_t> order(r.candidates.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return r.candidates[a].cost < r.candidates[b].cost; });
  std::vector<std::string> header{"", "#"};
  for (const auto& v : p.variables) header.push_back(v.name);
  header.push_back("cost");
  header.push_back("reps");
  for (const auto& t : p.targets)
    header.push_back(t.name() + (t.unit == "s" ? " [min]" : t.unit == "1" ? "" : " [" + t.unit + "]"));
  header.push_back("verdict");
  header.push_back("origin");
  std::vector<std::vector<std::string>> rows{header};
  for (std::size_t i : order) {
    const auto& c = r.candidates[i];
    std::string mark = r.recommended && *r.recommended == i ? ">" : "";
    if (c.frontier) mark += "*";
    std::vector<std::string> row{mark, std::to_string(i)};
    for (std::size_t v = 0; v < p.variables.size(); ++v)
      row.push_back(p.variables[v].levels[static_cast<std::size_t>(c.levels[v])].label);
    row.push_back(fmt::format("{:g}", c.cost));
    row.push_back(std::to_string(c.replications));
    for (std::size_t t = 0; t < p.targets.size(); ++t) row.push_back(estimate_cell(p.targets[t], c.targets[t].estimate));
    row.push_back(c.decided || c.verdict != Verdict::undecided ? verdict_name(c.verdict) : "screened");
    row.push_back(origin_name(c.origin));
    rows.push_back(row);
  }
  std::vector<std::size_t> w(header.size(), 0);
  for (const auto& row : rows)
    for (std::size_t k = 0; k < row.size(); ++k) w[k] = std::max(w[k], width(row[k]));
  std::string out;
  for (const auto& row : rows) {
    std::string line;
    for (std::size_t k = 0; k < row.size(); ++k) {
      const bool numeric = k == 1 || (k >= 2 + p.variables.size() && k < 4 + p.variables.size());
      const std::size_t pad = w[k] + (row[k].size() - width(row[k]));
      line += (k ? "  " : "") + (numeric ? right(row[k], pad) : left(row[k], pad));
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += "  " + line + "\n";
  }
  return out;
}

}  // namespace

std::string format_study_report(const Study& s, const StudyRunOptions& options, const StudyOutcome& o) {
  const auto& p = s.problem;
  const auto& r = o.result;
  std::string out = fmt::format("Sizing study {} on {}, seed {}\n", s.path, options.scenario_path, o.seed);
  out += fmt::format("  {} candidates evaluated of {} in the grid ({} cheaper ones pruned by the response surface), "
                     "{} replications, {:.1f} s\n",
                     r.candidates.size(), r.grid_size, r.pruned, r.total_replications, o.wall_s);
  out += "\nTargets:\n";
  for (const auto& t : p.targets) out += "  " + target_text(t) + "\n";
  if (!r.surface.empty()) {
    out += "Response surface (normalised target gap):";
    for (const auto& f : r.surface)
      out += fmt::format(" {} R² {:.2f} ({} terms, {} points);", p.targets[f.target].name(), f.r_squared, f.terms,
                         f.points);
    out.back() = '\n';
  }

  const auto& base = r.candidates.front();
  out += fmt::format("\nBaseline (the cheapest configuration): {}, cost {}, {} replications\n", p.describe(base.levels),
                     cost_text(s, base.cost), base.replications);
  for (std::size_t t = 0; t < p.targets.size(); ++t)
    out += fmt::format("  {:<40} {:<28} {}\n", p.targets[t].name(), estimate_cell(p.targets[t], base.targets[t].estimate),
                       verdict_name(base.targets[t].verdict));
  out += base.verdict == Verdict::met      ? "  -> the baseline meets every target.\n"
         : base.verdict == Verdict::missed ? "  -> the baseline does NOT meet every target.\n"
                                           : "  -> the baseline could not be decided within max_replications.\n";

  if (r.recommended) {
    const auto& rec = r.candidates[*r.recommended];
    const auto reasons = binding_reasons(s, o);
    out += fmt::format("\nRecommended: {}, cost {} ({:+g} over the baseline), {} replications\n", p.describe(rec.levels),
                       cost_text(s, rec.cost), rec.cost - base.cost, rec.replications);
    for (std::size_t t = 0; t < p.targets.size(); ++t)
      out += fmt::format("  {:<40} {:<28} {}{}\n", p.targets[t].name(), estimate_cell(p.targets[t], rec.targets[t].estimate),
                         verdict_name(rec.targets[t].verdict),
                         reasons[t].empty() ? "" : "  BINDING: one unit cheaper, " + reasons[t]);
    if (r.binding.empty())
      out += *r.recommended == 0 ? "  No target binds: nothing is cheaper than the baseline.\n"
                                 : "  No target was shown to bind (the cheaper neighbours could not be decided).\n";
    for (std::size_t i : r.undecided_cheaper)
      out += fmt::format("  note: {} (cost {:g}) is cheaper but could not be decided within {} replications\n",
                         p.describe(r.candidates[i].levels), r.candidates[i].cost, p.options.max_replications);
  } else {
    out += "\nNo configuration within the variables' ranges was shown to meet every target.\n";
  }

  if (!o.uncrewable.empty()) {
    out += "\nNot simulated: an engine these add can never be crewed, so they change no result:\n";
    for (const auto& line : o.uncrewable) out += "  " + line + "\n";
  }

  out += "\nCandidates, cheapest first (> recommended, * on the cost-performance frontier; estimates with their "
         "two-sided intervals at 2·confidence - 1):\n";
  out += candidate_table(s, o);
  out += "\nCost-performance frontier (worst target gap: (estimate - bound) / bound, <= 0 meets every point estimate):\n";
  std::vector<std::size_t> front;
  for (std::size_t i = 0; i < r.candidates.size(); ++i)
    if (r.candidates[i].frontier) front.push_back(i);
  std::sort(front.begin(), front.end(), [&](std::size_t a, std::size_t b) { return r.candidates[a].cost < r.candidates[b].cost; });
  for (std::size_t i : front)
    out += fmt::format("  cost {:>8g}  worst gap {:+7.1f} %  {}\n", r.candidates[i].cost, 100 * r.candidates[i].worst_gap,
                       p.describe(r.candidates[i].levels));
  return out;
}

ResultSet study_result_set(const Study& s, const StudyRunOptions& options, const StudyOutcome& o) {
  const auto& p = s.problem;
  const auto& r = o.result;
  ResultSet rs;
  rs.meta_text = {{"study_path", s.path},
                  {"study", s.text},
                  {"scenario_path", options.scenario_path},
                  {"effective_scenario", o.effective_base},
                  {"cost_unit", s.cost_unit},
                  {"recommendation", r.recommended ? p.describe(r.candidates[*r.recommended].levels) : ""},
                  {"version", kVersion},
                  {"git_hash", kGitHash}};
  rs.meta_int = {{"seed", static_cast<std::int64_t>(o.seed)},
                 {"grid_size", r.grid_size},
                 {"pruned", r.pruned},
                 {"total_replications", r.total_replications},
                 {"screening_replications", p.options.screening_replications},
                 {"max_replications", p.options.max_replications}};

  // One row per candidate; a column per variable (its level) and four per target.
  const auto candidate = [&r](std::size_t i) -> const auto& { return r.candidates[i]; };
  RecordColumns<std::size_t> study = {{"candidate", [](std::size_t i) { return i; }}};
  for (std::size_t v = 0; v < p.variables.size(); ++v) {
    const auto level = [&p, &candidate, v](std::size_t i) -> const auto& {
      return p.variables[v].levels[static_cast<std::size_t>(candidate(i).levels[v])];
    };
    if (p.variables[v].ordered)
      study.push_back({p.variables[v].name, [level](std::size_t i) { return std::llround(level(i).x); }});
    else
      study.push_back({p.variables[v].name, [level](std::size_t i) { return level(i).label; }});
  }
  const RecordColumns<std::size_t> outcome = {
      {"cost", [&](std::size_t i) { return candidate(i).cost; }},
      {"replications", [&](std::size_t i) { return candidate(i).replications; }},
      {"origin", [&](std::size_t i) { return origin_name(candidate(i).origin); }},
      {"verdict", [&](std::size_t i) { return verdict_name(candidate(i).verdict); }},
      {"decided", [&](std::size_t i) { return candidate(i).decided; }},
      {"frontier", [&](std::size_t i) { return candidate(i).frontier; }},
      {"recommended", [&](std::size_t i) { return r.recommended && *r.recommended == i; }},
      {"worst_gap", [&](std::size_t i) { return candidate(i).worst_gap; }},
  };
  study.insert(study.end(), outcome.begin(), outcome.end());
  const auto names = target_columns(p);
  for (std::size_t t = 0; t < p.targets.size(); ++t) {
    const std::string unit = p.targets[t].unit == "1" ? "" : p.targets[t].unit;
    const auto target = [&candidate, t](std::size_t i) -> const auto& { return candidate(i).targets[t]; };
    study.push_back({names[t], unit, [target](std::size_t i) { return target(i).estimate.value; }});
    study.push_back({names[t] + ".low", unit, [target](std::size_t i) { return target(i).estimate.low; }});
    study.push_back({names[t] + ".high", unit, [target](std::size_t i) { return target(i).estimate.high; }});
    study.push_back({names[t] + ".verdict", [target](std::size_t i) { return verdict_name(target(i).verdict); }});
  }
  std::vector<std::size_t> candidates(r.candidates.size());
  std::iota(candidates.begin(), candidates.end(), std::size_t{0});
  add_record_table(rs, "study", study, candidates);

  const auto reasons = binding_reasons(s, o);
  const auto recommended = [&](std::size_t t) {
    return r.recommended ? r.candidates[*r.recommended].targets[t].estimate : stats::Estimate{nan, nan, nan, nan, 0, 0};
  };
  const auto target = [&p](std::size_t t) -> const auto& { return p.targets[t]; };
  const RecordColumns<std::size_t> targets = {
      {"target", [&](std::size_t t) { return names[t]; }},
      {"metric", [&](std::size_t t) { return target(t).metric; }},
      {"stat", [&](std::size_t t) { return target(t).statistic.name(); }},
      {"threshold", [&](std::size_t t) {
         return target(t).statistic.kind == stats::StatKind::share_above ? target(t).statistic.threshold : nan;
       }},
      {"sense", [&](std::size_t t) { return target(t).sense == sizing::Sense::at_most ? "max" : "min"; }},
      {"bound", [&](std::size_t t) { return target(t).bound; }},
      {"unit", [&](std::size_t t) { return target(t).unit; }},
      {"confidence", [&](std::size_t t) { return target(t).confidence; }},
      {"binding", [&](std::size_t t) { return !reasons[t].empty(); }},
      {"binding_because", [&](std::size_t t) { return reasons[t]; }},
      {"recommended_estimate", [&](std::size_t t) { return recommended(t).value; }},
      {"recommended_low", [&](std::size_t t) { return recommended(t).low; }},
      {"recommended_high", [&](std::size_t t) { return recommended(t).high; }},
  };
  std::vector<std::size_t> target_rows(p.targets.size());
  std::iota(target_rows.begin(), target_rows.end(), std::size_t{0});
  add_record_table(rs, "study_targets", targets, target_rows);

  const auto variable = [&p](std::size_t v) -> const auto& { return p.variables[v]; };
  const auto joined = [&](std::size_t v, auto text) {
    std::string out;
    for (const auto& l : variable(v).levels) out += (out.empty() ? "" : ", ") + text(l);
    return out;
  };
  const auto label_of = [&](std::size_t v, std::size_t c) {
    return variable(v).levels[static_cast<std::size_t>(r.candidates[c].levels[v])].label;
  };
  const RecordColumns<std::size_t> variables = {
      {"variable", [&](std::size_t v) { return variable(v).name; }},
      {"path", [&](std::size_t v) { return variable(v).path; }},
      {"kind", [&](std::size_t v) { return variable(v).ordered ? "integer" : "choice"; }},
      {"levels", [&](std::size_t v) { return joined(v, [](const auto& l) { return l.label; }); }},
      {"costs", [&](std::size_t v) { return joined(v, [](const auto& l) { return fmt::format("{:g}", l.cost); }); }},
      {"baseline", [&](std::size_t v) { return label_of(v, 0); }},
      {"recommended", [&](std::size_t v) { return r.recommended ? label_of(v, *r.recommended) : std::string(); }},
  };
  std::vector<std::size_t> variable_rows(p.variables.size());
  std::iota(variable_rows.begin(), variable_rows.end(), std::size_t{0});
  add_record_table(rs, "study_variables", variables, variable_rows);
  return rs;
}

}  // namespace readysim
