#pragma once
// Levee patrol and sandbagging in one replication: from the flood warning until the breach (or
// the horizon), people asked of the staff board patrol the levee and patch it at a rate each;
// the metres patched, hour by hour, go to the stock model (sandbags per metre).

#include <cstdint>
#include <vector>

#include "platform/platform.hpp"
#include "model/staff_board.hpp"
#include "readysim/flood.hpp"
#include "readysim/records.hpp"
#include "readysim/scenario.hpp"

namespace readysim {

/// The levee crew of one replication; writes out.levee_patches.
class LeveeCrew {
 public:
  /// Nothing happens until start().
  LeveeCrew(const Scenario& s, const FloodTimeline& flood, StaffBoard& board, const Platform& platform, double t0,
            ReplicationRecords& out);

  /// At the warning, from the actor that issues it: asks for the crew now (so that tasks
  /// activated at the same moment ask in priority order) and spawns the actor that stands them
  /// down at the breach. Does nothing when staffing.levee_patrol asks for nobody or the breach
  /// has come already.
  void start();

 private:
  const Scenario& s_;
  const FloodTimeline& flood_;
  StaffBoard& board_;
  const Platform& platform_;
  const double t0_;
  ReplicationRecords& out_;
  std::vector<StaffGrant> crew_;
  std::vector<double> arrivals_;
  int request_ = -1;
};

}  // namespace readysim
