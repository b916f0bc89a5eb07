#pragma once
/// \file staffing.hpp
/// Who does what: the tasks that need people (crewing an engine, door-to-door warning, driving
/// the transport vehicle, levee patrol and sandbagging, shelter management), which staff roles
/// may fill each, their priority when people are short, and what a replication records about
/// them. Staff pools themselves are in scenario.hpp (resources.staff).

#include <array>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "readysim/error.hpp"

namespace readysim {

struct Scenario;

/// A kind of work that takes people from the staff pools.
enum class StaffTask : std::uint8_t { engine_crew, door_to_door, transport_driver, levee_patrol, shelter_management };
/// Number of StaffTask values.
inline constexpr std::size_t kStaffTaskCount = 5;
/// Every task, in declaration order.
inline constexpr std::array<StaffTask, kStaffTaskCount> kStaffTasks{
    StaffTask::engine_crew, StaffTask::door_to_door, StaffTask::transport_driver, StaffTask::levee_patrol,
    StaffTask::shelter_management};
/// Name as written in scenarios ("door_to_door").
std::string_view staff_task_name(StaffTask t);
/// The task of that name, if any.
std::optional<StaffTask> staff_task_from_name(std::string_view name);

/// The distinct roles of the scenario's staff pools, sorted: StaffRoleRecord::role indexes it.
std::vector<std::string> staff_role_names(const Scenario& scenario);

/// Staff roles that are rescue-team members (R4 district team, R11 community teams): they get a
/// life jacket when the flood warning activates them.
inline bool is_team_role(std::string_view role) { return role == "rescue_team" || role == "community_team"; }

/// Which staff roles may do a task, in the order they are asked.
struct TaskStaffing {
  std::vector<std::string> roles;   ///< staff pool roles, preferred first (a driver may be militia)
  SourceLocation where;             ///< where the task is declared (the file when defaulted)
};

/// Levee patrol and sandbagging from the flood warning until the breach.
struct LeveeWork {
  int people = 0;                   ///< people asked for (0: no levee work)
  double patch_rate_mps = 2.0 / 3600.0;  ///< metres of levee one person patches per second
  double length_m = 500.0;          ///< metres that need patching at most
};

/// Shelter management: people per shelter in use.
struct ShelterManagement {
  int minimum = 2;                  ///< people at a shelter from its first arrival
  double people_per_person = 1.0 / 100.0;  ///< staff per sheltered person (1 per 100)
};

/// How staff are assigned to tasks (the `staffing` section).
struct Staffing {
  /// Order in which waiting tasks get people when people are short, highest first.
  std::vector<StaffTask> priority{kStaffTasks.begin(), kStaffTasks.end()};
  /// Roles that may do each task, by StaffTask.
  std::array<TaskStaffing, kStaffTaskCount> tasks{
      TaskStaffing{{"firefighter"}, {}}, TaskStaffing{{"community_team"}, {}}, TaskStaffing{{"driver"}, {}},
      TaskStaffing{{"rescue_team", "militia"}, {}}, TaskStaffing{{"emergency_office", "community_team"}, {}}};
  int door_to_door_people = 0;      ///< people asked for per community (0: all who may do it)
  LeveeWork levee;                  ///< levee patrol and sandbagging
  ShelterManagement shelter;        ///< shelter management
  /// Holidays, [from, to) in seconds from the start of a replication: staff pools with an
  /// on_duty_share_holiday use it then.
  std::vector<std::pair<double, double>> holidays;
  SourceLocation where;             ///< where `staffing` is declared (the file when absent)

  /// The roles for a task.
  [[nodiscard]] const TaskStaffing& task(StaffTask t) const { return tasks[static_cast<std::size_t>(t)]; }
  /// Rank of a task in the priority order (0 = first).
  [[nodiscard]] int rank(StaffTask t) const;
  /// True when `t_s` falls in one of the holidays.
  [[nodiscard]] bool holiday_at(double t_s) const;
};

/// One task's staffing in a replication.
struct StaffTaskRecord {
  StaffTask task = StaffTask::engine_crew;  ///< which task
  std::int32_t requests = 0;        ///< times people were asked for
  std::int32_t waited = 0;          ///< requests that could not start at once
  std::int32_t unserved = 0;        ///< requests still not (fully) met at the end
  double wait_total_s = 0;          ///< sum over requests of the time until people were assigned
  double max_wait_s = 0;            ///< longest such wait
  double busy_person_s = 0;         ///< person-seconds assigned to the task
  std::int32_t peak_demand = 0;     ///< most people the task wanted at once (assigned + waiting)
  double unmet_s = 0;               ///< time some of its demand waited for people
};

/// One request of a task for people, as it went.
struct StaffRequestRecord {
  StaffTask task = StaffTask::engine_crew;  ///< which task asked
  std::int32_t node = -1;           ///< where the people were wanted (road node), -1 if nowhere in particular
  std::int32_t wanted = 0;          ///< people asked for
  std::int32_t granted = 0;         ///< people assigned in the end
  double asked_s = 0;               ///< when it asked
  double first_grant_s = std::numeric_limits<double>::infinity();  ///< first person assigned (infinity: none)
  double met_s = std::numeric_limits<double>::infinity();          ///< all assigned (infinity: never)
  double ready_s = std::numeric_limits<double>::infinity();        ///< the last one assigned is at the place (on duty: the drive; called back: the call-back delay too)
  double wait_s = 0;                ///< asked to all assigned; if never, to when it was given up
};

/// One staff role's use in a replication (pools of the role together).
struct StaffRoleRecord {
  std::int32_t role = 0;            ///< index into staff_role_names(scenario)
  std::int32_t peak_busy = 0;       ///< most of its people busy at once
  std::int32_t peak_demand = 0;     ///< most people wanted of it at once: busy + waiting requests it may fill
  double busy_person_s = 0;         ///< person-seconds its people spent on tasks
  double unmet_s = 0;               ///< time some request it may fill waited for people
  double exhausted_s = 0;           ///< time none of its people was free
};

/// One staff pool's use in a replication.
struct StaffPoolRecord {
  std::int32_t pool = 0;            ///< index into resources.staff
  double busy_person_s = 0;         ///< person-seconds its people spent on tasks
  std::int32_t peak_busy = 0;       ///< most of its people busy at once
  double exhausted_s = 0;           ///< time every one of its people was busy
};

}  // namespace readysim
