// readysim::mpi — the ranks of an MPI launcher (readysim/ranks.hpp) on MPI point-to-point
// messages and one broadcast. The only file that includes <mpi.h>; the CLI alone links it.
//
// MPI is started only when a launcher started this process (its environment says so), so a
// plain `readysim run` does not pay Open MPI's singleton start (0.7 s measured here). Every send
// is non-blocking and every wait polls with a short sleep (Ranks::next): a blocking MPI call
// spins a core, which the rank's forked workers need. The forked workers never call MPI; they
// leave with _exit, so no MPI state is torn down twice. Only the main thread calls MPI (the
// results writer runs on a thread of its own but never touches it): MPI_THREAD_FUNNELED.
#include <dlfcn.h>
#include <unistd.h>

#include <fmt/format.h>

#include <cstdint>
#include <cstdlib>
#include <list>
#include <string>

#include "kernel/mpi_session.hpp"
#include "readysim/ranks.hpp"

#if READYSIM_HAVE_MPI
#include <mpi.h>
#endif

namespace readysim {

bool started_by_launcher() {
  if (const char* off = std::getenv("READYSIM_MPI"); off && std::string(off) == "0") return false;
  // Open MPI's mpirun; PMIx launchers (srun --mpi=pmix, prun); PMI-1/2 (srun --mpi=pmi2, hydra).
  for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_SIZE", "PMI_RANK"})
    if (std::getenv(name)) return true;
  return false;
}

#if READYSIM_HAVE_MPI

namespace {

void check(int rc, const char* what) {
  if (rc == MPI_SUCCESS) return;
  char text[MPI_MAX_ERROR_STRING];
  int len = 0;
  MPI_Error_string(rc, text, &len);
  throw Error(fmt::format("MPI: {} failed: {}", what, std::string(text, static_cast<std::size_t>(len))));
}

// SimGrid's SMPI defines the MPI functions too; if the executable's libraries were in the wrong
// order, the calls would land there (and abort). Say so instead.
void check_mpi_library() {
  Dl_info info{};
  if (dladdr(reinterpret_cast<void*>(&MPI_Init_thread), &info) == 0 || !info.dli_fname) return;
  const std::string library = info.dli_fname;
  if (library.find("simgrid") != std::string::npos)
    throw Error(fmt::format("MPI_Init_thread resolves to {} (SimGrid's SMPI), not to the MPI library: link the MPI "
                            "library before SimGrid (sim/CMakeLists.txt)",
                            library));
}

class MpiRanks final : public Ranks {
 public:
  MpiRanks(int* argc, char*** argv) {
    check_mpi_library();
    int provided = 0;
    check(MPI_Init_thread(argc, argv, MPI_THREAD_FUNNELED, &provided), "MPI_Init_thread");
    // Errors come back as codes (turned into readysim::Error), not as an abort inside MPI.
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
    check(MPI_Comm_rank(MPI_COMM_WORLD, &rank_), "MPI_Comm_rank");
    check(MPI_Comm_size(MPI_COMM_WORLD, &size_), "MPI_Comm_size");
    char host[256] = {};
    gethostname(host, sizeof host - 1);
    where_ = fmt::format("{}:{}", host, getpid());
  }

  ~MpiRanks() override {
    // Whatever is still being sent goes first (finish() waits for it; this is for a throw).
    for (int i = 0; i < 5000 && sending() > 0; ++i) rank_pause();
    for (auto& s : sends_) MPI_Request_free(&s.request);
    MPI_Finalize();
  }

  int rank() const override { return rank_; }
  int size() const override { return size_; }
  std::string where() const override { return where_; }

  void send(int to, RankTag tag, std::string bytes) override {
    if (bytes.size() > static_cast<std::size_t>(INT32_MAX))
      throw Error(fmt::format("MPI: a message of {} bytes is too large", bytes.size()));
    sends_.push_back({std::move(bytes), MPI_REQUEST_NULL});
    Pending& p = sends_.back();
    check(MPI_Isend(p.bytes.data(), static_cast<int>(p.bytes.size()), MPI_BYTE, to, static_cast<int>(tag),
                    MPI_COMM_WORLD, &p.request),
          "MPI_Isend");
  }

  std::size_t sending() override {
    for (auto it = sends_.begin(); it != sends_.end();) {
      int done = 0;
      check(MPI_Test(&it->request, &done, MPI_STATUS_IGNORE), "MPI_Test");
      it = done ? sends_.erase(it) : std::next(it);
    }
    return sends_.size();
  }

  std::optional<RankMessage> poll() override {
    (void)sending();
    int flag = 0;
    MPI_Status status;
    check(MPI_Iprobe(MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, &flag, &status), "MPI_Iprobe");
    if (!flag) return std::nullopt;
    int count = 0;
    check(MPI_Get_count(&status, MPI_BYTE, &count), "MPI_Get_count");
    RankMessage m{status.MPI_SOURCE, status.MPI_TAG, std::string(static_cast<std::size_t>(count), '\0')};
    check(MPI_Recv(m.bytes.data(), count, MPI_BYTE, status.MPI_SOURCE, status.MPI_TAG, MPI_COMM_WORLD,
                   MPI_STATUS_IGNORE),
          "MPI_Recv");
    return m;
  }

  void broadcast(std::string& bytes) override {
    std::uint64_t n = bytes.size();
    check(MPI_Bcast(&n, 1, MPI_UINT64_T, 0, MPI_COMM_WORLD), "MPI_Bcast");
    bytes.resize(n);
    constexpr std::uint64_t kPiece = std::uint64_t{1} << 30;
    for (std::uint64_t at = 0; at < n; at += kPiece)
      check(MPI_Bcast(bytes.data() + at, static_cast<int>(std::min(kPiece, n - at)), MPI_BYTE, 0, MPI_COMM_WORLD),
            "MPI_Bcast");
  }

 private:
  struct Pending {
    std::string bytes;
    MPI_Request request;
  };
  int rank_ = 0;
  int size_ = 1;
  std::string where_;
  std::list<Pending> sends_;  // a list: the buffers stay put while MPI reads them
};

}  // namespace

std::unique_ptr<Ranks> join_launcher_ranks(int* argc, char*** argv) {
  if (!started_by_launcher()) return nullptr;
  return std::make_unique<MpiRanks>(argc, argv);
}

#else

std::unique_ptr<Ranks> join_launcher_ranks(int*, char***) {
  if (!started_by_launcher()) return nullptr;
  const char* size = std::getenv("OMPI_COMM_WORLD_SIZE");
  if (size && std::string(size) == "1") return nullptr;  // one rank: nothing to share
  throw UsageError(
      "this readysim was built without MPI (READYSIM_MPI=OFF) but started by an MPI launcher: every rank would "
      "run the whole command; rebuild with libopenmpi-dev installed, or run it without mpirun (READYSIM_MPI=0 "
      "runs each rank on its own)");
}

#endif

}  // namespace readysim
