#pragma once
// The fire-response model of one replication, as SimGrid actors: a dispatcher that takes the
// calls in order, one persistent actor per engine, and outside help when called.

#include <cstdint>

#include "platform/platform.hpp"
#include "model/fire_world.hpp"
#include "model/road_state.hpp"
#include "model/staff_board.hpp"
#include "readysim/flood.hpp"
#include "readysim/records.hpp"

namespace readysim {

/// Spawns the replication's actors, starting at simulated time `t0`; call before Platform::run().
/// Records are complete when run() returns.
class FireResponse {
 public:
  /// Draws the replication's fires and spawns the actors; engine crews come from `board`,
  /// which the flood tasks share.
  FireResponse(const FireWorld& world, const Platform& platform, RoadState& road, StaffBoard& board,
               std::uint64_t seed, std::int64_t replication, double t0, ReplicationRecords& out);
  ~FireResponse();
  FireResponse(const FireResponse&) = delete;
  FireResponse& operator=(const FireResponse&) = delete;

  /// A station whose node floods within the horizon is cut off from then (model/flood_closures.hpp):
  /// its idle engines cannot leave, and an engine out on a call is held there once back; both
  /// are lost for the rest of the replication, even if the water drains (calls left waiting for
  /// them are unreached). Call before Platform::run().
  void cut_off_flooded_stations(const FloodTimeline& flood);

  /// After run(): fires left waiting because flooded roads cut every engine off are marked
  /// unreached; any other unserved fire is an internal error (throws).
  void check_complete() const;

 private:
  struct State;
  State* state_;
};

}  // namespace readysim
