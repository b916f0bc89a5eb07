// The MSEL as CSV and Markdown, the evaluator checklist, and writing them all to a folder.
#include <fmt/format.h>

#include <filesystem>
#include <map>

#include "drill_internal.hpp"
#include "readysim/error.hpp"

namespace readysim::drill {

namespace detail {

/// Columns of the MSEL, in order (HSEEP: number, time, event, from, to, mode, message, expected
/// action, objective; plus the simulation's target and where it comes from).
const std::vector<std::string>& msel_columns() {
  static const std::vector<std::string> cols{"number", "time",   "scenario_time", "type",   "from",
                                             "to",     "mode",   "message",       "action", "objective",
                                             "target", "basis",  "replication",   "key"};
  return cols;
}

std::string target_cell(const Catalog& cat, double target_s) {
  if (std::isnan(target_s)) return cat.text("labels.none");
  if (std::isinf(target_s)) return cat.text("labels.never");
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
          in.from,
          in.to,
          in.mode,
          in.message,
          in.action,
          objective_list(in.objectives),
          target_cell(cat, in.target_s),
          in.target_basis.empty() ? cat.text("labels.none") : in.target_basis,
          std::to_string(in.replication),
          std::string(inject_type_name(in.type))};
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
                                {"end", format_exercise_time(d.end_s)}}),
      cat.fill("labels.targets", {{"pct", pct}, {"n", std::to_string(d.replications)}})};
  if (d.picks.size() > 1) out.push_back(cat.text("labels.merged"));
  return out;
}

// Objectives in number order, each with the injects that test it.
std::map<int, std::vector<const Inject*>> by_objective(const Drill& d) {
  std::map<int, std::vector<const Inject*>> out;
  for (const auto& in : d.injects)
    for (int r : in.objectives) out[r].push_back(&in);
  return out;
}

}  // namespace detail

using namespace detail;

std::string msel_csv(const Drill& d) {
  const Catalog& cat = catalog(d.lang);
  std::string out = "\xEF\xBB\xBF";  // a BOM: spreadsheets then read the file as UTF-8
  const auto line = [&out](const std::vector<std::string>& cells) {
    for (std::size_t i = 0; i < cells.size(); ++i) out += (i ? "," : "") + csv_field(cells[i]);
    out += "\r\n";
  };
  std::vector<std::string> header;
  for (const auto& c : msel_columns()) header.push_back(cat.text("columns." + c));
  line(header);
  for (const auto& in : d.injects) line(msel_row(d, in));
  return out;
}

std::string msel_markdown(const Drill& d) {
  const Catalog& cat = catalog(d.lang);
  std::string out = fmt::format("# {}\n\n| | |\n|---|---|\n", cat.fill("labels.title", {{"district", d.district}}));
  out += fmt::format("| {} | `{}` |\n| {} | {} |\n| {} | {} |\n", cat.text("labels.scenario"), d.scenario,
                     cat.text("labels.seed"), d.seed, cat.text("labels.replications"), d.replications);
  for (std::size_t i = 0; i < d.picks.size(); ++i)
    out += fmt::format("| {} | {} |\n", cat.text(i == 0 ? "labels.backbone" : "labels.added"),
                       md_cell(pick_text(d, d.picks[i])));
  out += "\n";
  for (const auto& l : about_lines(d)) out += l + "\n";
  out += fmt::format("\n## {}\n\n|", cat.text("labels.injects"));
  const std::vector<std::string> shown{"number", "time", "type", "from", "to", "mode", "message",
                                       "action", "objective", "target", "basis"};
  for (const auto& c : shown) out += " " + md_cell(cat.text("columns." + c)) + " |";
  out += "\n|";
  for (std::size_t i = 0; i < shown.size(); ++i) out += "---|";
  out += "\n";
  for (const auto& in : d.injects) {
    const auto row = msel_row(d, in);
    out += fmt::format("| {}{} | {} |", row[0], in.worst_moment ? " ★" : "", row[1]);
    for (std::size_t c = 3; c <= 11; ++c) out += " " + md_cell(row[c]) + " |";
    out += "\n";
  }
  if (std::any_of(d.injects.begin(), d.injects.end(), [](const Inject& in) { return in.worst_moment; }))
    out += "\n" + cat.text("labels.worst") + "\n";
  out += fmt::format("\n## {}\n\n", cat.text("labels.objectives"));
  for (const auto& [r, list] : by_objective(d)) {
    std::string numbers;
    for (const Inject* in : list) numbers += (numbers.empty() ? "" : ", ") + std::to_string(in->number);
    out += fmt::format("- **R{}** {}: {}\n", r, cat.text(fmt::format("objectives.R{}", r)), numbers);
  }
  return out;
}

std::string checklist_markdown(const Drill& d) {
  const Catalog& cat = catalog(d.lang);
  const std::string pct = fmt::format("{:g}", std::round(d.target_quantile * 1000) / 10);
  std::string out = fmt::format("# {}\n\n{}\n\n", cat.fill("labels.checklist_title", {{"district", d.district}}),
                                cat.fill("labels.checklist_intro", {{"pct", pct}}));
  for (const auto& p : d.picks) out += "- " + pick_text(d, p) + "\n";
  out += fmt::format("\n{}: ________________\n", cat.text("labels.evaluator"));
  for (const auto& [r, list] : by_objective(d)) {
    out += fmt::format("\n## R{}: {}\n\n| {} | {} | {} | {} | {} | {} | {} |\n|---|---|---|---|---|---|---|\n", r,
                       cat.text(fmt::format("objectives.R{}", r)), cat.text("columns.number"),
                       cat.text("columns.time"), cat.text("columns.action"), cat.text("columns.target"),
                       cat.text("columns.basis"), cat.text("labels.observed"), cat.text("labels.verdict"));
    for (const Inject* in : list) {
      const auto row = msel_row(d, *in);
      out += fmt::format("| {} | {} | {} | {} | {} | | ☐ ☐ ☐ |\n", row[0], row[1], md_cell(in->action), row[10],
                         md_cell(row[11]));
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
      {"checklist." + lang + ".md", checklist_markdown(d)}};
  std::vector<std::string> written;
  for (const auto& [name, text] : files) {
    const fs::path path = fs::path(dir) / name;
    write_atomically(path, text);
    written.push_back(path.string());
  }
  return written;
}

}  // namespace readysim::drill
