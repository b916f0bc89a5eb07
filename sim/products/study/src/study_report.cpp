// What a study found, as tables: `/study` and friends in the results file, and the report on stdout.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "readysim/messages.hpp"
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

std::string with_unit(const sizing::Target& t, double v, const Messages& msg = messages(Language::en)) {
  if (t.unit == "s") return value(t, v) + " " + msg.unit("min");
  return t.unit == "1" ? value(t, v) : value(t, v) + " " + msg.unit(t.unit);
}

std::string verdict_text(Verdict v, const Messages& msg) { return msg.text(fmt::format("verdicts.{}", verdict_name(v))); }

std::string target_text(const sizing::Target& t, const Messages& msg) {
  std::string stat = t.statistic.name();
  if (t.statistic.kind == stats::StatKind::share_above) {
    sizing::Target of = t;  // the threshold is a value of the metric, in its unit
    of.unit = find_metric(t.metric) ? find_metric(t.metric)->unit : t.unit;
    stat = msg.fill("size.share_above", {{"value", with_unit(of, t.statistic.threshold, msg)}});
  }
  return msg.fill("size.target", {{"metric", t.metric},
                                  {"stat", stat},
                                  {"sense", t.sense == sizing::Sense::at_most ? "<=" : ">="},
                                  {"bound", with_unit(t, t.bound, msg)},
                                  {"confidence", fmt::format("{:g}", t.confidence * 100)}});
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
std::vector<std::string> binding_reasons(const Study& s, const StudyOutcome& o,
                                         const Messages& msg = messages(Language::en)) {
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
                                 with_unit(p.targets[b.target], e.value, msg), verdict_text(c.targets[b.target].verdict, msg));
  }
  return out;
}

std::string left(const std::string& s, std::size_t w) { return s + std::string(w > s.size() ? w - s.size() : 0, ' '); }
std::string right(const std::string& s, std::size_t w) { return std::string(w > s.size() ? w - s.size() : 0, ' ') + s; }

// Display width of UTF-8 text: a column a code point, two for CJK and full-width forms (the
// Chinese headings; level labels are as the study wrote them).
std::size_t width(const std::string& s) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    const std::size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    char32_t cp = len == 1 ? c : c & (0x3F >> (len - 1));
    for (std::size_t k = 1; k < len && i + k < s.size(); ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    n += (cp >= 0x2E80 && cp <= 0xA4CF) || (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
                 (cp >= 0xFF00 && cp <= 0xFF60)
             ? 2
             : 1;
    i += len;
  }
  return n;
}

std::string candidate_table(const Study& s, const StudyOutcome& o, const Messages& msg) {
  const auto& p = s.problem;
  const auto& r = o.result;
  std::vector<std::size_t> order(r.candidates.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return r.candidates[a].cost < r.candidates[b].cost; });
  std::vector<std::string> header{"", "#"};
  for (const auto& v : p.variables) header.push_back(v.name);
  header.push_back(msg.text("size.cost"));
  header.push_back(msg.text("size.reps"));
  for (const auto& t : p.targets)
    header.push_back(t.name() + (t.unit == "s" ? " [" + msg.unit("min") + "]" : t.unit == "1" ? "" : " [" + msg.unit(t.unit) + "]"));
  header.push_back(msg.text("size.verdict"));
  header.push_back(msg.text("size.origin"));
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
    row.push_back(c.decided || c.verdict != Verdict::undecided ? verdict_text(c.verdict, msg)
                                                               : msg.text("verdicts.screened"));
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

std::string format_study_report(const Study& s, const StudyRunOptions& options, const StudyOutcome& o,
                                Language lang) {
  const Messages& msg = messages(lang);
  const auto& p = s.problem;
  const auto& r = o.result;
  const auto n = [](auto v) { return fmt::format("{}", v); };
  std::string out = msg.fill("size.title", {{"study", s.path}, {"scenario", options.scenario_path}, {"seed", n(o.seed)}}) + "\n";
  out += msg.fill("size.evaluated", {{"candidates", n(r.candidates.size())},
                                     {"grid", n(r.grid_size)},
                                     {"pruned", n(r.pruned)},
                                     {"replications", n(r.total_replications)},
                                     {"seconds", fmt::format("{:.1f}", o.wall_s)}}) +
         "\n";
  out += "\n" + msg.text("size.targets") + "\n";
  for (const auto& t : p.targets) out += "  " + target_text(t, msg) + "\n";
  if (!r.surface.empty()) {
    out += msg.text("size.surface");
    for (const auto& f : r.surface)
      out += msg.fill("size.surface_fit", {{"target", p.targets[f.target].name()},
                                           {"r2", fmt::format("{:.2f}", f.r_squared)},
                                           {"terms", n(f.terms)},
                                           {"points", n(f.points)}});
    // the last fit's separator becomes the line's end
    const std::string_view sep = lang == Language::en ? ";" : "；";
    if (std::string_view(out).ends_with(sep)) out.erase(out.size() - sep.size());
    out += "\n";
  }

  const auto& base = r.candidates.front();
  out += "\n" + msg.fill("size.baseline", {{"levels", p.describe(base.levels)},
                                           {"cost", cost_text(s, base.cost)},
                                           {"replications", n(base.replications)}}) +
         "\n";
  for (std::size_t t = 0; t < p.targets.size(); ++t)
    out += fmt::format("  {:<40} {:<28} {}\n", p.targets[t].name(), estimate_cell(p.targets[t], base.targets[t].estimate),
                       verdict_text(base.targets[t].verdict, msg));
  out += msg.text(base.verdict == Verdict::met      ? "size.baseline_met"
                  : base.verdict == Verdict::missed ? "size.baseline_missed"
                                                    : "size.baseline_undecided") +
         "\n";

  if (r.recommended) {
    const auto& rec = r.candidates[*r.recommended];
    const auto reasons = binding_reasons(s, o, msg);
    out += "\n" + msg.fill("size.recommended", {{"levels", p.describe(rec.levels)},
                                                {"cost", cost_text(s, rec.cost)},
                                                {"extra", fmt::format("{:+g}", rec.cost - base.cost)},
                                                {"replications", n(rec.replications)}}) +
           "\n";
    for (std::size_t t = 0; t < p.targets.size(); ++t)
      out += fmt::format("  {:<40} {:<28} {}{}\n", p.targets[t].name(), estimate_cell(p.targets[t], rec.targets[t].estimate),
                         verdict_text(rec.targets[t].verdict, msg),
                         reasons[t].empty() ? "" : msg.fill("size.binding", {{"reasons", reasons[t]}}));
    if (r.binding.empty())
      out += msg.text(*r.recommended == 0 ? "size.no_binding_baseline" : "size.no_binding") + "\n";
    for (std::size_t i : r.undecided_cheaper)
      out += msg.fill("size.undecided_cheaper", {{"levels", p.describe(r.candidates[i].levels)},
                                                 {"cost", fmt::format("{:g}", r.candidates[i].cost)},
                                                 {"replications", n(p.options.max_replications)}}) +
             "\n";
  } else {
    out += "\n" + msg.text("size.none") + "\n";
  }

  if (!o.uncrewable.empty()) {
    out += "\n" + msg.text("size.not_simulated") + "\n";
    for (const auto& line : o.uncrewable) out += "  " + line + "\n";
  }

  out += "\n" + msg.text("size.candidates") + "\n";
  out += candidate_table(s, o, msg);
  out += "\n" + msg.text("size.frontier") + "\n";
  std::vector<std::size_t> front;
  for (std::size_t i = 0; i < r.candidates.size(); ++i)
    if (r.candidates[i].frontier) front.push_back(i);
  std::sort(front.begin(), front.end(), [&](std::size_t a, std::size_t b) { return r.candidates[a].cost < r.candidates[b].cost; });
  for (std::size_t i : front)
    out += msg.fill("size.frontier_row", {{"cost", fmt::format("{:>8g}", r.candidates[i].cost)},
                                          {"gap", fmt::format("{:+7.1f}", 100 * r.candidates[i].worst_gap)},
                                          {"levels", p.describe(r.candidates[i].levels)}}) +
           "\n";
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
