#pragma once
/// \file run.hpp
/// Monte Carlo runs: replications of a scenario on the SimGrid kernel, in forked workers.

#include <cstdint>
#include <functional>
#include <span>
#include <vector>

#include "readysim/records.hpp"
#include "readysim/scenario.hpp"

namespace readysim {

class Ranks;  // readysim/ranks.hpp

/// How to run.
struct RunOptions {
  std::int64_t first_replication = 0;  ///< index of the first replication
  std::int64_t replications = 100;     ///< how many
  std::uint64_t seed = 1;              ///< master seed
  int jobs = 1;                        ///< worker processes (forked); results do not depend on it
  bool keep_flood = false;             ///< also return each replication's flood (ReplicationRecords::flood)
  /// Called in the parent after each replication arrives, with (done, total).
  std::function<void(std::int64_t, std::int64_t)> progress;
  /// When set, called in the parent while the workers run, on a thread of its own, with the next
  /// replications in replication order as soon as every one before them has arrived: consecutive
  /// calls get consecutive ranges of RunOutput::replications, whose records stay where they are
  /// (the vector is never resized). Results written from it are the same at any job count. The
  /// run returns after its last call; an exception it throws ends the calls and is rethrown by
  /// run_replications once the workers are collected.
  std::function<void(std::span<const ReplicationRecords>)> on_records;
  /// When set (mpirun), every rank calls run_replications with the same options: the
  /// replications are dealt to the ranks in blocks, and to `jobs` workers inside each, and every
  /// record is gathered to rank 0, which alone calls `progress` and `on_records` and gets the
  /// RunOutput. The records are the same bits as without ranks. A failure on any rank fails the
  /// run on every rank (rank 0: Error with the message; the others: RanksStopped).
  Ranks* ranks = nullptr;
  /// With `ranks`: every rank gets every record too (sent from rank 0 once the run is complete),
  /// for callers that decide what to run next from them on every rank (sizing, --precision).
  /// Otherwise the other ranks get no records (RunOutput::replications empty).
  bool records_on_every_rank = false;
};

/// Where the time went, for benchmarks (seconds of wall time).
struct RunTiming {
  double setup_s = 0;                  ///< platform and routing tables, in the parent
  double simulate_s = 0;               ///< wall time of the replications (workers in parallel), to the last record
  double drain_s = 0;                  ///< wall time after the last record until on_records had taken it (0 without)
  double reset_s = 0;                  ///< summed over workers: checks and reset between replications
  double model_s = 0;                  ///< summed over workers: drawing fires and records (our code outside SimGrid)
  double kernel_s = 0;                 ///< summed over workers: inside engine.run()
};

/// The records of every replication, in replication order.
struct RunOutput {
  std::vector<ReplicationRecords> replications;  ///< one per replication, by index
  RunTiming timing;                              ///< where the time went
};

/// Runs the replications. Replication i's records depend only on (scenario, seed, i): the same
/// bits alone, after others, at any job count. Throws readysim::Error on a worker failure.
RunOutput run_replications(const Scenario& scenario, const RunOptions& options);

}  // namespace readysim
