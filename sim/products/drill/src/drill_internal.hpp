#pragma once
// Shared by the drill sources: the message catalogue, events before they become injects, the
// time targets taken from every replication, and small text helpers.

#include <cmath>
#include <filesystem>
#include <limits>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "readysim/drill.hpp"
#include "readysim/flood.hpp"
#include "readysim/messages.hpp"
#include "readysim/text.hpp"

namespace readysim::drill::detail {

/// Placeholder values for a catalogue template, in no particular order.
using Fields = std::vector<std::pair<std::string, std::string>>;

inline constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// The drill wording of one language: the `drill:` section of the shared catalogue.
class Catalog {
 public:
  /// Parses the embedded catalogue of `lang`.
  explicit Catalog(Language lang);
  /// The text at a dotted path ("types.warning.message"); throws Error when missing.
  [[nodiscard]] std::string text(std::string_view path) const;
  /// True when the dotted path exists.
  [[nodiscard]] bool has(std::string_view path) const;
  /// The text at `path` with {placeholders} filled from `fields`.
  [[nodiscard]] std::string fill(std::string_view path, const Fields& fields) const;
  /// The text of an inject type's key, falling back from "key_variant" to "key".
  [[nodiscard]] std::string type_text(InjectType t, const std::string& key, const std::string& variant) const;
  /// A duration for people: "11 min", "2 h 05 min".
  [[nodiscard]] std::string duration(double s) const;
  /// A simulation-clock time: "day 1 06:12".
  [[nodiscard]] std::string clock(double s) const;
  /// A place's display name, never its id when it has a name: "(English)" asides dropped in Chinese.
  [[nodiscard]] std::string place(const std::string& name, const std::string& id) const;
  /// A word from `words.GROUP`, or the group's `other` entry for an unknown key.
  [[nodiscard]] std::string word(const std::string& group, const std::string& key) const;
  /// The language.
  [[nodiscard]] Language lang() const { return lang_; }

 private:
  MessageSection section_;
  Language lang_;
};

/// The catalogue of a language, parsed once.
const Catalog& catalog(Language lang);

/// A sample quantile with the number of cases behind it; value NaN when there are none.
struct Quant {
  double value = kNaN;  ///< the quantile (may be +inf: often never)
  std::size_t n = 0;    ///< cases
};

/// The order statistic at quantile_rank(n, q) of `values` (which may hold +inf).
Quant order_quantile(std::vector<double> values, double q);

/// Time targets from every replication of a run.
struct Targets {
  double q = 0.9;                          ///< share of cases a target covers
  Quant household_warning;                 ///< warning issued → household warned
  Quant clearance;                         ///< warning → last group safe, per flood
  Quant assisted;                          ///< warning → last assisted group safe
  std::vector<Quant> settlement_clear;     ///< per settlement: warning → its last group safe
  std::vector<Quant> community_clear;      ///< per community: warning → its last group safe
  std::vector<Quant> shelter_filling;      ///< per shelter: warning → 80 % full, quantile 1 − q
  std::vector<std::string> road_classes;   ///< classes present, sorted
  std::vector<Quant> road_gap;             ///< per class: first car closure → first truck closure, quantile 1 − q
  std::vector<Quant> road_shut;            ///< per class: first truck closure → last truck reopening
  Quant response;                          ///< alarm → engine on scene (unreached: +inf)
  Quant queue_wait;                        ///< over calls that waited
  Quant crew_wait;                         ///< over dispatches that waited for crew
  Quant mutual_aid;                        ///< mutual-aid request → on scene
};

/// Targets over every replication of `run`; `floods` holds each replication's flood (empty without one).
Targets compute_targets(const Scenario& s, const RunOutput& run, const std::vector<FloodTimeline>& floods, double q);

/// When a road class first closes and last reopens, per vehicle class.
struct ClassClosure {
  double first_close[2] = {kNever, kNever};    ///< earliest close, car then truck
  double last_reopen[2] = {-1, -1};            ///< latest reopen of a closed segment (kNever: not in time)
  SegmentIndex first_segment[2] = {0, 0};      ///< a segment closing first
};

/// Per road class (in Targets::road_classes order): first closures and last reopenings.
std::vector<ClassClosure> class_closures(const Scenario& s, const FloodTimeline& flood,
                                         const std::vector<std::string>& classes);

/// Arrival of people at each shelter, in time order: (time, people).
std::vector<std::vector<std::pair<double, double>>> shelter_arrivals(const Scenario& s, const ReplicationRecords& rep);

/// Names for road nodes: the place there, or "near" the nearest named place (never a node id).
class Namer {
 public:
  /// The places of `s`, named in `cat`'s language.
  Namer(const Scenario& s, const Catalog& cat);
  /// The place at node `n` ("一队"), else "near 一队" from the nearest named place.
  [[nodiscard]] std::string at(NodeIndex n) const;
  /// The nearest named place to node `n` (the one there if any), bare name.
  [[nodiscard]] std::string nearest(NodeIndex n) const;
  /// The community whose office is nearest to node `n` ("" when there are none).
  [[nodiscard]] std::string community_near(NodeIndex n) const;

 private:
  const Scenario& s_;
  const Catalog& cat_;
  std::vector<std::pair<double, double>> xy_;  // node positions in metres
  struct Named {
    NodeIndex node;
    std::string name;
  };
  std::vector<Named> named_;
  [[nodiscard]] std::size_t nearest_index(NodeIndex n) const;
};


/// Who receives an inject: a player role the scenario has (a staff pool or a body).
enum class Recipient { all, emergency_office, community_team, managers, rescue_team, fire_brigade, driver };

/// The player role's display name for the scenario (a staff pool's name, or its role's word with
/// its community; a station's name). `community` is a community id for the per-community roles.
std::string player_name(const Scenario& s, const Catalog& cat, Recipient r, const std::string& community);

/// An inject before it is placed on the exercise clock and worded in full.
struct Event {
  double t = 0;                   ///< time in its replication
  InjectType type = InjectType::start;  ///< what it reports
  std::string variant;            ///< catalogue variant ("settlement", "peak"…), "" for the plain text
  std::string entity;             ///< what it is about ("settlement:4", "fire:3:12"), for merging
  Fields fields;                  ///< placeholder values
  std::vector<int> objectives;    ///< requirement numbers
  double target_t = kNaN;         ///< target on the replication clock; NaN none, +inf often never met
  std::string target_text;        ///< the basis, worded
  std::string community;          ///< community id it concerns ("" for the district)
  std::int64_t node = -1;         ///< road node, for the map
};

/// Sets the event's target `base + quant.value`, worded from the type's target (variant) text.
void set_target(Event& e, double base, const Quant& quant, double share, const Catalog& cat, Fields fields = {});

/// Events of a replication's flood and evacuation.
std::vector<Event> flood_events(const Scenario& s, const ReplicationRecords& rep, const FloodTimeline& flood,
                                const Targets& targets, const Catalog& cat);

/// Flood tasks that waited 10 min or more for the people they asked for (staff_short).
std::vector<Event> staff_events(const Scenario& s, const ReplicationRecords& rep, const Catalog& cat);

/// Events of a replication's fires.
std::vector<Event> fire_events(const Scenario& s, const ReplicationRecords& rep, const Targets& targets,
                               const Catalog& cat);

/// The worst moment of a replication for a metric: the entity its value comes from, and when.
struct Moment {
  std::string entity;  ///< "fire:R:ID", "settlement:I", "shelter:K"; "fires" for every fire
  double t = kNaN;     ///< when (a fire's alarm, a group's arrival…)
};

/// The moment that gives replication `rep` its value of `metric` (any fire when by index).
Moment worst_moment(const Scenario& s, const ReplicationRecords& rep, std::string_view metric);

/// The requirement numbers an inject type tests.
std::vector<int> objectives_of(InjectType t, const std::string& variant);
/// Who receives an event (a player role of the scenario).
Recipient recipient_of(InjectType t, const std::string& variant);
/// The capability an inject type tests: a key of `words.capabilities`.
std::string capability_of(InjectType t, const std::string& variant);
/// The controller cell that delivers an inject type: a key of `words.controllers`.
std::string controller_of(InjectType t);
/// The evaluator post that watches a recipient's response: a key of `words.evaluators`.
std::string evaluator_of(Recipient r);

/// Markdown table cell: HTML escaped, pipes escaped, newlines as spaces.
std::string md_cell(std::string_view s);
/// Markdown text: HTML escaped (names reach it from scenarios).
std::string md_text(std::string_view s);
/// A CSV cell, neutralised: a leading = + - @ (or tab, CR) gets a ' in front.
std::string csv_cell(std::string_view s);
/// A metric value in its unit for people ("41 h 49 min", "550 people").
std::string format_metric(const Catalog& cat, std::string_view metric, double value);
/// "R2, R8".
std::string objective_list(const std::vector<int>& objectives);

/// The MSEL's column keys in order (headers are `columns.KEY` in the catalogue, the keys in CSV).
const std::vector<std::string>& msel_columns();
/// One inject's cells, in msel_columns() order.
std::vector<std::string> msel_row(const Drill& d, const Inject& in);
/// A target time cell: T+ rounded up to the minute, "—" for none.
std::string target_cell(const Catalog& cat, double target_s);
/// The situation at simulation time `t` of a replication, as the command post knows it then.
std::string situation_at(const Scenario& s, const ReplicationRecords& rep, const FloodTimeline* flood, double t,
                         const Catalog& cat);
/// The map of the district for the HTML page: roads, offices, shelters, stations, settlements and
/// a numbered marker per inject at its place (SVG; the report's projection).
std::string map_svg(const Drill& d, const Scenario& s);
/// Does the scenario have this resource ("boat")? Vehicles of that kind or depot items of that name.
bool has_resource(const Scenario& s, std::string_view what);
/// The type's display name.
std::string type_name(const Catalog& cat, InjectType t);
/// "evac.clearance_time at p90: replication 7 (…)".
std::string pick_text(const Drill& d, const Pick& p);
/// The lines under the title that say where T+0 is and where the targets come from.
std::vector<std::string> about_lines(const Drill& d);
/// Objectives in number order, each with the injects that test it.
std::map<int, std::vector<const Inject*>> by_objective(const Drill& d);

/// Writes `text` to `path` through a temporary file in the same directory renamed into place.
void write_atomically(const std::filesystem::path& path, const std::string& text);

}  // namespace readysim::drill::detail
