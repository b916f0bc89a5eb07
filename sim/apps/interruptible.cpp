#include "interruptible.hpp"

#include <unistd.h>

#include <iostream>

#include "readysim/interrupt.hpp"

namespace readysim::cli {

namespace {

// Ends a progress bar's line on a terminal, so that the message starts at the left.
void end_progress_line() {
  if (isatty(STDERR_FILENO)) std::cerr << '\n';
}

}  // namespace

int run_interruptible(const std::function<int()>& command) {
  InterruptScope scope;
  scope.exit_after();  // what the command wrote is complete once it returns
  int code = 0;
  try {
    code = command();
  } catch (const Interrupted& e) {
    std::cout.flush();
    end_progress_line();
    std::cerr << "readysim: " << e.what() << '\n';
    return e.exit_code();
  }
  if (const int sig = interrupt_signal(); sig != 0) {
    // The stop came after the last point that could still undo the command: it finished.
    std::cout.flush();
    end_progress_line();
    std::cerr << "readysim: interrupted after the command had finished; what it wrote is complete\n";
    return 128 + sig;
  }
  return code;
}

}  // namespace readysim::cli
