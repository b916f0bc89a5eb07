#pragma once
/// \file report.hpp
/// The HTML report of a results file (`readysim report`): for the results of `run`, `compare` and
/// `size`, one self-contained page (Leaflet and Chart.js inline, nothing fetched) with a map of the
/// district drawn from the road graph's own coordinates, the charts, the summary table and the
/// audit, worded in English or Chinese.

#include <cstdint>
#include <string>
#include <vector>

#include "readysim/language.hpp"
#include "readysim/results.hpp"
#include "readysim/scenario.hpp"

namespace readysim {

/// What made a results file, as the report tells it from the tables it holds.
enum class ReportKind { run, compare, size };

/// One row of the readiness audit, as the report shows it (the CLI passes readysim::audit's rows:
/// the products do not use each other).
struct ReportAuditRow {
  std::string id;           ///< "R1" … "R19"
  std::string status;       ///< the verdict, worded in the report's language
  bool met = false;         ///< the verdict is "met"
  bool not_met = false;     ///< the verdict is "not met" (neither: cannot be judged)
  std::string requirement;  ///< what the requirement is
  std::string required;     ///< what the plan requires, quantified
  std::string found;        ///< what the scenario has
};

/// How to write the report.
struct ReportOptions {
  Language lang = Language::en;            ///< wording of the page
  double response_target_s = 600;          ///< the response-time target drawn on its distribution
  std::vector<ReportAuditRow> audit;       ///< the audit of the scenario (empty: no audit section)
  std::string results_path;                ///< the results file, named in the page
  /// At most this many replications' floods are recomputed for the map (the first ones).
  std::int64_t max_flood_replications = 200;
};

/// The kind of `results`: size when it has /study, compare when it has /compare, else run. Throws
/// Error when it has none of /study, /compare and /summary (not a readysim results file).
[[nodiscard]] ReportKind report_kind(const ResultSet& results);

/// The scenario the results were made from, re-read from /meta/effective_scenario (every
/// override applied, paths absolute), so that the map has the road graph, the places and the
/// flood. Throws ScenarioError (its diagnostics name /meta/effective_scenario of `results_path`)
/// when it no longer loads, e.g. its road files were moved, and Error when /meta lacks it.
[[nodiscard]] Scenario report_scenario(const ResultSet& results, const std::string& results_path);

/// The report page: HTML5, UTF-8, every script, style and datum inline.
[[nodiscard]] std::string report_html(const ResultSet& results, const Scenario& scenario, const ReportOptions& options);

}  // namespace readysim
