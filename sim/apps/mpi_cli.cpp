// The CLI under mpirun (mpi_cli.hpp).
#include "mpi_cli.hpp"

#include <iostream>
#include <sstream>
#include <streambuf>

namespace readysim::cli {

namespace {

Ranks* g_ranks = nullptr;

// A stream buffer that drops everything: the stdout of a rank other than 0.
class NullBuffer : public std::streambuf {
 protected:
  int overflow(int c) override { return traits_type::not_eof(c); }
  std::streamsize xsputn(const char*, std::streamsize n) override { return n; }
};

}  // namespace

Ranks* command_ranks() { return g_ranks; }

bool prints_results() { return g_ranks == nullptr || g_ranks->root(); }

bool shares_ranks(const CLI::App& app) {
  for (const char* name : {"run", "compare", "size"})
    if (app.got_subcommand(name)) return true;
  return false;
}

int run_on_ranks(Ranks& ranks, const std::function<int()>& command) {
  g_ranks = &ranks;
  NullBuffer null;
  std::ostringstream err;
  std::streambuf* out_was = nullptr;
  std::streambuf* err_was = nullptr;
  if (!ranks.root()) {
    out_was = std::cout.rdbuf(&null);
    err_was = std::cerr.rdbuf(err.rdbuf());
  }
  int code = 1;
  try {
    code = command();
  } catch (...) {
    code = 1;  // the command prints its own errors; this is a last resort
  }
  std::cout.flush();
  if (!ranks.root()) {
    std::cout.rdbuf(out_was);
    std::cerr.rdbuf(err_was);
  }
  const int agreed = ranks.finish(code, ranks.root() || code == 0 ? std::string() : err.str());
  g_ranks = nullptr;
  return agreed;
}

}  // namespace readysim::cli
