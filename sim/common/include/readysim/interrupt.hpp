#pragma once
/// \file interrupt.hpp
/// Ctrl-C, SIGTERM and SIGHUP as a request to stop: while an InterruptScope is alive (the CLI's
/// long commands hold one), these signals set a flag instead of ending the process, and long
/// loops check it (interrupt_signal, throw_if_interrupted, interrupt_fd for poll). The stop then
/// unwinds as an Interrupted exception, so destructors remove temporary files and nothing is
/// written; the command exits 128 + the signal (130 for SIGINT, 143 for SIGTERM).
///
/// A signal that was ignored when the scope began stays ignored (a script's background job
/// inherits SIGINT ignored: Ctrl-C at the terminal must not reach it). A second signal while the
/// first is being handled ends the process at once, by that signal.
///
/// Forked children (the simulation's coordinator and workers) take ChildSignals: the default
/// action (they end) for every one of these signals the parent did not ignore, ignored otherwise.

#include <csignal>
#include <cstdint>

#include "readysim/error.hpp"

namespace readysim {

/// Thrown where a long computation noticed a request to stop (throw_if_interrupted). Says how far
/// the replications got: "interrupted after N of M replications; nothing written".
class Interrupted : public Error {
 public:
  /// The stop asked by `signal`, with the replication counts noted so far (note_replications_*).
  explicit Interrupted(int signal);
  /// The signal that asked to stop (SIGINT, SIGTERM, SIGHUP).
  [[nodiscard]] int signal() const noexcept { return signal_; }
  /// The exit code a command should end with: 128 + the signal (130, 143, 129).
  [[nodiscard]] int exit_code() const noexcept { return 128 + signal_; }

 private:
  int signal_;
};

/// While alive, SIGINT, SIGTERM and SIGHUP (each unless ignored when it began) set the stop flag
/// instead of ending the process; the flag and the counts start at zero. Restores the previous
/// handlers when it ends. Made once, on the main thread, around a command (not nested).
class InterruptScope {
 public:
  /// Installs the handlers; throws Error when a handler or its pipe cannot be made.
  InterruptScope();
  InterruptScope(const InterruptScope&) = delete;
  InterruptScope& operator=(const InterruptScope&) = delete;
  /// Restores the handlers the process had before (see exit_after) and clears the flag.
  ~InterruptScope();
  /// Makes the destructor install, instead of the previous handlers, ones that end the process at
  /// once with exit code 128 + the signal: for a command whose outputs are complete when the
  /// scope ends, so that a signal during the process's last moments still gives 130 or 143.
  void exit_after() noexcept { exit_after_ = true; }

 private:
  bool exit_after_ = false;
};

/// The signal that asked the process to stop since the InterruptScope began, or 0 (always 0
/// without a scope: a library caller such as Python keeps its own Ctrl-C handling).
[[nodiscard]] int interrupt_signal() noexcept;

/// Throws Interrupted when a stop was asked; for the points where a long computation may stop.
void throw_if_interrupted();

/// A file descriptor that becomes readable when a stop is asked, for poll() beside other
/// descriptors; -1 without a scope. Never read it: the flag is interrupt_signal().
[[nodiscard]] int interrupt_fd() noexcept;

/// Counts `n` more replications the process means to run (for the "N of M" of Interrupted).
void note_replications_planned(std::int64_t n) noexcept;
/// Counts one more replication received.
void note_replication_done() noexcept;
/// Replications received so far (note_replication_done).
[[nodiscard]] std::int64_t replications_done() noexcept;
/// Replications planned so far (note_replications_planned).
[[nodiscard]] std::int64_t replications_planned() noexcept;

/// Blocks SIGINT, SIGTERM and SIGHUP in the calling thread while alive: around fork(), and
/// around starting a helper thread so that it inherits them blocked (the handler then always
/// runs on the thread that polls interrupt_fd()).
class SignalBlock {
 public:
  /// Blocks them.
  SignalBlock() noexcept;
  SignalBlock(const SignalBlock&) = delete;
  SignalBlock& operator=(const SignalBlock&) = delete;
  /// Restores the thread's previous mask.
  ~SignalBlock();

 private:
  sigset_t old_;
};

/// What SIGINT, SIGTERM and SIGHUP do in a forked child: read in the child right after fork
/// (before a library such as SimGrid installs its own handlers), applied then and again after
/// such a library started. Ignored stays ignored; anything else becomes the default action.
class ChildSignals {
 public:
  /// Reads which of the signals are ignored now.
  ChildSignals() noexcept;
  /// Sets the dispositions and unblocks the signals; async-signal-safe.
  void apply() const noexcept;

 private:
  bool ignored_[3] = {false, false, false};
};

}  // namespace readysim
