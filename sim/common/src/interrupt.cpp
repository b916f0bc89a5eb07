// Signals as a request to stop (readysim/interrupt.hpp). The handler only stores the signal in a
// lock-free atomic and writes a byte to a non-blocking pipe (both async-signal-safe); everything
// else happens on the thread that notices the flag.
#include "readysim/interrupt.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <fmt/format.h>

#include <atomic>
#include <cerrno>
#include <cstring>

namespace readysim {

namespace {

constexpr int kSignals[3] = {SIGINT, SIGTERM, SIGHUP};

std::atomic<int> g_signal{0};
std::atomic<int> g_write_fd{-1};
std::atomic<std::int64_t> g_done{0}, g_planned{0};
static_assert(std::atomic<int>::is_always_lock_free, "the signal handler needs a lock-free flag");

// The scope's state (main thread only).
int g_pipe[2] = {-1, -1};
bool g_active = false;
struct sigaction g_previous[3];
bool g_installed[3] = {false, false, false};

extern "C" void on_stop_signal(int sig) {
  const int saved = errno;
  int expected = 0;
  if (!g_signal.compare_exchange_strong(expected, sig)) {
    // A second request while the first is handled: end now, by this signal.
    struct sigaction dfl {};
    dfl.sa_handler = SIG_DFL;
    sigemptyset(&dfl.sa_mask);
    sigaction(sig, &dfl, nullptr);
    raise(sig);  // blocked inside the handler: delivered, and fatal, when it returns
  }
  const int fd = g_write_fd.load();
  if (fd >= 0) {
    const char byte = 1;
    [[maybe_unused]] const ssize_t n = ::write(fd, &byte, 1);  // full pipe: already readable
  }
  errno = saved;
}

// After a command's scope: nothing is left to undo, end now (async-signal-safe).
extern "C" void on_late_signal(int sig) { _exit(128 + sig); }

void stop_signal_set(sigset_t& set) {
  sigemptyset(&set);
  for (int sig : kSignals) sigaddset(&set, sig);
}

}  // namespace

Interrupted::Interrupted(int signal)
    : Error(replications_planned() > 0
                ? fmt::format("interrupted after {} of {} replications; nothing written", replications_done(),
                              replications_planned())
                : std::string("interrupted before the first replication; nothing written")),
      signal_(signal) {}

InterruptScope::InterruptScope() {
  if (g_active) throw Error("internal: an InterruptScope is already active");
  if (::pipe2(g_pipe, O_NONBLOCK | O_CLOEXEC) != 0)
    throw Error(fmt::format("cannot make the pipe for signals: {}", std::strerror(errno)));
  g_signal = 0;
  g_done = 0;
  g_planned = 0;
  g_write_fd = g_pipe[1];
  g_active = true;
  for (std::size_t k = 0; k < 3; ++k) {
    g_installed[k] = false;
    if (sigaction(kSignals[k], nullptr, &g_previous[k]) != 0) continue;
    if (g_previous[k].sa_handler == SIG_IGN) continue;  // ignored by whoever started us: stays so
    struct sigaction act {};
    act.sa_handler = on_stop_signal;
    sigemptyset(&act.sa_mask);
    act.sa_flags = 0;  // no SA_RESTART: poll and waitpid return EINTR, and the flag is seen
    if (sigaction(kSignals[k], &act, nullptr) == 0) g_installed[k] = true;
  }
}

InterruptScope::~InterruptScope() {
  struct sigaction late {};
  late.sa_handler = on_late_signal;
  sigemptyset(&late.sa_mask);
  for (std::size_t k = 0; k < 3; ++k)
    if (g_installed[k]) sigaction(kSignals[k], exit_after_ ? &late : &g_previous[k], nullptr);
  g_write_fd = -1;
  g_signal = 0;  // outside a scope nothing is asked: a later run in this process goes on
  ::close(g_pipe[0]);
  ::close(g_pipe[1]);
  g_pipe[0] = g_pipe[1] = -1;
  g_active = false;
}

int interrupt_signal() noexcept { return g_signal.load(); }

void throw_if_interrupted() {
  if (const int sig = g_signal.load(); sig != 0) throw Interrupted(sig);
}

int interrupt_fd() noexcept { return g_active ? g_pipe[0] : -1; }

void note_replications_planned(std::int64_t n) noexcept { g_planned += n; }
void note_replication_done() noexcept { ++g_done; }
std::int64_t replications_done() noexcept { return g_done.load(); }
std::int64_t replications_planned() noexcept { return g_planned.load(); }

SignalBlock::SignalBlock() noexcept {
  sigset_t set;
  stop_signal_set(set);
  pthread_sigmask(SIG_BLOCK, &set, &old_);
}

SignalBlock::~SignalBlock() { pthread_sigmask(SIG_SETMASK, &old_, nullptr); }

ChildSignals::ChildSignals() noexcept {
  for (std::size_t k = 0; k < 3; ++k) {
    struct sigaction now {};
    ignored_[k] = sigaction(kSignals[k], nullptr, &now) == 0 && now.sa_handler == SIG_IGN;
  }
}

void ChildSignals::apply() const noexcept {
  for (std::size_t k = 0; k < 3; ++k) {
    struct sigaction act {};
    act.sa_handler = ignored_[k] ? SIG_IGN : SIG_DFL;
    sigemptyset(&act.sa_mask);
    sigaction(kSignals[k], &act, nullptr);
  }
  sigset_t set;
  stop_signal_set(set);
  sigprocmask(SIG_UNBLOCK, &set, nullptr);
}

}  // namespace readysim
