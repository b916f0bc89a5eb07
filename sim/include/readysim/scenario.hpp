#pragma once
/// \file scenario.hpp
/// A validated, immutable scenario: the district, its resources, hazards, policies and run
/// settings, all in SI units. Made by load_scenario(); see scenarios/README.md for the format.

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "readysim/distribution.hpp"
#include "readysim/error.hpp"
#include "readysim/flood.hpp"
#include "readysim/incident_log.hpp"
#include "readysim/logistics.hpp"
#include "readysim/road_graph.hpp"
#include "readysim/staffing.hpp"

namespace readysim {

/// Work-safety risk grade of an enterprise risk point (R14): 重大 red … 低 blue.
enum class RiskLevel { red, orange, yellow, blue };
/// Name as written in scenarios ("red").
std::string_view risk_level_name(RiskLevel r);

/// Administrative level of a community-type unit.
enum class CommunityKind { market_town, sub_district };
/// Name as written in scenarios ("sub_district").
std::string_view community_kind_name(CommunityKind k);

/// A sub-district office (办事处) or the market-town community (集镇社区): the unit that the
/// plan's "four haves" (R9–R12, R19) apply to.
struct Community {
  std::string id;            ///< unique id
  std::string name;          ///< display name (may be Chinese)
  CommunityKind kind = CommunityKind::sub_district;  ///< office or market town
  NodeIndex node = 0;        ///< where its office is
  SourceLocation where;      ///< where it is declared
};

/// A settlement (production team, village): where people live.
struct Settlement {
  std::string id;            ///< unique id
  std::string name;          ///< display name
  std::string community;     ///< id of the community it belongs to
  NodeIndex node = 0;        ///< its road node
  int population = 0;        ///< registered residents
  int households = 0;        ///< households (default: population / 2.8, rounded)
  SourceLocation where;      ///< where it is declared
};

/// An enterprise risk point on the work-safety risk map (R14).
struct RiskPoint {
  std::string id;            ///< unique id
  std::string name;          ///< display name
  NodeIndex node = 0;        ///< its road node
  RiskLevel level = RiskLevel::blue;  ///< grade
  std::string occupancy;     ///< occupancy class (industrial, warehouse, food_processing…)
  std::optional<double> ignition_rate_per_s;  ///< overrides the rate of its grade when set
  SourceLocation where;      ///< where it is declared
};

/// What a station is.
enum class StationKind { fire_brigade, micro_fire_station, rescue_point };
/// Name as written in scenarios ("micro_fire_station").
std::string_view station_kind_name(StationKind k);

/// A place from which units respond.
struct Station {
  std::string id;            ///< unique id
  std::string name;          ///< display name
  StationKind kind = StationKind::fire_brigade;  ///< what it is
  NodeIndex node = 0;        ///< its road node
  std::string community;     ///< community it belongs to (empty: district level)
  int engines = 0;           ///< fire engines based here
  int crew_per_engine = 4;   ///< people an engine must leave with (R18)
  Distribution turnout = Distribution::constant(60.0);  ///< alarm to wheels rolling, crew present, s
  SourceLocation where;      ///< where it is declared
};

/// An item held in a depot.
struct StockItem {
  std::string item;          ///< item name (nine_ones_kit, life_jacket, sandbag…)
  double quantity = 0.0;     ///< units held
};

/// An emergency supply depot or supply point (R5, R9).
struct Depot {
  std::string id;            ///< unique id
  std::string name;          ///< display name
  NodeIndex node = 0;        ///< its road node
  std::string community;     ///< community it serves (empty: the district depot)
  double floor_area_m2 = 0;  ///< floor area, m²
  std::vector<StockItem> items;  ///< what it holds
  SourceLocation where;      ///< where it is declared
};

/// Shares on duty by hour of day, hour 0 = midnight to 1 am.
using DutyRoster = std::array<double, 24>;

/// A pool of people of one role at one home: full-time or part-time firefighters, militia, a
/// rescue team, a community team, drivers, emergency-office staff, inspectors…
struct StaffPool {
  std::string id;            ///< unique id
  std::string name;          ///< display name (default: the id)
  std::string role;          ///< firefighter, rescue_team, community_team, militia, driver, emergency_office…
  int count = 0;             ///< people (≥ 0: an empty pool is one a sizing study may fill)
  bool full_time = true;     ///< full-time (专职) or part-time
  std::string station;       ///< station they work from (empty if none)
  std::string community;     ///< community they belong to (empty: district)
  std::optional<NodeIndex> home;  ///< where they muster: `node`, else the station's, else the community office's
  /// Share of the pool on duty, by hour of day (hour 0 = midnight to 1 am); a shift roster in shares.
  DutyRoster on_duty_by_hour{1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
  /// Shares on a holiday (staffing.holidays), when they differ from on_duty_by_hour.
  std::optional<DutyRoster> on_holiday;
  Distribution callback_delay = Distribution::constant(0.0);  ///< off-duty call-back delay, s
  SourceLocation where;      ///< where it is declared

  /// Share on duty at `t_s` seconds from the start of a replication (which starts at midnight),
  /// from the holiday roster when `holiday` and the pool has one.
  [[nodiscard]] double on_duty_at(double t_s, bool holiday = false) const;
};

/// Vehicles of one kind at one base.
struct VehiclePool {
  std::string id;            ///< unique id
  std::string kind;          ///< transport, fire_engine, bus, boat…
  int count = 0;             ///< vehicles (> 0)
  std::string station;       ///< station they are based at (empty if none)
  NodeIndex base = 0;        ///< node they are kept at
  double speed_mps = 0;      ///< travel speed cap (0: road free speed)
  SourceLocation where;      ///< where it is declared
};

/// An evacuation shelter (school, hall, high ground): capacity from its floor area.
struct Shelter {
  std::string id;            ///< unique id
  std::string name;          ///< display name
  NodeIndex node = 0;        ///< its road node
  double floor_area_m2 = 0;  ///< usable floor area, m²
  int capacity = 0;          ///< people it takes: floor area / evacuation.area_per_person
  bool staffed = true;       ///< district staff manage it (false: run by others, e.g. the city)
  SourceLocation where;      ///< where it is declared
};

/// Everything the district has to respond with.
struct Resources {
  std::vector<Shelter> shelters;    ///< evacuation shelters
  std::vector<Station> stations;    ///< fire brigade, micro fire stations, rescue points
  std::vector<Depot> depots;        ///< supply depots and points
  std::vector<StaffPool> staff;     ///< staff pools
  std::vector<VehiclePool> vehicles;  ///< vehicle pools
};

/// The district: its name, roads and places.
struct District {
  std::string name;                 ///< name (English)
  std::string local_name;           ///< name in the local language (运粮湖管理区)
  RoadGraph roads;                  ///< road network
  std::string roads_description;    ///< the roads source as written ("roads/nodes.csv, roads/roads.csv")
  std::vector<std::pair<std::string, std::string>> roads_source;  ///< the `roads` keys, paths made absolute
  std::vector<Community> communities;  ///< sub-district offices and the market-town community
  std::vector<Settlement> settlements; ///< where people live
  std::vector<RiskPoint> risk_points;  ///< graded enterprise risk points
  std::optional<NodeIndex> mutual_aid_node;  ///< where outside help comes from (if modelled)
  std::optional<NodeIndex> police_station;   ///< the police station's node (the audit's R17), when declared
  std::optional<double> snap_distance_m;     ///< `snap_distance` as given: how far a place given as a position may lie from a road node
  /// Places given as positions, as snapped ("station 'x' node {lon: …, lat: …} -> n12, 40 m"),
  /// in reading order; the effective scenario lists them in a comment.
  std::vector<std::string> snapped;
};

/// How fires of one occupancy class grow and how long they keep an engine busy.
struct Occupancy {
  std::string name;                 ///< dwelling, industrial, warehouse, food_processing, textile…
  double growth_w_per_s2 = 11.72;   ///< t-squared growth coefficient α (Q = α t²), W/s²
  double flashover_w = 1e6;         ///< heat release at which the room flashes over, W
  Distribution on_scene = Distribution::constant(1800.0);  ///< engine time on scene, s
  /// Fuel- and ventilation-limited peak heat release of a fire that spreads beyond the item of
  /// origin, W: growth stops there (EN 1991-1-2 Annex E.4).
  double peak_w = 3.5e6;
  /// Fire load density of the compartment of origin, MJ per m² of floor (EN 1991-1-2 Table E.4):
  /// the fire stays at its peak until 70 % of the load is burnt, then decays linearly to nothing.
  double fire_load_mj_per_m2 = 780;
  double fire_area_m2 = 20;         ///< floor area of the compartment of origin, m²
  double confined_share = 0.38;     ///< share of its fires that stay confined to the item of origin

  /// The energy the compartment of origin holds, J.
  [[nodiscard]] double fire_load_j() const { return fire_load_mj_per_m2 * 1e6 * fire_area_m2; }
};

/// The first-response unit of a community micro fire station (R19).
struct MicroStationModel {
  Distribution mobilisation = Distribution::constant(120.0);  ///< alarm to leaving, s
  double speed_mps = 15.0 / 3.6;    ///< travel speed (on foot, tricycle), m/s
  double holds_below_w = 500e3;     ///< a fire smaller than this on arrival is held, W
};

/// A fire confined to the item of origin (a pan, a bin, a chair): it grows as its occupancy's
/// fires do, but only to this peak, and burns only this much.
struct ConfinedFireModel {
  double peak_w = 250e3;            ///< peak heat release, W
  double fire_load_mj = 300;        ///< energy of the item, MJ
};

/// Help from outside the district (Qianjiang city).
struct MutualAidModel {
  bool enabled = false;             ///< whether mutual aid may be called
  Distribution delay = Distribution::constant(600.0);  ///< call to leaving the outside station, s
};

/// A fire at a given time and place, besides the random ones (for hand-checked traces and drills).
struct ScheduledFire {
  double ignition_s = 0;            ///< ignition time from the start of the replication
  std::string place;                ///< id of a risk point or a settlement
  SourceLocation where;             ///< where it is declared
};

/// Fire ignitions, growth and the alarm chain.
struct FireHazard {
  bool enabled = false;             ///< a `fire:` section is present
  /// Ignitions per second at a risk point, by grade (red, orange, yellow, blue).
  std::array<double, 4> rate_by_level_per_s{};
  double dwelling_rate_per_1000_per_s = 0;  ///< dwelling fires per 1,000 residents per second
  std::vector<double> hourly_profile;       ///< 24 relative weights from t = 0 (midnight); empty: flat
  std::vector<Occupancy> occupancies;       ///< growth and on-scene time by occupancy
  Distribution detection_delay = Distribution::constant(120.0);  ///< ignition to alarm when a person finds it, s
  double smoke_alarm_share = 0.5;   ///< share of fires where a working smoke alarm sounds
  /// Ignition to alarm when a smoke alarm sounds, s (the call is the earlier of this and a person's).
  Distribution smoke_alarm_delay = Distribution::constant(60.0);
  ConfinedFireModel confined;       ///< fires that stay confined to the item of origin
  Distribution call_processing = Distribution::constant(60.0);   ///< alarm to dispatch decision, s
  MicroStationModel micro;          ///< community first response
  MutualAidModel mutual_aid;        ///< outside help
  std::vector<ScheduledFire> scheduled;  ///< fires at fixed times, in every replication
  IncidentLog incident_log;         ///< a real history replayed instead of random ignitions
  TravelModel travel;               ///< how engines' travel times are found (roads, or from positions)
  SourceLocation where;             ///< where `hazards.fire` is declared

  /// The occupancy of that name, or nullptr.
  [[nodiscard]] const Occupancy* find_occupancy(std::string_view name) const;
};

/// What happens: fires and floods.
struct Hazards {
  FireHazard fire;                  ///< fire ignitions and growth
  FloodHazard flood;                ///< water in the polder
};

/// A warning channel that reaches a share of households after a delay.
struct WarningChannel {
  double reach = 0;                 ///< share of households it reaches, 0..1
  Distribution delay = Distribution::constant(0.0);  ///< warning issued to household reached, s
};

/// How people are warned, leave and travel when a flood comes (R2, R8, R11, R6).
struct EvacuationModel {
  int cohort_households = 10;       ///< households that leave and travel together
  double vehicle_share = 0.7;       ///< share of households with their own vehicle
  double assisted_share = 0.08;     ///< share needing assisted transport (elderly, disabled)
  double walk_speed_mps = 4.0 / 3.6;  ///< everyone else walks, m/s
  WarningChannel loudspeaker{0.7, Distribution::lognormal_median_p90(300.0, 900.0)};  ///< 村村响 (R8)
  WarningChannel phone{0.5, Distribution::lognormal_median_p90(600.0, 1800.0)};       ///< SMS and calls
  /// Door to door by the community team (R11): households each member warns per second.
  double door_to_door_per_member_per_s = 12.0 / 3600.0;
  Distribution mobilisation = Distribution::weibull(1.5, 2400.0);  ///< warned to leaving, s
  double compliance = 0.9;          ///< share of warned households that leave
  double area_per_person_m2 = 3.5;  ///< shelter floor area per person
  int transport_seats = 30;         ///< people per assisted-transport trip
  Distribution boarding = Distribution::constant(300.0);  ///< loading or unloading a trip, s
  std::string assisted_order = "nearest_first";  ///< nearest_first or most_at_risk_first
  SourceLocation where;             ///< where `evacuation` is declared
};

/// Dispatch and other decision rules.
struct Policies {
  std::string dispatch = "nearest_free_engine";  ///< how an engine is chosen
  std::string queue = "fifo";                    ///< order of waiting calls
  /// What happens to a call when no engine is free: `queue` (wait for one) or `mutual_aid`
  /// (ask outside help; needs hazards.fire.mutual_aid and district.mutual_aid_node).
  std::string no_engine_free = "queue";
  SourceLocation where;             ///< where `policies` is declared (the file when absent)
};

/// Monte Carlo settings.
struct RunSettings {
  int replications = 100;           ///< replications (> 0)
  std::uint64_t seed = 1;           ///< master seed
  /// Observations that start before this (fires by their alarm) are left out of every summary
  /// metric; the record tables keep them. Seconds, >= 0.
  double warm_up_s = 0;
};

/// A validated scenario, all values in SI units.
struct Scenario {
  std::string path;                 ///< the top-level file as given
  District district;                ///< the district
  double horizon_s = 86400.0;       ///< simulated time span, seconds
  Resources resources;              ///< what responds
  Hazards hazards;                  ///< what happens
  Policies policies;                ///< how decisions are made
  EvacuationModel evacuation;       ///< warning, departure and travel of people
  Logistics logistics = default_logistics();  ///< item catalogue, consumption, supply routes, resupply
  Staffing staffing;                ///< which roles do which task, and their priority
  RunSettings run;                  ///< replications and seed

  /// Index of a community by id, or nullptr.
  [[nodiscard]] const Community* find_community(std::string_view id) const;
  /// Index of a station by id, or nullptr.
  [[nodiscard]] const Station* find_station(std::string_view id) const;
  /// Total registered population.
  [[nodiscard]] long population() const;
};

/// A change to a scenario value before validation: `path` walks mappings by key and lists by
/// item id ("resources.stations.brigade.engines"); `value` is YAML ("2", "90 s", "{dist: …}").
struct ScenarioOverride {
  std::string path;   ///< dotted path into the scenario
  std::string value;  ///< the new value, as YAML text
};

/// Loads a scenario file, applies `overrides` in order, then validates as load_scenario() does.
/// A path that names nothing is a ScenarioError naming the override.
Scenario load_scenario(const std::string& path, const std::vector<ScenarioOverride>& overrides);

/// Loads and validates a scenario file. Throws ScenarioError carrying every problem found
/// (file:line:col, the entity, the fix); nothing else is reported through exceptions.
Scenario load_scenario(const std::string& path);

/// The effective scenario (every default filled in) as YAML, units written out.
std::string effective_scenario_yaml(const Scenario& s);

/// One line describing a valid scenario ("Yunlianghu: 312 nodes, 5 communities…").
std::string scenario_summary(const Scenario& s);

}  // namespace readysim
