// report: the HTML report of a results file of run, compare or size (readysim::report), with the
// scenario's audit (readysim::audit; the CLI joins the two products, which do not use each other).
#include <fmt/format.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <string>

#include "cli_options.hpp"
#include "commands.hpp"
#include "readysim/audit.hpp"
#include "readysim/error.hpp"
#include "readysim/report.hpp"
#include "readysim/results.hpp"
#include "readysim/units.hpp"

namespace readysim::cli {

namespace {

struct ReportArgs {
  std::string results, output, lang, target = "10 min";
};

// Writes `text` to `path` whole or not at all: a temporary file beside it, renamed into place.
void write_whole(const std::string& path, const std::string& text) {
  const std::string tmp = fmt::format("{}.tmp-{}", path, ::getpid());
  {
    std::ofstream out(tmp, std::ios::binary);
    out << text;
    out.flush();
    if (!out) {
      std::remove(tmp.c_str());
      throw Error(fmt::format("cannot write the report to {} (disk full or no permission?)", path));
    }
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) {
    std::remove(tmp.c_str());
    throw Error(fmt::format("cannot write the report to {}: {}", path, ec.message()));
  }
}

int cmd_report(const ReportArgs& a) {
  if (a.output.empty()) throw UsageError("report: name the page to write with -o REPORT.html");
  check_output_folder(a.output);
  ReportOptions opt;
  opt.lang = language_of(a.lang);
  opt.results_path = a.results;
  const ParsedQuantity target = parse_quantity(a.target, Dimension::duration);
  if (!target.error.empty() || target.si_value <= 0)
    throw UsageError(fmt::format("report: --response-target {}: {}; give a positive duration, e.g. 10 min", a.target,
                                 target.error.empty() ? "not positive" : target.error));
  opt.response_target_s = target.si_value;
  if (!std::filesystem::exists(a.results))
    throw UsageError(fmt::format("report: {}: no such results file (write one with run -o, compare -o or size -o)", a.results));
  check_input_path(a.results, "report", "HDF5 results file");
  ResultSet results;
  try {
    results = read_results(a.results);
    (void)report_kind(results);
  } catch (const Error& e) {
    throw UsageError(fmt::format("report: {}: {}", a.results, e.what()));
  }
  const Scenario s = report_scenario(results, a.results);
  for (const auto& row : audit(s, opt.lang))
    opt.audit.push_back({row.id, std::string(audit_status_text(row.status, opt.lang)), row.status == AuditStatus::met,
                         row.status == AuditStatus::not_met, row.requirement, row.required, row.found});
  write_whole(a.output, report_html(results, s, opt));
  std::cerr << fmt::format("report written to {}\n", a.output);
  return 0;
}

}  // namespace

void add_report_command(CLI::App& app, Action& action) {
  auto a = std::make_shared<ReportArgs>();
  auto* cmd = app.add_subcommand("report", "Write the HTML report (map, charts, summary, audit) of a results file of run, "
                                           "compare or size: one self-contained page");
  cmd->add_option("RESULTS", a->results, "HDF5 results file written by run -o, compare -o or size -o")->required();
  cmd->add_option("-o,--output", a->output, "HTML file to write")->required();
  add_language_option(*cmd, a->lang);
  cmd->add_option("--response-target", a->target, "response-time target drawn on its distribution (default 10 min)");
  cmd->callback([a, &action] { action = [a] { return cmd_report(*a); }; });
}

}  // namespace readysim::cli
