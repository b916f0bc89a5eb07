#pragma once
/// \file drill.hpp
/// Exercise scripts for drill designers: pick the replication that sits at a quantile of a
/// per-replication metric and turn its events into a master scenario events list (MSEL) of
/// timed injects (HSEEP fields: number, time, from, to, method, message, expected action,
/// objective and capability, target time, controller, evaluator, notes, status) between STARTEX
/// and ENDEX, with a controller packet (situation, contingency injects) and an evaluator packet.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "readysim/language.hpp"
#include "readysim/run.hpp"
#include "readysim/scenario.hpp"

namespace readysim::drill {

/// What an inject reports. The order is the order of injects that fall on the same minute.
enum class InjectType : std::uint8_t {
  start,              ///< exercise start: the situation brief
  warning,            ///< flood warning issued
  breach,             ///< the levee breaks
  level,              ///< the polder gauge crosses a level, or peaks
  road_closed,        ///< the first road of a class closes to a vehicle class
  road_reopened,      ///< the last road of a class reopens to a vehicle class
  flooding,           ///< water reaches a settlement, a community office or a shelter
  stranded,           ///< groups cut off on the way to a shelter
  transport,          ///< the assisted-transport vehicles' first pick-up and last trip
  shelter_filling,    ///< a shelter reaches 80 % of its places
  shelter_full,       ///< a shelter reaches 95 % of its places
  community_cleared,  ///< the last group of a community reaches a shelter
  staff_short,        ///< a flood task cannot get all the people it asked for (a wait of 10 min or more)
  fire_alarm,         ///< a fire is reported
  call_queued,        ///< no engine is free: the call waits
  dispatch,           ///< an engine is sent
  crew_callback,      ///< the engine waits for called-back crew
  mutual_aid,         ///< outside help is sent
  micro_on_scene,     ///< the community micro fire station arrives
  flashover,          ///< the fire flashes over before an engine arrives
  engine_on_scene,    ///< an engine (or mutual aid) arrives
  unreached,          ///< no engine can get through the water
  end,                ///< ENDEX: play stops, with the situation then
};

/// The type's name as written on the command line and in the CSV ("road_closed").
std::string_view inject_type_name(InjectType t);
/// Every type name, in enum order.
const std::vector<std::string>& inject_type_names();
/// The type called `name`, or nullopt.
std::optional<InjectType> parse_inject_type(std::string_view name);

/// Parses a comma-separated list of type names ("level,road_reopened"). Throws UsageError naming
/// an unknown one, with a did-you-mean.
std::vector<InjectType> parse_inject_types(std::string_view list);

/// Parses a time on the exercise clock: "5:30", "T+5:30", a duration ("90 min", "6 h") or "0".
/// Throws UsageError.
double parse_exercise_time(std::string_view text);

/// A metric with one value per replication, to rank replications by.
struct ReplicationMetric {
  std::string name;         ///< "evac.clearance_time", "fire.response_time.mean"…
  std::string unit;         ///< SI unit: "s", "people", "groups", "fires" or "1"
  std::string description;  ///< how the replication's value is made, one line
};

/// Every per-replication metric, in help order.
const std::vector<ReplicationMetric>& replication_metrics();

/// How to choose a replication: at a quantile of a metric, or by index.
struct Selection {
  std::string metric;             ///< a replication_metrics() name; empty when by index
  double quantile = 0;            ///< 0..1
  std::string quantile_text;      ///< as written ("p90", "median", "max")
  std::int64_t replication = -1;  ///< by index when ≥ 0
};

/// Parses "METRIC:QUANTILE" (QUANTILE: pNN with 0 ≤ NN ≤ 100, median, min, max, or a share in
/// [0, 1]). Throws UsageError naming the problem, with a did-you-mean for a misspelt metric.
Selection parse_selection(std::string_view text);

/// Parses a quantile as parse_selection() does ("p90" → 0.9). Throws UsageError.
double parse_quantile(std::string_view text);

/// The metric's value in each replication of `run`, in order; nullopt where it has none (no fires,
/// no warning…). Throws UsageError for an unknown name.
std::vector<std::optional<double>> replication_values(const Scenario& s, const RunOutput& run,
                                                      std::string_view metric);

/// The 0-based rank picked among `n` ranked values for quantile `q`: the nearest to the type-7
/// position (n − 1)·q, halves rounded up (towards the worse end). Requires n > 0.
std::size_t quantile_rank(std::size_t n, double q);

/// The replication a selection chose.
struct Pick {
  Selection selection;           ///< what was asked for
  std::int64_t replication = 0;  ///< the replication chosen (index into the run)
  double value = 0;              ///< its metric value (NaN when chosen by index)
  std::size_t rank = 0;          ///< its 0-based rank among the ranked replications (ties by index)
  std::size_t ranked = 0;        ///< replications with a value
};

/// Chooses the replication. Throws UsageError when the metric has no value in any replication
/// or the index is outside the run.
Pick pick(const Scenario& s, const RunOutput& run, const Selection& selection);

/// How to build the script.
struct DrillOptions {
  std::vector<Selection> selections;  ///< the first is the backbone; the others add their worst moment
  std::uint64_t seed = 1;             ///< the run's master seed (named in the script)
  Language lang = Language::en;       ///< wording
  std::optional<double> from_s;       ///< cut: start, seconds on the default exercise clock
  std::optional<double> to_s;         ///< cut: end, seconds on the default exercise clock
  std::vector<InjectType> drop;       ///< inject types to leave out
  double target_quantile = 0.9;       ///< share of simulated cases a time target covers
  std::optional<double> duration_s;   ///< how long the exercise lasts; none: as long as the window
  bool compress = false;              ///< fit the window into duration_s with time jumps over quiet stretches, not by cutting it
};

/// How the simulated window becomes the exercise: played in real time, cut, or compressed with
/// time jumps (busy stretches in real time, each quiet stretch shortened to at most jump_s).
struct Pace {
  double factor = 1;        ///< simulated seconds per exercise second on average (1: real time)
  double jump_s = 0;        ///< compressed: the longest stretch between two events, in exercise seconds
  bool windowed = false;    ///< --duration cut the window short
  double window_s = 0;      ///< simulated seconds the exercise covers
  std::size_t cut_after = 0;  ///< events of the window left out after ENDEX by --duration
};

/// A contingency inject: what a controller does when players run faster or slower than the
/// simulation at an inject that has a time target.
struct Contingency {
  int inject = 0;            ///< the inject it belongs to
  bool slower = true;        ///< players behind the target (else ahead of the simulation)
  double time_s = 0;         ///< when to check, exercise clock (the target time)
  std::string condition;     ///< when it applies
  std::string message;       ///< what the controller injects or does
  std::string to;            ///< who receives it
};

/// One timed inject of the script.
struct Inject {
  int number = 0;                 ///< 1-based, in time order
  double time_s = 0;              ///< exercise clock: seconds from T+0
  double scenario_s = 0;          ///< time in its replication's simulation (from midnight of day 1)
  std::int64_t replication = 0;   ///< the replication it comes from
  InjectType type = InjectType::start;  ///< what it reports
  std::string from;               ///< simulated sender (weather bureau, a villager's call…)
  std::string to;                 ///< the player who receives it
  std::string mode;               ///< how it arrives, the HSEEP method (phone, radio, loudspeaker, in person)
  std::string message;            ///< the message as players receive it: what a caller or sensor knows then
  std::string action;             ///< the expected player action
  std::vector<int> objectives;    ///< requirement numbers tested (R1–R19), never empty
  std::string capability;         ///< the capability it tests (HSEEP core capability, worded)
  double target_s = 0;            ///< time target on the exercise clock, after the inject and before ENDEX; NaN: none
  std::string target_basis;       ///< where the target comes from ("90 % of 302 simulated fires…")
  std::string controller;         ///< the controller who delivers it ("C1 flood and roads")
  std::string evaluator;          ///< the evaluator who watches the response ("E2 community teams")
  std::string notes;              ///< evaluator notes (a target that is not assessable here, and why)
  std::string status;             ///< "planned" until the controller marks it
  std::int64_t node = -1;         ///< road node it happens at, for the map; -1: nowhere in particular
  bool worst_moment = false;      ///< part of a selection's worst moment
};

/// A finished exercise script.
struct Drill {
  std::string scenario;           ///< scenario path
  std::string district;           ///< district name in the script's language
  std::uint64_t seed = 1;         ///< master seed
  std::int64_t replications = 0;  ///< replications the targets and ranks come from
  Language lang = Language::en;   ///< wording
  double target_quantile = 0.9;   ///< share of cases the targets cover
  std::vector<Pick> picks;        ///< the chosen replications, backbone first
  double start_scenario_s = 0;    ///< T+0 on the backbone replication's simulation clock
  double end_s = 0;               ///< ENDEX on the exercise clock
  Pace pace;                      ///< how simulated time maps onto the exercise clock
  std::string situation;          ///< STARTEX: what happened before the window, as known then
  std::string endex;              ///< the situation at ENDEX
  std::vector<std::string> players;      ///< player roles (from staff pools and bodies), in first-inject order
  std::vector<std::string> controllers;  ///< controller posts used
  std::vector<std::string> evaluators;   ///< evaluator posts used
  std::vector<Contingency> contingencies;  ///< per timed inject, for slower and faster players
  std::vector<Inject> injects;    ///< in time order, numbered, STARTEX first and ENDEX last
  std::string map_svg;            ///< the district's map with the injects at their places (SVG, for the HTML page)
};

/// Builds the script from a run's records (every replication of it feeds the targets).
Drill build_drill(const Scenario& s, const RunOutput& run, const DrillOptions& options);

/// "T+5:07" (hours past 24 go on: "T+31:05"; before T+0: "T-0:10"); minutes rounded down.
std::string format_exercise_time(double seconds);

/// The CSV column names of the MSEL, stable English whatever the language (msel_csv's header).
const std::vector<std::string>& msel_csv_columns();
/// The MSEL as CSV (RFC 4180, UTF-8 with a BOM so spreadsheets read the Chinese; HSEEP columns
/// named in English, msel_csv_columns(); a cell starting with = + - @ is prefixed with ' so that
/// no spreadsheet runs it as a formula).
std::string msel_csv(const Drill& d);
/// The MSEL as Markdown: the selection, the exercise, then the inject table (names HTML-escaped).
std::string msel_markdown(const Drill& d);
/// A printable HTML page: the exercise, a map, a timeline, the inject table, the controller and
/// the evaluator packets.
std::string msel_html(const Drill& d);
/// The controller packet as Markdown: situation, controllers, player roles, injects by controller,
/// contingency injects.
std::string controller_markdown(const Drill& d);
/// The evaluator packet as Markdown: per evaluator, what to watch, the target times, the plan's
/// requirement each tests, with labelled boxes to tick.
std::string evaluator_markdown(const Drill& d);

/// Writes msel.LANG.{csv,md,html}, controller.LANG.md and evaluator.LANG.md into `dir` (created
/// if missing), each to a temporary file renamed into place. Returns the paths written.
std::vector<std::string> write_drill(const Drill& d, const std::string& dir);

}  // namespace readysim::drill
