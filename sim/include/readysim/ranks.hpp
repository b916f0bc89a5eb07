#pragma once
/// \file ranks.hpp
/// The processes of one readysim command across machines: the ranks an MPI launcher (mpirun,
/// srun) starts, seen through byte messages so that the engine's API shows no MPI type. Every
/// rank runs the same command on the same inputs; run_replications (readysim/run.hpp, with
/// RunOptions::ranks) deals the replications to them and gathers the records to rank 0, which
/// alone writes files and prints. MPI itself lives in readysim::mpi (sim/src/parallel/), linked
/// by the CLI only: the Python module and the tests never start it.

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "readysim/error.hpp"

namespace readysim {

/// A message from another rank.
struct RankMessage {
  int from = 0;       ///< the sender's rank
  int tag = 0;        ///< what it is (RankTag)
  std::string bytes;  ///< its payload
};

/// What the ranks say to each other.
enum class RankTag : int {
  frames = 1,   ///< records, timing and errors of a rank's workers, forwarded to rank 0
  done = 2,     ///< a rank's share of a run is finished (everything it had is sent)
  verdict = 3,  ///< rank 0 to every rank after a run: exit code (0: go on) and message
  final = 4,    ///< a rank has left its command: its exit code and message, to rank 0
  end = 5,      ///< rank 0 to every rank: stop now with this exit code
  value = 6,    ///< rank 0 to every rank: a value every rank needs (Ranks::from_root)
  piece = 7,    ///< a rank's part of a value every rank needs, to rank 0 (Ranks::from_every_rank)
};

/// Thrown on a rank that stops because the command failed on another rank: rank 0 prints the
/// message; every rank exits with `code`.
class RanksStopped : public Error {
 public:
  /// The agreed exit code and the message rank 0 prints.
  RanksStopped(int code, const std::string& message) : Error(message), code_(code) {}
  /// The exit code every rank ends with.
  [[nodiscard]] int code() const { return code_; }

 private:
  int code_;
};

/// The ranks of a command. An implementation provides the messages (readysim::mpi: MPI point to
/// point and one broadcast); the protocol on top (who sends what when, how every rank ends with
/// one exit code) is here and in run_replications.
class Ranks {
 public:
  /// No rank has spoken yet.
  Ranks() = default;
  Ranks(const Ranks&) = delete;             ///< one per process: not copied
  Ranks& operator=(const Ranks&) = delete;  ///< one per process: not assigned
  /// Ends this process's part (the MPI implementation finalises MPI).
  virtual ~Ranks() = default;

  /// This process's rank, 0 … size() − 1.
  [[nodiscard]] virtual int rank() const = 0;
  /// How many ranks.
  [[nodiscard]] virtual int size() const = 0;
  /// "host:pid" of this process, for messages.
  [[nodiscard]] virtual std::string where() const = 0;
  /// Sends `bytes` to rank `to` without waiting: the send goes on while poll() is called.
  virtual void send(int to, RankTag tag, std::string bytes) = 0;
  /// A message that has arrived (from any rank), or nothing; also moves pending sends along.
  /// Never blocks: the callers sleep between polls, so that a waiting rank does not spin a core
  /// its forked workers need.
  virtual std::optional<RankMessage> poll() = 0;
  /// Sends not yet completed.
  [[nodiscard]] virtual std::size_t sending() = 0;
  /// Every rank calls it: afterwards every rank holds rank 0's `bytes`.
  virtual void broadcast(std::string& bytes) = 0;

  /// True on rank 0, the one that prints and writes.
  [[nodiscard]] bool root() const { return rank() == 0; }

  /// The next message, waiting politely (poll and a short sleep) for at most `wait_s` seconds
  /// (0: just poll). On a rank other than 0, an `end` message from rank 0 throws RanksStopped.
  /// On rank 0, a `final` with a non-zero code (a rank left its command on an error while rank 0
  /// still waits for it) is remembered and thrown as an Error with that rank's message.
  std::optional<RankMessage> next(double wait_s);

  /// Rank 0's `bytes` on every rank (every rank calls it; the others' `bytes` are ignored): for a
  /// decision rank 0 makes from the records it alone holds. Unlike broadcast(), a rank waiting
  /// here hears rank 0 stop (RanksStopped) if rank 0 fails before it sends.
  std::string from_root(std::string bytes);

  /// Every rank's `bytes` on every rank, by rank (every rank calls it): for work the ranks shared
  /// out whole (a sizing study's configurations) whose results every rank needs. A rank that fails
  /// instead of calling it stops the others, as in from_root.
  std::vector<std::string> from_every_rank(std::string bytes);

  /// Ends the command on every rank with one exit code; call it once, last, on every rank, with
  /// this rank's exit code and the message it would print (empty on success). Rank 0 prints its
  /// own message and, when it succeeded, the first failing rank's; it waits for every rank's
  /// word, then tells them the code. Returns the code to exit with (the same on every rank).
  int finish(int code, const std::string& message);

  /// Rank 0's exit code, once it has said (an `end` or a failing verdict reached this rank).
  [[nodiscard]] std::optional<int> stopped() const { return stopped_; }

 protected:
  /// Remembers that rank 0 has told this rank to stop with `code`.
  void set_stopped(int code) { stopped_ = code; }

 private:
  std::optional<int> stopped_;
  std::optional<int> failed_rank_;       // rank 0: a rank whose `final` came early, with an error
  std::string failed_message_;           // its message
  int failed_code_ = 0;                  // its code
  std::size_t finals_early_ = 0;         // rank 0: `final`s taken by next() before finish()
  std::vector<bool> final_seen_;         // rank 0: which ranks' `final` has arrived
};

/// Joins the ranks of an MPI launcher when this process was started by one (mpirun or srun: the
/// launcher's environment says so; READYSIM_MPI=0 refuses) and readysim was built with MPI;
/// nullptr otherwise, without starting MPI (a plain `readysim run` pays nothing). Throws Error
/// when started by a launcher but built without MPI. Defined in readysim::mpi; call once, before
/// any fork, from the main thread.
std::unique_ptr<Ranks> join_launcher_ranks(int* argc, char*** argv);

/// Whether the launcher's environment names more than one process, without starting MPI.
[[nodiscard]] bool started_by_launcher();

}  // namespace readysim
