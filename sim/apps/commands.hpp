#pragma once
// The readysim subcommands. Each adds itself to the CLI and, when chosen, sets the action that
// main() runs inside its error handling (exit 0 success, 1 runtime failure, 2 bad input).

#include <CLI/CLI.hpp>

#include <functional>
#include <string>
#include <vector>

#include "readysim/language.hpp"
#include "readysim/scenario.hpp"

namespace readysim::cli {

/// What main() runs once the command line is parsed; returns the exit code.
using Action = std::function<int()>;

/// `validate SCENARIO [--print-effective] [--lang]`.
void add_validate_command(CLI::App& app, Action& action);
/// `audit SCENARIO [--lang] [--format]`.
void add_audit_command(CLI::App& app, Action& action);
/// `routes SCENARIO --from NODE [--to NODE] [--format]`.
void add_routes_command(CLI::App& app, Action& action);
/// `run SCENARIO [-n] [--seed] [-o] [-j] [--quiet] [--timing] [--lang] [--set PATH=VALUE]`.
void add_run_command(CLI::App& app, Action& action);
void add_size_command(CLI::App& app, Action& action);  ///< `size SCENARIO --study STUDY [-o] [-j] [--seed] [--lang] [--set]`.
void add_compare_command(CLI::App& app, Action& action);  ///< `compare A [B] [--set-a] [--set-b] [-n] [--seed] [-j] [--lang]`.
void add_drill_command(CLI::App& app, Action& action);  ///< `drill SCENARIO --select METRIC:Q -o DIR [--lang] [--from] [--to] [--drop]`.
/// `import osm INPUT -o DIR [--dem FILE]... [--name] [--bbox W,S,E,N] [--highways LIST]`.
void add_import_command(CLI::App& app, Action& action);
/// `report RESULTS -o REPORT.html [--lang en|zh] [--response-target D]`.
void add_report_command(CLI::App& app, Action& action);

/// Loads a scenario with `--set PATH=VALUE` overrides applied; with `warn`, prints its warnings
/// (scenario_warnings) on stderr.
Scenario load_with_overrides(const std::string& path, const std::vector<std::string>& overrides, bool warn = true);

/// What is valid but probably not meant: engines no crew can ever staff (crew_warnings) and places
/// standing where the flood can reach (flood_ground_warnings), in that order.
[[nodiscard]] std::vector<Diagnostic> scenario_warnings(const Scenario& s);
/// "file:line:col: warning: message".
[[nodiscard]] std::string warning_text(const Diagnostic& d);
/// Prints scenario_warnings(s) on stderr, one per line, each after `prefix`.
void print_scenario_warnings(const Scenario& s, const std::string& prefix = "");

/// Checks, before minutes of simulation, that the folder of an `-o` file exists (UsageError if
/// not); does nothing for an empty path.
void check_output_folder(const std::string& output);

/// Adds `--lang en|zh` to a command: the language of what it prints for people (headings,
/// descriptions, verdicts, progress). Left empty when not given: see language_of.
void add_language_option(CLI::App& cmd, std::string& lang);
/// The language `--lang` named, or when empty the environment's (READYSIM_LANG, else LC_ALL,
/// LC_MESSAGES, LANG: zh* is Chinese; readysim/messages.hpp's language_from_environment).
[[nodiscard]] Language language_of(const std::string& lang);

/// Adds `--set PATH=VALUE` (repeatable) to a command: scenario overrides.
void add_override_option(CLI::App& cmd, std::vector<std::string>& overrides);

}  // namespace readysim::cli
