#pragma once
// Evacuation in one replication: households warned by loudspeaker, phone and door to door,
// leaving after their mobilisation time in cohorts that drive (or walk) hop by hop to the
// nearest reachable shelter with room; the transport vehicles pick up those who need help.

#include <cstdint>
#include <functional>

#include "platform/platform.hpp"
#include "model/road_state.hpp"
#include "model/staff_board.hpp"
#include "readysim/flood.hpp"
#include "readysim/records.hpp"
#include "readysim/scenario.hpp"

namespace readysim {

/// Draws the replication's households and spawns the evacuation actors; call before run().
class Evacuation {
 public:
  /// Households' warning, compliance and mobilisation are drawn from one stream per household
  /// (StreamPurpose::behaviour), so changing a team or a vehicle never changes them.
  /// `on_warning` runs when the warning is issued, before or after the door-to-door teams ask
  /// for people as the staffing priority ranks levee_patrol against door_to_door.
  /// Door-to-door warners, transport drivers and shelter managers come from `board`.
  Evacuation(const Scenario& scenario, const FloodTimeline& flood, RoadState& road, const Platform& platform,
             StaffBoard& board, std::uint64_t seed, std::int64_t replication, double t0, ReplicationRecords& out,
             std::function<void()> on_warning = {});
  ~Evacuation();
  Evacuation(const Evacuation&) = delete;
  Evacuation& operator=(const Evacuation&) = delete;

  /// After run(): records everyone who never left or never arrived, and the shelters' use.
  void finish();

 private:
  struct State;
  State* state_;
};

}  // namespace readysim
