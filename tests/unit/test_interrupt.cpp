// A stop asked by a signal (readysim/interrupt.hpp): the flag, the message with the replication
// counts, a signal ignored beforehand staying ignored, and the engine's two stopping points
// (run_replications before forking, write_results before the rename) leaving nothing behind.
#include <catch2/catch.hpp>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include "readysim/interrupt.hpp"
#include "readysim/results.hpp"
#include "readysim/run.hpp"
#include "readysim/scenario.hpp"

using namespace readysim;
namespace fs = std::filesystem;

namespace {

// The handler a signal has now.
void (*handler_of(int sig))(int) {
  struct sigaction now {};
  sigaction(sig, nullptr, &now);
  return now.sa_handler;
}

}  // namespace

TEST_CASE("interrupt: a signal inside the scope sets the flag and the message counts replications", "[interrupt]") {
  const auto before = handler_of(SIGTERM);
  {
    const InterruptScope scope;
    CHECK(interrupt_signal() == 0);
    CHECK(interrupt_fd() >= 0);
    CHECK_NOTHROW(throw_if_interrupted());
    raise(SIGTERM);  // handled: the process goes on
    CHECK(interrupt_signal() == SIGTERM);
    try {
      throw_if_interrupted();
      FAIL("no Interrupted");
    } catch (const Interrupted& e) {
      CHECK(e.exit_code() == 143);
      CHECK(std::string(e.what()) == "interrupted before the first replication; nothing written");
    }
    note_replications_planned(400);
    for (int i = 0; i < 152; ++i) note_replication_done();
    CHECK(std::string(Interrupted(SIGINT).what()) == "interrupted after 152 of 400 replications; nothing written");
    CHECK(Interrupted(SIGINT).exit_code() == 130);
  }
  CHECK(handler_of(SIGTERM) == before);  // restored
  CHECK(interrupt_fd() == -1);
  CHECK(interrupt_signal() == 0);  // outside a scope nothing is asked: later runs go on
  const InterruptScope again;      // a new scope counts afresh
  CHECK(replications_planned() == 0);
}

TEST_CASE("interrupt: a signal ignored before the scope stays ignored", "[interrupt]") {
  const auto before = signal(SIGINT, SIG_IGN);
  {
    const InterruptScope scope;
    CHECK(handler_of(SIGINT) == SIG_IGN);
    raise(SIGINT);
    CHECK(interrupt_signal() == 0);
    // What a forked child takes: ignored stays ignored, the rest (our handler) the default.
    const pid_t pid = fork();
    if (pid == 0) {
      const ChildSignals child;
      child.apply();
      _exit(handler_of(SIGINT) == SIG_IGN && handler_of(SIGTERM) == SIG_DFL ? 0 : 1);
    }
    int status = -1;
    REQUIRE(waitpid(pid, &status, 0) == pid);
    CHECK((WIFEXITED(status) && WEXITSTATUS(status) == 0));
  }
  signal(SIGINT, before);
}

TEST_CASE("interrupt: asked to stop, the engine starts nothing and writes nothing", "[interrupt]") {
  const Scenario s = load_scenario(std::string(READYSIM_SOURCE_DIR) + "/scenarios/validation/line.yaml");
  const fs::path dir = fs::temp_directory_path() / ("readysim-interrupt-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const InterruptScope scope;
  RunOptions opt;
  opt.replications = 3;
  const RunOutput run = run_replications(s, opt);  // not asked yet: runs
  CHECK(run.replications.size() == 3);
  raise(SIGINT);
  CHECK_THROWS_AS(run_replications(s, opt), Interrupted);
  ResultSet rs;
  rs.add_table("t").columns.push_back(Column{"x", "", std::vector<double>{1.0}, ""});
  const std::string out = (dir / "out.h5").string();
  CHECK_THROWS_AS(write_results(out, rs), Interrupted);
  CHECK(fs::is_empty(dir));  // neither the file nor its temporary
  fs::remove_all(dir);
}
