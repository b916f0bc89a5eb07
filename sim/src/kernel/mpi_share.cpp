// A rank's part in a shared run: batches of frames to rank 0, `done`, and rank 0's verdict.
#include "kernel/mpi_share.hpp"

#include "kernel/mpi_session.hpp"
#include "readysim/ranks.hpp"

namespace readysim {

namespace {
// A batch goes out when it is this large or this old: few messages, and rank 0 still sees
// progress (and can write the file) while the run goes on.
constexpr std::size_t kBatchBytes = std::size_t{1} << 20;
constexpr auto kBatchAge = std::chrono::milliseconds(50);
}  // namespace

RankShare::RankShare(const RunOptions& options) {
  if (options.ranks && options.ranks->size() > 1) {
    ranks_ = options.ranks;
    rank_ = ranks_->rank();
    size_ = ranks_->size();
  }
}

bool RankShare::has_work(std::int64_t replications, std::int64_t block) const {
  return static_cast<std::int64_t>(rank_) * block < replications;
}

void RankShare::send_batch() {
  if (!batch_.empty()) ranks_->send(0, RankTag::frames, std::move(batch_));
  batch_.clear();
  last_sent_ = std::chrono::steady_clock::now();
}

void RankShare::forward(std::string_view frame) { batch_.append(frame); }

void RankShare::pump(const std::function<void(std::string_view)>& on_frames, double wait_s) {
  if (alone()) return;
  if (!gathers() && !batch_.empty() &&
      (batch_.size() >= kBatchBytes || std::chrono::steady_clock::now() - last_sent_ >= kBatchAge))
    send_batch();
  // Everything that has come, then (when nothing had) one wait.
  bool any = false;
  for (;;) {
    std::optional<RankMessage> m = ranks_->next(any ? 0.0 : wait_s);
    if (!m) return;
    any = true;
    if (gathers() && m->tag == static_cast<int>(RankTag::frames)) {
      on_frames(m->bytes);
    } else if (gathers() && m->tag == static_cast<int>(RankTag::done)) {
      ++done_;
    } else if (!gathers() && m->tag == static_cast<int>(RankTag::verdict)) {
      const auto [code, text] = decode_status(m->bytes);
      if (code != 0) throw RanksStopped(code, text);
    }
  }
}

void RankShare::finish_share() {
  send_batch();
  ranks_->send(0, RankTag::done, std::string());
  for (;;) {
    std::optional<RankMessage> m = ranks_->next(0.005);
    if (!m || m->tag != static_cast<int>(RankTag::verdict)) continue;
    const auto [code, text] = decode_status(m->bytes);
    if (code != 0) throw RanksStopped(code, text);
    return;
  }
}

void RankShare::tell(int code, const std::string& message) {
  for (int r = 1; r < size_; ++r) ranks_->send(r, RankTag::verdict, encode_status(code, message));
}

void RankShare::broadcast(std::string& bytes) {
  // The verdicts first: a broadcast blocks, and a rank busy in it would not read them.
  while (ranks_->sending() > 0) rank_pause();
  ranks_->broadcast(bytes);
}

}  // namespace readysim
