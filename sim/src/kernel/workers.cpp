// Monte Carlo runs in forked processes. The caller never touches SimGrid: it forks a coordinator,
// which builds the platform once and forks workers from itself; each worker runs a chunk of
// replications (at most one process's clock slots) and streams its records back on its own
// pipe. A worker whose slots are used up is replaced by a fresh fork of the coordinator.
// The workers of a round take small blocks of replications in turn, so that records arrive
// nearly in replication order and the parent can hand them on (RunOptions::on_records) while
// the others are still running.
//
// Signals (readysim/interrupt.hpp): the children take ChildSignals (Ctrl-C ends them unless the
// parent inherited it ignored; SimGrid's own SIGINT handler is undone) and die with their parent
// (PR_SET_PDEATHSIG). When the parent is asked to stop, it kills the coordinator (the workers
// follow it), collects it, and throws Interrupted: nothing half-done reaches the caller.
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fmt/format.h>

#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <exception>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <type_traits>

#include "kernel/mpi_share.hpp"
#include "kernel/replication_kernel.hpp"
#include "readysim/error.hpp"
#include "readysim/interrupt.hpp"
#include "readysim/run.hpp"

namespace readysim {

namespace {

static_assert(std::is_trivially_copyable_v<FireRecord> && std::is_trivially_copyable_v<UnitRecord> &&
              std::is_trivially_copyable_v<CohortRecord> && std::is_trivially_copyable_v<ShelterRecord> &&
              std::is_trivially_copyable_v<StockRecord> && std::is_trivially_copyable_v<StockLevel> &&
              std::is_trivially_copyable_v<StockOrder> && std::is_trivially_copyable_v<StaffTaskRecord> &&
              std::is_trivially_copyable_v<StaffPoolRecord> && std::is_trivially_copyable_v<LeveePatch> &&
              std::is_trivially_copyable_v<StaffRequestRecord> && std::is_trivially_copyable_v<StaffRoleRecord>);

enum class Frame : char { records = 'R', timing = 'T', setup = 'S', error = 'E' };

void write_all(int fd, const void* data, std::size_t size) {
  const char* p = static_cast<const char*>(data);
  while (size > 0) {
    const ssize_t n = ::write(fd, p, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) _exit(3);  // the reader is gone: nobody to report to
    p += n;
    size -= static_cast<std::size_t>(n);
  }
}

void append_frame(std::string& out, Frame type, const std::string& payload) {
  const std::uint64_t size = payload.size();
  out += static_cast<char>(type);
  out.append(reinterpret_cast<const char*>(&size), sizeof size);
  out += payload;
}

void send_frame(int fd, Frame type, const std::string& payload) {
  std::string frame;
  append_frame(frame, type, payload);
  write_all(fd, frame.data(), frame.size());
}

template <class Visit, class... Members>
void visit_in_order(Visit& visit, Members&... members) {
  (visit(members), ...);  // a comma fold: left to right
}

// Every member of the records a worker sends, listed once: encode and decode walk the same list
// (the stock records' replication is the replication's, set on decoding).
template <class Records, class Visit>
void each_member(Records& r, Visit&& visit) {
  visit_in_order(visit, r.replication, r.events, r.breach_s, r.warning_s, r.horizon_s, r.fires, r.units, r.cohorts, r.shelters,
                 r.household_warning_s, r.stock.records, r.stock.levels, r.stock.orders, r.staff_tasks,
                 r.staff_pools, r.staff_roles, r.staff_requests, r.staff_assignments, r.levee_patches,
                 r.flood.level_time_s, r.flood.level_m, r.flood.node_flooded_s, r.flood.closures);
}

template <class T>
void put(std::string& out, const T& v) {
  static_assert(std::is_trivially_copyable_v<T>);
  out.append(reinterpret_cast<const char*>(&v), sizeof v);
}

struct Writer {
  std::string out;
  template <class T>
  void operator()(const T& v) {
    put(out, v);
  }
  template <class T>
  void operator()(const std::vector<T>& v) {
    static_assert(std::is_trivially_copyable_v<T>);
    put(out, static_cast<std::uint64_t>(v.size()));
    if (!v.empty()) out.append(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(T));
  }
};

std::string encode(const ReplicationRecords& r) {
  Writer w;
  each_member(r, w);
  return std::move(w.out);
}

struct Reader {
  std::string_view data;
  std::size_t at = 0;
  template <class T>
  void operator()(T& v) {
    static_assert(std::is_trivially_copyable_v<T>);
    if (at + sizeof v > data.size()) throw Error("internal: truncated records from a worker");
    std::memcpy(&v, data.data() + at, sizeof v);
    at += sizeof v;
  }
  template <class T>
  void operator()(std::vector<T>& v) {
    static_assert(std::is_trivially_copyable_v<T>);
    std::uint64_t n = 0;
    (*this)(n);
    if (at + n * sizeof(T) > data.size()) throw Error("internal: truncated records from a worker");
    v.assign(n, T{});
    if (n > 0) std::memcpy(v.data(), data.data() + at, n * sizeof(T));  // an empty vector's data() may be null
    at += n * sizeof(T);
  }
};

ReplicationRecords decode(std::string_view payload) {
  Reader r{payload};
  ReplicationRecords out;
  each_member(out, r);
  out.stock.replication = out.replication;
  return out;
}

// The replications one worker process runs: those of [begin, end) whose block of `block`
// replications (counted from `begin`) is `lane` modulo `lanes`. The workers of a round share
// [begin, end), one lane each.
struct Chunk {
  std::int64_t begin = 0;
  std::int64_t end = 0;
  std::int64_t block = 1;
  std::int64_t lane = 0;
  std::int64_t lanes = 1;
  // Replications of the chunk, in order, as `visit(i)`.
  template <class Visit>
  void each(Visit&& visit) const {
    for (std::int64_t b = begin + lane * block; b < end; b += lanes * block)
      for (std::int64_t i = b; i < std::min(end, b + block); ++i) visit(i);
  }
};

// Replications per block: small enough that the lanes of a round deliver nearly in order.
constexpr std::int64_t kBlock = 8;

// A frame's type and payload size.
constexpr std::size_t kFrameHeader = 1 + sizeof(std::uint64_t);

// In a child just forked from `parent`: dies with it (SIGKILL), even if it is already gone.
void die_with_parent(pid_t parent) {
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (getppid() != parent) _exit(1);
}

[[noreturn]] void worker_main(ReplicationKernel& kernel, const RunOptions& opt, Chunk chunk, int fd,
                              const ChildSignals& signals) {
  signals.apply();  // again, in case the engine installed its handlers since
  try {
    // Records go out in batches: a pipe write per replication costs as much as a small
    // replication, while a batch every 50 ms still keeps the progress bar moving.
    std::string batch;
    auto last_flush = std::chrono::steady_clock::now();
    chunk.each([&](std::int64_t i) {
      append_frame(batch, Frame::records, encode(kernel.run(opt.seed, i, opt.keep_flood)));
      const auto now = std::chrono::steady_clock::now();
      if (batch.size() >= (1u << 20) || now - last_flush >= std::chrono::milliseconds(50)) {
        write_all(fd, batch.data(), batch.size());
        batch.clear();
        last_flush = now;
      }
    });
    write_all(fd, batch.data(), batch.size());
    std::string t;
    put(t, kernel.timing());
    send_frame(fd, Frame::timing, t);
  } catch (const std::exception& e) {
    send_frame(fd, Frame::error, e.what());
    _exit(1);
  }
  _exit(0);
}

// Builds the platform, then keeps up to `fds.size()` workers busy until every chunk is done.
[[noreturn]] void coordinator_main(const Scenario& scenario, const RunOptions& opt, const std::vector<int>& fds,
                                   const ChildSignals& signals) {
  try {
    if (!RankShare(opt).has_work(opt.replications, kBlock)) _exit(0);  // mpirun: a small run, no block here
    ReplicationKernel kernel(scenario);
    signals.apply();  // SimGrid's engine sets a SIGINT handler of its own (it prints and exits 1)
    std::string setup;
    put(setup, kernel.timing().setup_s);
    send_frame(fds[0], Frame::setup, setup);
    // Rank r of R (RunOptions::ranks) takes lanes r, r + R, r + 2R… of the R × jobs lanes of a
    // round: block b of a round goes to rank b mod R, and within it to a worker, as if one
    // process ran R × jobs workers. Alone, R = 1.
    const RankShare share(opt);
    const std::int64_t jobs = static_cast<std::int64_t>(fds.size());
    const std::int64_t lanes = jobs * share.size();
    // A lane of a round runs at most per_worker + kBlock - 1 replications: within the slots.
    const std::int64_t per_worker = std::max<std::int64_t>(
        1, std::min(kernel.slots_left() - (kBlock - 1), (opt.replications + lanes - 1) / lanes));
    std::deque<Chunk> chunks;
    for (std::int64_t i = 0; i < opt.replications; i += per_worker * lanes) {
      const std::int64_t begin = opt.first_replication + i;
      const std::int64_t end = begin + std::min(per_worker * lanes, opt.replications - i);
      for (std::int64_t l = 0; l < jobs; ++l) {
        const std::int64_t lane = share.rank() + share.size() * l;
        if (begin + lane * kBlock < end) chunks.push_back({begin, end, kBlock, lane, lanes});
      }
    }
    std::vector<pid_t> running(fds.size(), 0);
    const auto start = [&](std::size_t slot) {
      const Chunk c = chunks.front();
      chunks.pop_front();
      const pid_t self = getpid();
      const pid_t pid = fork();
      if (pid < 0) throw Error(fmt::format("cannot fork a worker: {}", std::strerror(errno)));
      if (pid == 0) {
        die_with_parent(self);
        worker_main(kernel, opt, c, fds[slot], signals);
      }
      running[slot] = pid;
    };
    for (std::size_t s = 0; s < fds.size() && !chunks.empty(); ++s) start(s);
    for (;;) {
      int status = 0;
      const pid_t pid = waitpid(-1, &status, 0);
      if (pid < 0) {
        if (errno == EINTR) continue;
        break;  // no children left
      }
      for (std::size_t s = 0; s < running.size(); ++s) {
        if (running[s] != pid) continue;
        running[s] = 0;
        const bool ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
        if (!ok) {
          if (WIFSIGNALED(status))
            send_frame(fds[s], Frame::error, fmt::format("a worker died from signal {} ({})", WTERMSIG(status),
                                                         strsignal(WTERMSIG(status))));
          for (pid_t other : running)
            if (other > 0) kill(other, SIGKILL);
          chunks.clear();
        } else if (!chunks.empty()) {
          start(s);
        }
      }
    }
  } catch (const std::exception& e) {
    send_frame(fds[0], Frame::error, e.what());
    _exit(1);
  }
  _exit(0);
}

// Hands the replications of a run to RunOptions::on_records on a thread of its own, in
// replication order, as each one and all before it have arrived. The reading thread marks
// arrivals; the records of a replication are not touched by it once marked.
class InOrderSink {
 public:
  InOrderSink(const RunOptions& opt, const std::vector<ReplicationRecords>& records)
      : on_records_(opt.on_records), records_(records), arrived_(records.size(), 0) {
    const SignalBlock block;  // the thread inherits the mask: a stop request is the poller's to see
    if (on_records_) thread_ = std::thread([this] { loop(); });
  }
  InOrderSink(const InOrderSink&) = delete;
  InOrderSink& operator=(const InOrderSink&) = delete;
  ~InOrderSink() { finish(); }

  // Replication `index` (from 0) has arrived.
  void arrived(std::size_t index) {
    if (!on_records_) return;
    const std::lock_guard<std::mutex> lock(mutex_);
    arrived_[index] = 1;
    const std::size_t before = ready_;
    while (ready_ < arrived_.size() && arrived_[ready_] != 0) ++ready_;
    if (ready_ != before) wake_.notify_one();
  }

  // Waits until on_records has taken every replication that arrived (or failed); idempotent.
  void finish() {
    if (!thread_.joinable()) return;
    {
      const std::lock_guard<std::mutex> lock(mutex_);
      done_ = true;
    }
    wake_.notify_one();
    thread_.join();
  }

  // Hands on nothing more (what on_records is doing now, it finishes), then as finish().
  void cancel() {
    {
      const std::lock_guard<std::mutex> lock(mutex_);
      cancelled_ = true;
    }
    finish();
  }

  // What on_records threw, or null.
  [[nodiscard]] std::exception_ptr error() const { return error_; }

 private:
  void loop() {
    std::size_t taken = 0;
    for (;;) {
      std::size_t ready = 0;
      {
        std::unique_lock<std::mutex> lock(mutex_);
        wake_.wait(lock, [&] { return ready_ > taken || done_; });
        if (ready_ == taken || cancelled_) return;  // done, and nothing more to hand on
        ready = ready_;
      }
      try {
        on_records_(std::span<const ReplicationRecords>(records_.data() + taken, ready - taken));
      } catch (...) {
        error_ = std::current_exception();
        return;
      }
      taken = ready;
    }
  }

  const std::function<void(std::span<const ReplicationRecords>)>& on_records_;
  const std::vector<ReplicationRecords>& records_;
  std::vector<char> arrived_;
  std::size_t ready_ = 0;
  bool done_ = false;
  bool cancelled_ = false;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::exception_ptr error_;
  std::thread thread_;
};

}  // namespace

RunOutput run_replications(const Scenario& scenario, const RunOptions& opt) {
  if (opt.replications < 0) throw UsageError("the number of replications must not be negative");
  const int jobs = std::max(1, static_cast<int>(std::min<std::int64_t>(opt.jobs, std::max<std::int64_t>(1, opt.replications))));
  RankShare share(opt);  // alone, or this rank's part (mpirun)
  RunOutput out;
  if (share.gathers() || opt.records_on_every_rank) out.replications.resize(static_cast<std::size_t>(opt.replications));
  if (opt.replications == 0) return out;
  throw_if_interrupted();  // asked to stop while loading: no child is started
  note_replications_planned(opt.replications);
  const auto t_start = std::chrono::steady_clock::now();

  std::vector<int> read_fds, write_fds;
  for (int j = 0; j < jobs; ++j) {
    int p[2];
    if (pipe(p) != 0) throw Error(fmt::format("cannot create a pipe: {}", std::strerror(errno)));
    read_fds.push_back(p[0]);
    write_fds.push_back(p[1]);
  }
  std::fflush(nullptr);  // nothing buffered may be written twice by the children
  const pid_t parent = getpid();
  pid_t coordinator = -1;
  {
    const SignalBlock block;  // no signal may run the parent's handler in the child
    coordinator = fork();
    if (coordinator == 0) {
      const ChildSignals signals;  // read before SimGrid installs its own handlers
      signals.apply();
      die_with_parent(parent);
      for (int fd : read_fds) close(fd);
      coordinator_main(scenario, opt, write_fds, signals);
    }
  }
  if (coordinator < 0) {
    const int err = errno;
    for (int fd : read_fds) close(fd);
    for (int fd : write_fds) close(fd);
    throw Error(fmt::format("cannot fork: {}", std::strerror(err)));
  }
  for (int fd : write_fds) close(fd);

  // Frames arrive interleaved across pipes but whole within one.
  std::vector<std::string> buffers(static_cast<std::size_t>(jobs));
  std::vector<pollfd> polls;
  for (int fd : read_fds) polls.push_back(pollfd{fd, POLLIN, 0});
  // The last one wakes the loop when a stop is asked (the handler may run on another thread).
  polls.push_back(pollfd{interrupt_fd(), POLLIN, 0});
  const std::size_t n_pipes = read_fds.size();
  std::int64_t received = 0;
  std::string error;
  std::exception_ptr progress_error;
  InOrderSink sink(opt, out.replications);
  std::size_t open_pipes = n_pipes;
  int stop = 0;
  // A frame of this process's workers, or on rank 0 of another rank's.
  const auto on_frame = [&](Frame type, std::string_view payload) {
        if (type == Frame::records) {
          ReplicationRecords r = decode(payload);
          const auto index = static_cast<std::size_t>(r.replication - opt.first_replication);
          out.replications[index] = std::move(r);
          sink.arrived(index);
          ++received;
          note_replication_done();
          // A failing progress callback must not leave the workers unread: remember the
          // error, stop calling it, and raise it once the run is collected.
          if (opt.progress && !progress_error) {
            try {
              opt.progress(received, opt.replications);
            } catch (...) {
              progress_error = std::current_exception();
            }
          }
        } else if (type == Frame::timing) {
          RunTiming t;
          std::memcpy(&t, payload.data(), std::min(payload.size(), sizeof t));
          out.timing.reset_s += t.reset_s;
          out.timing.model_s += t.model_s;
          out.timing.kernel_s += t.kernel_s;
        } else if (type == Frame::setup) {
          std::memcpy(&out.timing.setup_s, payload.data(), std::min(payload.size(), sizeof(double)));
        } else if (error.empty()) {
          error = std::string(payload);
        }
  };
  // The whole frames at the front of `buf`; a rank other than 0 forwards its workers' frames.
  const auto take_frames = [&](std::string& buf, bool local) {
    std::size_t at = 0;
    while (buf.size() - at >= kFrameHeader) {
      std::uint64_t size = 0;
      std::memcpy(&size, buf.data() + at + 1, sizeof size);
      if (buf.size() - at - kFrameHeader < size) break;
      if (local && !share.gathers())
        share.forward(std::string_view(buf.data() + at, kFrameHeader + size));
      else
        on_frame(static_cast<Frame>(buf[at]), std::string_view(buf.data() + at + kFrameHeader, size));
      at += kFrameHeader + size;
    }
    buf.erase(0, at);
  };
  const auto from_ranks = [&](std::string_view frames) {
    std::string buf(frames);
    take_frames(buf, false);
  };
  // The children go when this rank gives up: another rank failed, or rank 0 said stop.
  const auto abandon = [&] {
    kill(coordinator, SIGKILL);
    for (std::size_t j = 0; j < n_pipes; ++j)
      if (polls[j].fd >= 0) close(polls[j].fd);
    while (waitpid(coordinator, nullptr, 0) < 0 && errno == EINTR) {
    }
    sink.cancel();
  };
  try {
  while (open_pipes > 0 || share.waiting()) {
    if ((stop = interrupt_signal()) != 0) break;
    if (!error.empty() && !share.alone() && share.gathers()) break;  // failed: the ranks are told below
    if (open_pipes > 0 && poll(polls.data(), polls.size(), share.alone() ? -1 : 5) < 0) {
      if (errno == EINTR) continue;
      error = fmt::format("poll failed: {}", std::strerror(errno));
      break;
    }
    for (std::size_t j = 0; j < n_pipes && open_pipes > 0; ++j) {
      if (polls[j].fd < 0 || !(polls[j].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      char chunk[65536];
      const ssize_t n = read(polls[j].fd, chunk, sizeof chunk);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        close(polls[j].fd);
        polls[j].fd = -1;
        --open_pipes;
        continue;
      }
      std::string& buf = buffers[j];
      buf.append(chunk, static_cast<std::size_t>(n));
      take_frames(buf, true);
    }
    // Other ranks' records (rank 0), rank 0's word (the others); waits a little when idle.
    share.pump(from_ranks, open_pipes > 0 ? 0.0 : 0.005);
  }
  } catch (...) {
    abandon();
    throw;
  }
  if (stop != 0 || (stop = interrupt_signal()) != 0) {
    // Asked to stop: the coordinator is killed and its workers die with it; whatever the
    // children said as they went (a worker killed by the same Ctrl-C) is not the news.
    kill(coordinator, SIGKILL);
    for (std::size_t j = 0; j < n_pipes; ++j)
      if (polls[j].fd >= 0) close(polls[j].fd);
    while (waitpid(coordinator, nullptr, 0) < 0 && errno == EINTR) {
    }
    sink.cancel();
    throw Interrupted(stop);
  }
  if (open_pipes > 0) abandon();  // rank 0: another rank failed; its own workers need not finish
  int status = 0;
  while (open_pipes == 0 && waitpid(coordinator, &status, 0) < 0 && errno == EINTR) {
  }
  if (!share.gathers()) {
    // What went wrong here is rank 0's to say; then this rank waits for its verdict.
    if (error.empty() && WIFSIGNALED(status))
      error = fmt::format("rank {}: the simulation's coordinator process was killed by signal {} ({})", share.rank(),
                          WTERMSIG(status), strsignal(WTERMSIG(status)));
    if (!error.empty()) {
      std::string frame;
      append_frame(frame, Frame::error, error);
      share.forward(frame);
    }
    share.finish_share();
    out.timing.simulate_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t_start).count();
    if (opt.records_on_every_rank) {
      std::string all;
      share.broadcast(all);
      take_frames(all, false);
    }
    return out;
  }
  const auto t_simulated = std::chrono::steady_clock::now();
  out.timing.simulate_s = std::chrono::duration<double>(t_simulated - t_start).count() - out.timing.setup_s;
  sink.finish();
  if (opt.on_records)
    out.timing.drain_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t_simulated).count();
  if (!share.alone()) {
    // Every rank hears how the run ended: the others stop (their exit code is rank 0's), or get
    // every record when they decide what to run next from them.
    const bool failed = !error.empty() || progress_error || sink.error() || received != opt.replications;
    share.tell(failed ? 1 : 0, failed ? "the run failed (rank 0 says why)" : "");
    if (!failed && opt.records_on_every_rank) {
      std::string all;
      for (const auto& r : out.replications) append_frame(all, Frame::records, encode(r));
      share.broadcast(all);
    }
  }
  if (!error.empty()) throw Error(error);
  if (progress_error) std::rethrow_exception(progress_error);
  if (sink.error()) std::rethrow_exception(sink.error());
  if (received != opt.replications && WIFSIGNALED(status)) {
    // Not asked of this process (no InterruptScope, e.g. Python's Ctrl-C, or a signal sent to the
    // coordinator alone): say what ended it.
    const int sig = WTERMSIG(status);
    throw Error(fmt::format("the simulation's coordinator process was {} by signal {} ({}) after {} of {} "
                            "replications{}",
                            sig == SIGKILL ? "killed" : "stopped", sig, strsignal(sig), received, opt.replications,
                            sig == SIGKILL ? " (from outside readysim: out of memory?)" : ""));
  }
  if (received != opt.replications)
    throw Error(fmt::format("the simulation workers stopped after {} of {} replications", received,
                            opt.replications));
  return out;
}

}  // namespace readysim
