#pragma once
/// \file random.hpp
/// Counter-based random streams (Random123 Philox4x64-10) keyed by (seed, replication, purpose).

#include <array>
#include <cstdint>

namespace readysim {

/// What a stream is for; each purpose draws from its own stream so that changing one part of
/// a scenario (a team size) leaves the draws of the others (the fires) unchanged.
enum class StreamPurpose : std::uint32_t {
  test = 0,          ///< tests and examples
  ignitions = 1,     ///< fire ignition times and places
  fire_growth = 2,   ///< fire growth and alarm chain
  response = 3,      ///< turnout, on-scene and call-back times
  travel = 4,        ///< travel-time noise
  flood = 5,         ///< flood event timing and hydrograph
  behaviour = 6,     ///< warning reach, mobilisation, compliance
  logistics = 7,     ///< consumption and resupply
  staffing = 8,      ///< who of a staff pool is on duty when asked, and call-back delays for flood tasks
};

/// A stream of uniform random numbers; the n-th draw depends only on (seed, replication,
/// purpose, substream, n). Cheap to copy; copies continue independently.
class RandomStream {
 public:
  /// Opens stream `purpose`/`substream` of replication `replication` under `seed`.
  RandomStream(std::uint64_t seed, std::uint64_t replication, StreamPurpose purpose,
               std::uint64_t substream = 0);

  /// Next 64 random bits.
  std::uint64_t next_u64();
  /// Next uniform double in the open interval (0, 1): never exactly 0 or 1.
  double uniform01();
  /// Number of 64-bit words drawn so far.
  [[nodiscard]] std::uint64_t position() const { return drawn_; }

 private:
  void refill();
  std::array<std::uint64_t, 2> key_{};
  std::array<std::uint64_t, 4> counter_{};
  std::array<std::uint64_t, 4> block_{};
  unsigned used_ = 4;
  std::uint64_t drawn_ = 0;
};

}  // namespace readysim
