#pragma once
/// \file study.hpp
/// Sizing studies (`readysim size`): a study file names decision variables as scenario paths
/// with ranges and costs, and targets on metrics with a confidence level; the study runner
/// searches for the cheapest configuration that meets every target (readysim/sizing.hpp), on
/// common random numbers. The study format is in scenarios/README.md, "Sizing studies".

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "readysim/language.hpp"
#include "readysim/error.hpp"
#include "readysim/ranks.hpp"
#include "readysim/results.hpp"
#include "readysim/scenario.hpp"
#include "readysim/sizing.hpp"

namespace readysim {

/// A study file, read and checked.
struct Study {
  std::string path;                       ///< the study file as given
  std::string text;                       ///< its contents, stored with the results
  std::string cost_unit;                  ///< label of the cost unit ("10k CNY/yr"); may be empty
  std::vector<ScenarioOverride> set;      ///< overrides applied to every candidate, before the variables
  std::vector<SourceLocation> set_where;  ///< where each `set` entry is written
  double warm_up_s = 0;                   ///< fires alarmed before this are left out of every metric
  std::optional<std::uint64_t> seed;      ///< master seed (default: the scenario's run.seed)
  sizing::Problem problem;                ///< variables, targets, search options
  std::vector<SourceLocation> variable_where;  ///< where each variable is declared
  std::vector<std::vector<SourceLocation>> level_where;  ///< where each choice level is declared (empty for ranges)
};

/// Reads a study file. Every problem (unknown keys, bad ranges, unknown metrics or statistics,
/// bounds without units…) is collected and thrown as one ScenarioError with file:line:col, the
/// entity and the fix. With the scenario, targets may also name its stock metrics
/// (stock.shortfall.<item>, stock.stockout_probability.<item>).
Study load_study(const std::string& path, const Scenario* scenario = nullptr);

/// Checks the study against its scenario: the `set` overrides and every variable's levels
/// (an integer range's ends, every choice) must load with the scenario at `scenario_path` after
/// `overrides`. Throws ScenarioError located at the study's variable, quoting the scenario's
/// own message.
void check_study_against(const Study& study, const std::string& scenario_path,
                         const std::vector<ScenarioOverride>& overrides);

/// How to run a study.
struct StudyRunOptions {
  std::string scenario_path;                 ///< the scenario file
  std::vector<ScenarioOverride> overrides;   ///< applied first (`--set`)
  std::optional<std::uint64_t> seed;         ///< overrides the study's and the scenario's seed
  int jobs = 1;                              ///< worker processes per batch of replications
  /// mpirun: every batch is dealt to these ranks (RunOptions::ranks); every rank runs the same
  /// search and finds the same outcome. Null: this process alone.
  Ranks* ranks = nullptr;
  std::function<void(const std::string&)> log;  ///< progress lines (may be empty)
};

/// What a study found, with what it took.
struct StudyOutcome {
  sizing::Result result;      ///< candidates, recommendation, binding targets, frontier
  std::uint64_t seed = 0;     ///< master seed used for every candidate
  double wall_s = 0;          ///< wall time of the search
  std::string effective_base; ///< the effective scenario (every default filled in) of the cheapest configuration
  /// Candidates not simulated because an engine they add can never be crewed, each with why and
  /// whose results they share ("engines=2 …: station 'brigade' crews at most 1 …").
  std::vector<std::string> uncrewable;
};

/// Runs the study's search, each candidate being the scenario with the overrides, the study's
/// `set` and the candidate's levels applied.
StudyOutcome run_study(const Study& study, const StudyRunOptions& options);

/// The scenario overrides that make candidate `c`: the study's `set`, then one per variable.
std::vector<ScenarioOverride> candidate_overrides(const Study& study, const sizing::Candidate& c);

/// The results file's content: `/study` (one row per evaluated candidate: variables, cost,
/// replications, per-target estimate, CI and verdict, frontier and recommendation flags),
/// `/study_targets` (bounds, binding flags and the recommendation's estimates),
/// `/study_variables`, and `/meta` (the study file, the effective base scenario, seed, version).
ResultSet study_result_set(const Study& study, const StudyRunOptions& options, const StudyOutcome& outcome);

/// The report printed on stdout: the targets, the baseline and whether it meets them, the
/// recommendation with its cost and binding targets, every evaluated candidate, the frontier;
/// worded in `lang` (readysim/messages.hpp; names of metrics, variables and levels stay as written).
std::string format_study_report(const Study& study, const StudyRunOptions& options, const StudyOutcome& outcome,
                                Language lang = Language::en);

}  // namespace readysim
