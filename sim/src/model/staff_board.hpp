#pragma once
// One replication's staff: the people of every pool, free or on a task, shared by fire and
// flood. Tasks ask for people; whoever of the free is on duty comes at once, the rest are
// called back; when too few are free, requests wait and are served in the staffing priority
// order (a waiting task holds back lower-priority tasks that want the same pools). The board
// keeps the per-task, per-role and per-pool time integrals and peaks the records report, over the
// time after the scenario's run.warm_up, and the task totals of the requests asked after it; and
// every assignment, when its people were taken and given back (out.staff_assignments).

#include <array>
#include <cstdint>
#include <deque>
#include <functional>
#include <optional>
#include <vector>

#include "readysim/random.hpp"
#include "readysim/records.hpp"
#include "readysim/scenario.hpp"

namespace readysim {

/// Pools that may do `task`, roles in preference order, then declaration order; restricted to a
/// community's (or a station's) own pools when `community` (`station`) is non-empty.
std::vector<std::int32_t> eligible_pools(const Scenario& scenario, StaffTask task, std::string_view community = {},
                                         std::string_view station = {});

/// What does not change between replications: which pools may do which task, and free-flow
/// travel times from each pool's home to every node.
struct StaffWorld {
  /// Precomputes eligibility and travel times for a scenario.
  explicit StaffWorld(const Scenario& scenario);

  const Scenario& scenario;                        ///< the scenario
  std::vector<std::vector<double>> travel_s;       ///< [pool][node]: from its home (empty: no home)
  std::vector<std::int32_t> role_of_pool;          ///< [pool]: index into staff_role_names()
  std::vector<std::vector<std::int32_t>> pools_of_role;  ///< [role]: its pools
  std::array<std::vector<std::int32_t>, kStaffTaskCount> task_roles;  ///< [task]: roles that may do it (present)
};

class StaffBoard;

/// People assigned to a task, by pool, and when each is at the task's place: a guard that gives
/// them back to the board when released or destroyed (move-only). Releasing at the modelled
/// moment (the engine back, the breach, the horizon) is the actor's job; the destructor covers
/// an actor that ends early. After StaffBoard::finish() nothing is given back any more.
class StaffGrant {
 public:
  StaffGrant() = default;
  StaffGrant(const StaffGrant&) = delete;
  StaffGrant& operator=(const StaffGrant&) = delete;
  /// Takes over `other`'s people.
  StaffGrant(StaffGrant&& other) noexcept { *this = std::move(other); }
  /// Gives back the people held, then takes over `other`'s.
  StaffGrant& operator=(StaffGrant&& other) noexcept;
  ~StaffGrant() { release(); }

  /// Gives the people back now (waiting tasks may have them); a no-op when empty.
  void release() noexcept;
  /// People held.
  [[nodiscard]] int people() const { return people_; }
  /// Per person: grant to arrival at the place, ascending.
  [[nodiscard]] const std::vector<double>& ready_after_s() const { return ready_after_s_; }
  /// Grant to the last person's arrival (0 when empty).
  [[nodiscard]] double all_ready_after_s() const { return ready_after_s_.empty() ? 0.0 : ready_after_s_.back(); }

 private:
  friend class StaffBoard;
  StaffBoard* board_ = nullptr;
  StaffTask task_ = StaffTask::engine_crew;
  std::vector<std::pair<std::int32_t, int>> taken_;  // (pool, people)
  std::vector<std::size_t> assignments_;             // [i]: taken_[i]'s record in out.staff_assignments
  std::vector<double> ready_after_s_;
  int people_ = 0;
};

/// The staff of one replication.
class StaffBoard {
 public:
  /// Serves waiting engine calls: given pools held back for higher-priority work, assigns what
  /// it can and returns the pools it still waits for (empty when nothing waits for people).
  using EngineClient = std::function<std::vector<std::int32_t>(const std::vector<char>& held_back)>;
  /// Called when a request is (partly) granted; keep the grant, or its people go back at once.
  using OnGrant = std::function<void(StaffGrant&&)>;

  /// Every pool starts with all its people free. `t0` is the replication's clock origin.
  StaffBoard(const StaffWorld& world, std::uint64_t seed, std::int64_t replication, double t0,
             ReplicationRecords& out);

  /// Registers the fire response, served at the engine_crew rank.
  void set_engine_client(EngineClient client) { engine_client_ = std::move(client); }

  /// Free people in `pools`, skipping those marked in `held_back` (if given).
  [[nodiscard]] int free_people(const std::vector<std::int32_t>& pools, const std::vector<char>* held_back = nullptr) const;
  /// For each of `pools`: how many of its free people are on duty now (one draw per person).
  std::vector<int> draw_presence(const std::vector<std::int32_t>& pools, RandomStream& rng) const;
  /// Assigns `n` free people of `pools` to `task`: those `present` first, pool by pool, then
  /// call-backs (their delay drawn from `rng`). Arrival adds travel from home to `place`.
  StaffGrant take(StaffTask task, const std::vector<std::int32_t>& pools, int n, std::vector<int> present,
                  std::optional<NodeIndex> place, RandomStream& rng);

  /// Asks for `need` people of `pools` for `task` at `place`. With `partial`, people are granted
  /// as they become free (several calls of on_grant); otherwise all at once. Returns an id.
  int ask(StaffTask task, const std::vector<std::int32_t>& pools, int need, bool partial,
          std::optional<NodeIndex> place, OnGrant on_grant);
  /// Withdraws what is still wanted of a request (counted as unserved when anything was).
  void cancel(int request);
  /// People still wanted by a request.
  [[nodiscard]] int still_wanted(int request) const;

  /// Records a finished request (met, or given up: met_s is infinity) in the task's totals and
  /// in out.staff_requests; `waited`: it could not start when asked.
  void record_request(const StaffRequestRecord& request, bool waited);
  /// Sets the people `task` wants and has not got, for demand and unmet-time accounting.
  void set_waiting(StaffTask task, int people);
  /// Adds `people` (may be negative) to what `task` wants and has not got.
  void add_waiting(StaffTask task, int people) { set_waiting(task, waiting_[static_cast<std::size_t>(task)] + people); }

  /// Serves waiting work in priority order.
  void offer();
  /// Closes the time integrals at the current time and writes out.staff_tasks and out.staff_pools.
  /// Grants released afterwards change nothing.
  void finish();
  /// Takes nothing back any more (grants destroyed after this are dropped): for tearing a
  /// replication down, also when it failed half way.
  void close() noexcept { finished_ = true; }

 private:
  friend class StaffGrant;
  void give_back(StaffTask task, const std::vector<std::pair<std::int32_t, int>>& taken,
                 const std::vector<std::size_t>& assignments, int people);
  struct Request {
    std::vector<std::int32_t> pools;
    bool partial = false;
    std::optional<NodeIndex> place;
    OnGrant on_grant;
    StaffRequestRecord record;  // its task, what it wants and has had so far
    bool waited = false;
    bool open = true;
    [[nodiscard]] StaffTask task() const { return record.task; }
    [[nodiscard]] int remaining() const { return record.wanted - record.granted; }
  };
  [[nodiscard]] double now() const;
  void advance();
  void serve(Request& r, int id, std::vector<char>& held_back);

  const StaffWorld& world_;
  const std::uint64_t seed_;
  const std::int64_t replication_;
  const double t0_;
  ReplicationRecords& out_;
  EngineClient engine_client_;
  std::vector<int> free_;                  // by pool
  std::vector<int> busy_;                  // by pool
  std::vector<int> role_busy_;             // by role
  std::vector<int> role_waiting_;          // by role: people waiting requests it may fill want
  std::vector<int> held_;                  // by task
  std::vector<int> waiting_;               // by task (people)
  std::deque<Request> requests_;           // by id (a deque: grants may ask again)
  std::vector<int> open_;                  // ids of requests still wanting people, in order asked
  double last_s_ = 0;
  bool offering_ = false;
  bool again_ = false;
  bool finished_ = false;
  std::vector<char> held_back_;            // offer()'s scratch: pools held back for higher-priority work
};

}  // namespace readysim
