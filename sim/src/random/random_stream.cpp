#include "readysim/random.hpp"

#include <Random123/philox.h>

namespace readysim {

RandomStream::RandomStream(std::uint64_t seed, std::uint64_t replication, StreamPurpose purpose,
                           std::uint64_t substream)
    : key_{seed, replication}, counter_{static_cast<std::uint64_t>(purpose), substream, 0, 0} {}

void RandomStream::refill() {
  const r123::Philox4x64::ctr_type ctr{{counter_[0], counter_[1], counter_[2], counter_[3]}};
  const r123::Philox4x64::key_type key{{key_[0], key_[1]}};
  const auto out = r123::Philox4x64{}(ctr, key);
  for (unsigned i = 0; i < 4; ++i) block_[i] = out.v[i];
  ++counter_[2];
  used_ = 0;
}

std::uint64_t RandomStream::next_u64() {
  if (used_ == 4) refill();
  ++drawn_;
  return block_[used_++];
}

double RandomStream::uniform01() {
  // Midpoints of a 2^-52 grid: (k + 0.5)·2^-52 needs at most 53 significant bits, so it is
  // exact and lies in [2^-53, 1 - 2^-53]. A 2^-53 grid would need 54 bits and its top point
  // would round up to exactly 1.0.
  return (static_cast<double>(next_u64() >> 12) + 0.5) * 0x1.0p-52;
}

}  // namespace readysim
