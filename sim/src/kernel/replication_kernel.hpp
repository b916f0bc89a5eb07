#pragma once
// Runs replications one after another on the one SimGrid engine of this process, each in its
// own aligned clock slot, and checks that nothing leaks from one into the next.

#include <cstdint>
#include <memory>

#include "platform/platform.hpp"
#include "model/fire_world.hpp"
#include "model/staff_board.hpp"
#include "readysim/logistics.hpp"
#include "readysim/records.hpp"
#include "readysim/run.hpp"

namespace readysim {

/// The clock slots of a scenario. SimGrid's clock never goes back; replication k of a process
/// starts at t0 = 2^E + k·2^S, all inside one binade [2^E, 2^(E+1)), where every t0 + d rounds
/// the same way and now − t0 is exact — so a replication's times do not depend on what ran
/// before it in the process.
struct ClockSlots {
  /// Slots for a horizon: 2^S ≥ 8 × horizon (room for calls served after it).
  explicit ClockSlots(double horizon_s);
  int slot_exponent = 0;            ///< S
  int base_exponent = 0;            ///< E = S + 12
  std::int64_t count = 0;           ///< slots per process: 2^(E−S)
  /// Start of slot k.
  [[nodiscard]] double start(std::int64_t k) const;
  /// Length of a slot, seconds.
  [[nodiscard]] double length() const;
};

/// One process's simulation kernel: the platform and the static model, built once.
class ReplicationKernel {
 public:
  /// Builds the SimGrid platform and the precomputed model. One per process.
  explicit ReplicationKernel(const Scenario& scenario);
  ~ReplicationKernel();

  /// Runs replication `replication` in this process's next clock slot. Throws readysim::Error
  /// when the slots are used up (the caller forks a fresh worker) or a replication leaks.
  /// `keep_flood` also returns the replication's flood (ReplicationRecords::flood).
  ReplicationRecords run(std::uint64_t seed, std::int64_t replication, bool keep_flood = false);
  /// Slots left in this process.
  [[nodiscard]] std::int64_t slots_left() const { return slots_.count - next_slot_; }
  /// Time spent so far, by part.
  [[nodiscard]] const RunTiming& timing() const { return timing_; }
  /// The slot layout.
  [[nodiscard]] const ClockSlots& slots() const { return slots_; }

 private:
  const Scenario& scenario_;
  ClockSlots slots_;
  std::int64_t next_slot_ = 0;
  std::unique_ptr<Platform> platform_;
  std::unique_ptr<FireWorld> world_;
  std::unique_ptr<StaffWorld> staff_;
  std::unique_ptr<StockModel> stock_;
  RunTiming timing_;
};

}  // namespace readysim
