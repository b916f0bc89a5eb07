// The MSEL as CSV and Markdown, the controller and evaluator packets, and writing them all to a
// folder.
#include <fmt/format.h>

#include <filesystem>
#include <map>

#include "drill_internal.hpp"
#include "readysim/error.hpp"

namespace readysim::drill {

namespace detail {

/// Columns of the MSEL, in order (HSEEP: number, time, event, from, to, method, message, expected
/// action, objective and capability, target time, controller, evaluator, notes, status; plus the
/// simulation's basis for the target, the stable type key and the replication).
const std::vector<std::string>& msel_columns() {
  static const std::vector<std::string> cols{
      "number",      "time",       "scenario_time", "event",        "type",       "from",       "to",
      "method",      "message",    "expected_action", "objective",  "capability", "target_time", "target_basis",
      "controller",  "evaluator",  "evaluator_notes", "status",     "replication"};
  return cols;
}

std::string target_cell(const Catalog& cat, double target_s) {
  if (!std::isfinite(target_s)) return cat.text("labels.none");
  return format_exercise_time(std::ceil(target_s / 60.0 - 1e-9) * 60.0);  // a target rounds up
}

std::string type_name(const Catalog& cat, InjectType t) {
  return cat.text(fmt::format("types.{}.name", inject_type_name(t)));
}

std::vector<std::string> msel_row(const Drill& d, const Inject& in) {
  const Catalog& cat = catalog(d.lang);
  return {std::to_string(in.number),
          format_exercise_time(in.time_s),
          cat.clock(in.scenario_s),
          type_name(cat, in.type),
          std::string(inject_type_name(in.type)),
          in.from,
          in.to,
          in.mode,
          in.message,
          in.action,
          objective_list(in.objectives),
          in.capability,
          target_cell(cat, in.target_s),
          in.target_basis,
          in.controller,
          in.evaluator,
          in.notes,
          in.status,
          std::to_string(in.replication)};
}

std::string pick_text(const Drill& d, const Pick& p) {
  const Catalog& cat = catalog(d.lang);
  if (p.selection.metric.empty()) return cat.fill("labels.pick_index", {{"replication", std::to_string(p.replication)}});
  return cat.fill("labels.pick", {{"metric", p.selection.metric},
                                  {"quantile", p.selection.quantile_text},
                                  {"replication", std::to_string(p.replication)},
                                  {"value", format_metric(cat, p.selection.metric, p.value)},
                                  {"rank", std::to_string(p.rank + 1)},
                                  {"ranked", std::to_string(p.ranked)}});
}

std::vector<std::string> about_lines(const Drill& d) {
  const Catalog& cat = catalog(d.lang);
  const std::string pct = fmt::format("{:g}", std::round(d.target_quantile * 1000) / 10);
  std::vector<std::string> out{
      cat.fill("labels.clock", {{"clock", cat.clock(d.start_scenario_s)},
                                {"replication", std::to_string(d.picks.front().replication)},
                                {"end", format_exercise_time(d.end_s)},
                                {"endclock", cat.clock(d.start_scenario_s + d.pace.window_s)}})};
  if (d.pace.factor > 1)
    out.push_back(cat.fill("labels.pace_compressed", {{"jump", cat.duration(d.pace.jump_s)},
                                                      {"window", cat.duration(d.pace.window_s)},
                                                      {"duration", cat.duration(std::floor(d.end_s / 60) * 60)}}));
  else if (d.pace.windowed)
    out.push_back(cat.fill("labels.pace_windowed", {{"duration", cat.duration(std::floor(d.end_s / 60) * 60)},
                                                    {"cut", std::to_string(d.pace.cut_after)}}));
  else
    out.push_back(cat.fill("labels.pace_real", {{"duration", cat.duration(std::floor(d.end_s / 60) * 60)}}));
  out.push_back(cat.fill("labels.targets", {{"pct", pct}, {"n", std::to_string(d.replications)}}));
  if (d.picks.size() > 1) out.push_back(cat.text("labels.merged"));
  return out;
}

std::map<int, std::vector<const Inject*>> by_objective(const Drill& d) {
  std::map<int, std::vector<const Inject*>> out;
  for (const auto& in : d.injects)
    for (int r : in.objectives) out[r].push_back(&in);
  return out;
}

}  // namespace detail

using namespace detail;

const std::vector<std::string>& msel_csv_columns() { return msel_columns(); }

std::string msel_csv(const Drill& d) {
  std::string out = "\xEF\xBB\xBF";  // a BOM: spreadsheets then read the file as UTF-8
  const auto line = [&out](const std::vector<std::string>& cells) {
    for (std::size_t i = 0; i < cells.size(); ++i) out += (i ? "," : "") + csv_cell(cells[i]);
    out += "\r\n";
  };
  line(msel_columns());  // stable English names, whatever the language of the cells
  for (const auto& in : d.injects) line(msel_row(d, in));
  return out;
}

namespace {

std::string list_text(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& i : items) out += "- " + md_text(i) + "\n";
  return out;
}

// The header of every Markdown file: title, the scenario and the selections, the clock.
std::string md_header(const Drill& d, const std::string& title_key) {
  const Catalog& cat = catalog(d.lang);
  std::string out = fmt::format("# {}\n\n| | |\n|---|---|\n", md_text(cat.fill(title_key, {{"district", d.district}})));
  out += fmt::format("| {} | `{}` |\n| {} | {} |\n| {} | {} |\n", cat.text("labels.scenario"), md_cell(d.scenario),
                     cat.text("labels.seed"), d.seed, cat.text("labels.replications"), d.replications);
  for (std::size_t i = 0; i < d.picks.size(); ++i)
    out += fmt::format("| {} | {} |\n", cat.text(i == 0 ? "labels.backbone" : "labels.added"),
                       md_cell(pick_text(d, d.picks[i])));
  out += "\n";
  for (const auto& l : about_lines(d)) out += md_text(l) + "\n";
  return out;
}

}  // namespace

std::string msel_markdown(const Drill& d) {
  const Catalog& cat = catalog(d.lang);
  std::string out = md_header(d, "labels.title");
  out += fmt::format("\n## {}\n\n{}\n", cat.text("labels.startex"), md_text(d.situation));
  out += fmt::format("\n## {}\n\n{}", cat.text("labels.players"), list_text(d.players));
  out += fmt::format("\n## {}\n\n|", cat.text("labels.injects"));
  const std::vector<std::size_t> shown{0, 1, 3, 5, 6, 7, 8, 9, 10, 12, 14};
  for (std::size_t c : shown) out += " " + md_cell(cat.text("columns." + msel_columns()[c])) + " |";
  out += "\n|";
  for (std::size_t i = 0; i < shown.size(); ++i) out += "---|";
  out += "\n";
  for (const auto& in : d.injects) {
    const auto row = msel_row(d, in);
    out += "|";
    for (std::size_t c : shown) out += " " + md_cell(row[c]) + (c == 0 && in.worst_moment ? " ★" : "") + " |";
    out += "\n";
  }
  if (std::any_of(d.injects.begin(), d.injects.end(), [](const Inject& in) { return in.worst_moment; }))
    out += "\n" + cat.text("labels.worst") + "\n";
  out += fmt::format("\n## {}\n\n", cat.text("labels.objectives"));
  for (const auto& [r, list] : by_objective(d)) {
    std::string numbers;
    for (const Inject* in : list) numbers += (numbers.empty() ? "" : ", ") + std::to_string(in->number);
    out += fmt::format("- **R{}** {}: {}\n", r, md_text(cat.text(fmt::format("objectives.R{}", r))), numbers);
  }
  return out;
}

std::string controller_markdown(const Drill& d) {
  const Catalog& cat = catalog(d.lang);
  std::string out = md_header(d, "labels.controller_title");
  out += "\n" + md_text(cat.text("labels.controller_intro")) + "\n";
  out += fmt::format("\n## {}\n\n{}\n", cat.text("labels.startex"), md_text(d.situation));
  out += fmt::format("\n## {}\n\n{}", cat.text("labels.controllers"), list_text(d.controllers));
  out += fmt::format("\n## {}\n\n{}", cat.text("labels.players"), list_text(d.players));
  for (const auto& c : d.controllers) {
    out += fmt::format("\n## {}\n\n| {} | {} | {} | {} | {} | {} | {} |\n|---|---|---|---|---|---|---|\n", md_text(c),
                       cat.text("columns.number"), cat.text("columns.time"), cat.text("columns.from"),
                       cat.text("columns.to"), cat.text("columns.method"), cat.text("columns.message"),
                       cat.text("columns.status"));
    for (const auto& in : d.injects)
      if (in.controller == c)
        out += fmt::format("| {} | {} | {} | {} | {} | {} | ☐ {} |\n", in.number, format_exercise_time(in.time_s),
                           md_cell(in.from), md_cell(in.to), md_cell(in.mode), md_cell(in.message),
                           cat.text("labels.delivered"));
  }
  out += fmt::format("\n## {}\n\n{}\n\n| {} | {} | {} | {} | {} |\n|---|---|---|---|---|\n",
                     cat.text("labels.contingencies"), md_text(cat.text("labels.contingency_intro")),
                     cat.text("columns.number"), cat.text("labels.check_at"), cat.text("labels.condition"),
                     cat.text("labels.contingency_do"), cat.text("columns.to"));
  for (const auto& c : d.contingencies)
    out += fmt::format("| {} | {} | {} | {} | {} |\n", c.inject, target_cell(cat, c.time_s), md_cell(c.condition),
                       md_cell(c.message), md_cell(c.to));
  out += fmt::format("\n## {}\n\n{}\n", cat.text("labels.endex"), md_text(d.endex));
  return out;
}

std::string evaluator_markdown(const Drill& d) {
  const Catalog& cat = catalog(d.lang);
  const std::string pct = fmt::format("{:g}", std::round(d.target_quantile * 1000) / 10);
  std::string out = md_header(d, "labels.evaluator_title");
  out += "\n" + md_text(cat.fill("labels.evaluator_intro", {{"pct", pct}})) + "\n";
  out += fmt::format("\n{}: ________________\n", cat.text("labels.evaluator"));
  const std::string boxes = fmt::format("☐ {} ☐ {} ☐ {}", cat.text("labels.met"), cat.text("labels.partly"),
                                        cat.text("labels.not_met"));
  for (const auto& e : d.evaluators) {
    out += fmt::format("\n## {}\n\n| {} | {} | {} | {} | {} | {} | {} | {} | {} |\n|---|---|---|---|---|---|---|---|---|\n",
                       md_text(e), cat.text("columns.number"), cat.text("columns.time"), cat.text("columns.to"),
                       cat.text("labels.watch"), cat.text("columns.target_time"), cat.text("labels.requirement"),
                       cat.text("labels.observed"), cat.text("labels.verdict"), cat.text("columns.evaluator_notes"));
    for (const auto& in : d.injects) {
      if (in.evaluator != e) continue;
      std::string req;
      for (int r : in.objectives)
        req += fmt::format("{}R{} {}", req.empty() ? "" : "; ", r, cat.text(fmt::format("objectives.R{}", r)));
      const std::string target = std::isnan(in.target_s)
                                     ? cat.text("labels.none")
                                     : fmt::format("{} ({})", target_cell(cat, in.target_s), in.target_basis);
      out += fmt::format("| {} | {} | {} | {} | {} | {} | | {} | {} |\n", in.number, format_exercise_time(in.time_s),
                         md_cell(in.to), md_cell(in.action), md_cell(target), md_cell(req), boxes, md_cell(in.notes));
    }
  }
  return out;
}

std::vector<std::string> write_drill(const Drill& d, const std::string& dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (!fs::is_directory(dir))
    throw UsageError(fmt::format("-o {}: cannot create the directory{}", dir, ec ? ": " + ec.message() : ""));
  const std::string lang = d.lang == Language::zh ? "zh" : "en";
  // Render everything first: a failure then leaves no half set of files.
  const std::vector<std::pair<std::string, std::string>> files{
      {"msel." + lang + ".csv", msel_csv(d)},
      {"msel." + lang + ".md", msel_markdown(d)},
      {"msel." + lang + ".html", msel_html(d)},
      {"controller." + lang + ".md", controller_markdown(d)},
      {"evaluator." + lang + ".md", evaluator_markdown(d)}};
  std::vector<std::string> written;
  for (const auto& [name, text] : files) {
    const fs::path path = fs::path(dir) / name;
    write_atomically(path, text);
    written.push_back(path.string());
  }
  return written;
}

}  // namespace readysim::drill
