#pragma once
/// \file records.hpp
/// What one replication produces: a record per fire, per unit, and per replication.
/// Times are seconds from the start of the replication.

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "readysim/logistics.hpp"
#include "readysim/staffing.hpp"

namespace readysim {

/// Who arrived at a fire.
enum class UnitKind : std::uint8_t { none, engine, micro_station, mutual_aid };

/// One fire, from ignition to the engine on scene.
struct FireRecord {
  std::int32_t id = 0;               ///< fire number within the replication, in alarm order
  std::int32_t node = 0;             ///< road node index where it burns
  std::int32_t source = 0;           ///< index of its ignition source (risk point, then settlement)
  bool dwelling = false;             ///< a dwelling fire (else an enterprise risk point)
  std::int8_t risk_level = -1;       ///< RiskLevel of the risk point; -1 for dwellings
  std::int32_t occupancy = 0;        ///< index into hazards.fire.occupancies
  double ignition_s = 0;             ///< ignition time
  double alarm_s = 0;                ///< call received
  double dispatch_s = 0;             ///< an engine assigned (or mutual aid called)
  double first_arrival_s = 0;        ///< first unit of any kind on scene
  double engine_arrival_s = 0;       ///< engine (or mutual aid) on scene
  double queue_wait_s = 0;           ///< waiting for a free engine (dispatch − decision)
  /// Waiting for the crew: while an idle engine lacked one (from the decision to dispatch), plus
  /// called-back members arriving after the turnout; staff.engine_crew.wait is the same time.
  double crew_wait_s = 0;
  UnitKind first_unit = UnitKind::none;    ///< kind of the first unit on scene
  std::int32_t engine_unit = -1;     ///< engine index that came; -1 for mutual aid
  bool mutual_aid = false;           ///< served by outside help
  bool held_by_micro = false;        ///< the micro fire station held it below its limit
  bool confined = false;             ///< it stayed confined to the item of origin (a small fire)
  bool smoke_alarm = false;          ///< a smoke alarm sounded (else only a person raised the alarm)
  /// Heat release when the engine arrived (a held fire: when the micro station got there), W;
  /// never above the fire's peak (FireCurve).
  double heat_release_w = 0;
  bool flashover_before_arrival = false;  ///< flashover before the engine (or a hold) arrived
  bool unreached = false;            ///< no engine got there (roads flooded); arrival is kNever
};

/// One engine's work in a replication.
struct UnitRecord {
  std::int32_t engine = 0;           ///< engine index (stations in order, engines within)
  std::int32_t dispatches = 0;       ///< calls served
  double busy_s = 0;                 ///< time away from the station or crewing up
};

/// How a group of households travels.
enum class TravelMode : std::uint8_t { car, walk, assisted };

/// A group of households that leave and travel together (or are picked up together). Times are
/// kNever (infinity; NaN in the results file) for what did not happen within the horizon: the
/// record never holds a time after it.
struct CohortRecord {
  std::int32_t community = 0;        ///< index into district.communities
  std::int32_t settlement = 0;       ///< index into district.settlements
  std::int32_t households = 0;       ///< households in the group
  std::int32_t people = 0;           ///< people in the group: whole people, its households' shares of the settlement's population (they sum to it exactly)
  std::int32_t shelter = -1;         ///< index into resources.shelters, -1 if none
  std::int32_t replans = 0;          ///< times they re-planned around closed roads (or away from a flooded shelter)
  TravelMode mode = TravelMode::car; ///< how they travel
  /// Not safe at the horizon and beyond help: still at home when it flooded, cut off on the way,
  /// or in a shelter that flooded with them inside (shelter_flooded_s). Those still waiting for the
  /// transport or on the way at the horizon are not stranded (censored) unless their home flooded.
  bool stranded = false;
  bool censored = false;             ///< still waiting for the transport or on the way at the horizon
  std::uint8_t unused_[5] = {};      ///< zero: no padding, so equal records are equal bytes
  double warned_s = std::numeric_limits<double>::infinity();     ///< the last of them warned (kNever: some of them never were)
  double ready_s = std::numeric_limits<double>::infinity();      ///< the last of them ready to leave (assisted: to be picked up); kNever: never
  double departed_s = std::numeric_limits<double>::infinity();   ///< they left (or were picked up); kNever: never
  double safe_s = std::numeric_limits<double>::infinity();       ///< they reached a shelter (and were unloaded); kNever: never (or not by the horizon)
  double home_flooded_s = std::numeric_limits<double>::infinity();     ///< their home node flooded (kNever: not within the horizon)
  double shelter_flooded_s = std::numeric_limits<double>::infinity();  ///< their shelter's node flooded with them inside (kNever: it did not, within the horizon)
  /// Assisted: mean time its households waited at the pick-up point, from ready to picked up
  /// (those still waiting at the horizon: to the horizon, a lower bound); 0 for car and walk.
  double wait_s = 0;
};
static_assert(sizeof(CohortRecord) == 6 * 4 + 8 + 7 * 8, "CohortRecord has no padding: equal records are equal bytes");

/// One shelter's use in a replication.
struct ShelterRecord {
  std::int32_t shelter = 0;          ///< index into resources.shelters
  double peak_occupancy = 0;         ///< most people in it at once
  std::int32_t turned_away = 0;      ///< groups for whom it was nearest but full
  std::int32_t people_flooded = 0;   ///< people inside when its node flooded
  /// Its node flooded: from then it admits nobody, and those inside are stranded (infinity: not
  /// within the horizon).
  double flooded_s = std::numeric_limits<double>::infinity();
};

/// A road segment that the flood closes to one class of vehicles (VehicleClass in flood.hpp).
struct FloodClosureRecord {
  std::int32_t segment = 0;          ///< road segment index
  std::uint8_t vehicle_class = 0;    ///< 0 cars, 1 trucks, buses and engines
  double close_s = 0;                ///< the water gets too deep
  double reopen_s = 0;               ///< passable again (infinity: not within the flood's timeline)
};

/// One replication's flood, as the products read it (kept only when RunOptions::keep_flood).
struct FloodRecord {
  std::vector<double> level_time_s;  ///< water level, piecewise linear: times …
  std::vector<double> level_m;       ///< … and levels (m above datum; NaN when depths differ by node)
  std::vector<double> node_flooded_s;  ///< per road node: first inundated (infinity: never)
  std::vector<FloodClosureRecord> closures;  ///< segments that close, cars first, by segment
};

/// People of one staff pool taken together for a task, and when they were given back: when each
/// staff member was busy (the staff board's busy counts are the sum of these intervals).
struct StaffAssignmentRecord {
  std::int32_t pool = 0;            ///< index into resources.staff
  StaffTask task = StaffTask::engine_crew;  ///< what they were taken for
  std::int32_t people = 0;          ///< people of the pool taken at once
  double taken_s = 0;               ///< assigned (busy from here, travel and call-back included)
  double released_s = std::numeric_limits<double>::infinity();  ///< given back (infinity: still busy when the replication ended)
};

/// Everything one replication produced.
struct ReplicationRecords {
  std::int64_t replication = 0;      ///< replication index
  std::vector<FireRecord> fires;     ///< fires, in alarm order
  std::vector<UnitRecord> units;     ///< engines, in index order
  std::int64_t events = 0;           ///< simulation activities started (moves, waits, messages)
  double breach_s = std::numeric_limits<double>::infinity();   ///< flood start (infinity: no flood)
  double warning_s = std::numeric_limits<double>::infinity();  ///< flood warning issued (infinity: none)
  /// The horizon when the replication had a flood (no cohort record holds a later time; the
  /// evacuation metrics censor there); infinity without a flood.
  double horizon_s = std::numeric_limits<double>::infinity();
  std::vector<CohortRecord> cohorts; ///< evacuation groups
  std::vector<ShelterRecord> shelters;  ///< shelters, in index order
  std::vector<float> household_warning_s;  ///< per household: warning issued to household reached
  StockRecords stock;                ///< depots' stock over the replication (logistics.hpp)
  std::vector<StaffTaskRecord> staff_tasks;  ///< per task (kStaffTasks order): requests, waits, demand
  std::vector<StaffPoolRecord> staff_pools;  ///< per staff pool: busy time, peak, exhausted time
  std::vector<StaffRoleRecord> staff_roles;  ///< per role (staff_role_names order): busy, demand, unmet
  /// Requests for people, in the order finished: all of the flood tasks', and the engine crews
  /// that waited for staff (the others: staff_tasks[engine_crew].requests − those listed, no wait).
  std::vector<StaffRequestRecord> staff_requests;
  /// Staff taken and given back, per pool and grant, in the order taken (the whole replication,
  /// the warm-up included).
  std::vector<StaffAssignmentRecord> staff_assignments;
  std::vector<LeveePatch> levee_patches;     ///< levee metres patched, hour by hour
  FloodRecord flood;                         ///< the flood, when the run keeps it (else empty)
};

}  // namespace readysim
