#pragma once
// One rank's part in a run shared across ranks (RunOptions::ranks): which replications are its
// own, and what it says to rank 0 and hears from it while its forked workers run. The records
// themselves stay in workers.cpp's frames: a rank other than 0 forwards its workers' frames whole,
// rank 0 reads them as if they came from a pipe of its own.

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "readysim/run.hpp"

namespace readysim {

/// A rank's part in a run (or, without ranks, the whole run in this process).
class RankShare {
 public:
  /// From the run's options: alone when RunOptions::ranks is null or has one rank.
  explicit RankShare(const RunOptions& options);

  /// True without other ranks.
  [[nodiscard]] bool alone() const { return size_ == 1; }
  /// True when this process receives every record (rank 0, or alone).
  [[nodiscard]] bool gathers() const { return rank_ == 0; }
  /// This rank, 0 … size() − 1.
  [[nodiscard]] int rank() const { return rank_; }
  /// How many ranks share the run.
  [[nodiscard]] int size() const { return size_; }
  /// Whether this rank has replications of its own in a run of `replications` dealt in blocks
  /// of `block` (block b of the run goes to rank b mod size()).
  [[nodiscard]] bool has_work(std::int64_t replications, std::int64_t block) const;

  /// Rank other than 0: a whole frame of this rank's workers, for rank 0 (sent in batches).
  void forward(std::string_view frame);
  /// Between two polls of the local pipes: sends the batch when due, takes what has arrived —
  /// other ranks' frames (rank 0: handed to `on_frames`, whole frames), their `done`, rank 0's
  /// verdict (a failure throws RanksStopped) — waiting up to `wait_s` when nothing has.
  void pump(const std::function<void(std::string_view)>& on_frames, double wait_s);
  /// Rank 0: true while some other rank's share is not finished.
  [[nodiscard]] bool waiting() const { return gathers() && done_ < size_ - 1; }
  /// Rank other than 0, its workers finished: sends what is left and `done`, then waits for rank
  /// 0's verdict; a failing one throws RanksStopped.
  void finish_share();
  /// Rank 0: tells every other rank how the run ended (0: complete; else the exit code).
  void tell(int code, const std::string& message);
  /// Every rank calls it: rank 0's `bytes` everywhere.
  void broadcast(std::string& bytes);

 private:
  void send_batch();

  Ranks* ranks_ = nullptr;
  int rank_ = 0;
  int size_ = 1;
  int done_ = 0;        // rank 0: other ranks whose share is finished
  std::string batch_;   // rank other than 0: frames not yet sent
  std::chrono::steady_clock::time_point last_sent_ = std::chrono::steady_clock::now();
};

}  // namespace readysim
