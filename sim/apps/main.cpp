// readysim — command-line front end. Exit codes: 0 success, 1 runtime failure, 2 bad input or usage.
#include <fmt/format.h>

#include <iostream>

#include "commands.hpp"
#include "mpi_cli.hpp"
#include "readysim/error.hpp"
#include "readysim/ranks.hpp"
#include "readysim/version.hpp"

namespace {

int run_command(int argc, char** argv) {
  using namespace readysim;
  CLI::App app{"readysim — discrete-event simulation for emergency readiness planning"};
  app.set_version_flag("--version", fmt::format("readysim {} ({})", kVersion, kGitHash));
  app.require_subcommand(1);
  cli::Action action;
  cli::add_validate_command(app, action);
  cli::add_audit_command(app, action);
  cli::add_routes_command(app, action);
  cli::add_run_command(app, action);
  cli::add_size_command(app, action);
  cli::add_compare_command(app, action);
  cli::add_drill_command(app, action);
  cli::add_import_command(app, action);
  cli::add_report_command(app, action);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return 2;
  }
  // Under mpirun, commands other than run, compare and size run on rank 0 alone.
  if (!cli::prints_results() && !cli::shares_ranks(app)) return 0;

  try {
    const int code = action ? action() : 2;
    // A full disk or a closed pipe on stdout is a runtime failure, not a success.
    std::cout.flush();
    if (!std::cout) {
      std::cerr << "readysim: could not write to standard output (disk full or pipe closed?)\n";
      return 1;
    }
    return code;
  } catch (const RanksStopped& e) {  // mpirun: another rank failed; its message as it was
    const std::string text = e.what();
    if (!text.empty()) std::cerr << text << (text.back() == '\n' ? "" : "\n");
    return e.code();
  } catch (const ScenarioError& e) {
    for (const auto& d : e.diagnostics()) std::cerr << format_diagnostic(d) << '\n';
    std::cerr << fmt::format("readysim: {} error(s); nothing was done\n", e.diagnostics().size());
    return 2;
  } catch (const UsageError& e) {
    std::cerr << "readysim: " << e.what() << '\n';
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "readysim: " << e.what() << '\n';
    return 1;
  }
}

}  // namespace

int main(int argc, char** argv) {
  // Started by mpirun or srun: join the other ranks (MPI is not started otherwise).
  std::unique_ptr<readysim::Ranks> ranks;
  try {
    ranks = readysim::join_launcher_ranks(&argc, &argv);
  } catch (const std::exception& e) {
    std::cerr << "readysim: " << e.what() << '\n';
    return 2;
  }
  if (!ranks) return run_command(argc, argv);
  return readysim::cli::run_on_ranks(*ranks, [&] { return run_command(argc, argv); });
}
