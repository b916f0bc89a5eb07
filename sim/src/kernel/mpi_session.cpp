// How the ranks of one command end together (readysim/ranks.hpp): every rank says how it left
// its command (`final`), rank 0 tells every rank the one exit code (`end`). A rank that fails
// while the others wait for it inside a run is heard there: rank 0 reads its `final` early
// (Ranks::next), and a rank waiting for rank 0 reads the `end` that rank 0 sends first when it
// fails itself. Nothing here knows MPI.
#include "kernel/mpi_session.hpp"

#include <fmt/format.h>

#include <chrono>
#include <cstdint>
#include <cstring>
#include <iostream>
#include <thread>

#include "readysim/ranks.hpp"

namespace readysim {

std::string encode_status(int code, const std::string& message) {
  const std::int32_t c = code;
  std::string out(reinterpret_cast<const char*>(&c), sizeof c);
  return out + message;
}

std::pair<int, std::string> decode_status(std::string_view bytes) {
  std::int32_t c = 1;
  if (bytes.size() < sizeof c) return {1, "internal: a malformed status message from another rank"};
  std::memcpy(&c, bytes.data(), sizeof c);
  return {c, std::string(bytes.substr(sizeof c))};
}

void rank_pause() { std::this_thread::sleep_for(std::chrono::milliseconds(1)); }

std::optional<RankMessage> Ranks::next(double wait_s) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(wait_s);
  for (;;) {
    std::optional<RankMessage> m = poll();
    if (m && !root() && m->tag == static_cast<int>(RankTag::end)) {
      const auto [code, text] = decode_status(m->bytes);
      set_stopped(code);
      throw RanksStopped(code, text);
    }
    if (m && root() && m->tag == static_cast<int>(RankTag::final)) {
      // A rank left its command while rank 0 still waits for it: only an error does that.
      if (final_seen_.size() != static_cast<std::size_t>(size())) final_seen_.assign(static_cast<std::size_t>(size()), false);
      if (!final_seen_[static_cast<std::size_t>(m->from)]) ++finals_early_;
      final_seen_[static_cast<std::size_t>(m->from)] = true;
      auto [code, text] = decode_status(m->bytes);
      if (code == 0) {
        code = 1;
        text = fmt::format("readysim: internal: rank {} finished its command while rank 0 was still waiting for it "
                           "(the ranks are out of step)",
                           m->from);
      }
      failed_rank_ = m->from;
      failed_code_ = code;
      failed_message_ = text;
      throw RanksStopped(code, text);
    }
    if (m) return m;
    if (std::chrono::steady_clock::now() >= deadline) return std::nullopt;
    rank_pause();
  }
}

std::string Ranks::from_root(std::string bytes) {
  if (root()) {
    for (int r = 1; r < size(); ++r) send(r, RankTag::value, bytes);
    return bytes;
  }
  for (;;) {
    std::optional<RankMessage> m = next(0.005);
    if (m && m->tag == static_cast<int>(RankTag::value)) return std::move(m->bytes);
  }
}

std::vector<std::string> Ranks::from_every_rank(std::string bytes) {
  const auto n = static_cast<std::size_t>(size());
  std::vector<std::string> pieces(n);
  std::string all;
  if (root()) {
    pieces[0] = std::move(bytes);
    std::vector<bool> got(n, false);
    for (std::size_t missing = n - 1; missing > 0;) {
      std::optional<RankMessage> m = next(0.005);
      if (!m || m->tag != static_cast<int>(RankTag::piece) || got[static_cast<std::size_t>(m->from)]) continue;
      got[static_cast<std::size_t>(m->from)] = true;
      pieces[static_cast<std::size_t>(m->from)] = std::move(m->bytes);
      --missing;
    }
    for (const std::string& p : pieces) {
      const std::uint64_t length = p.size();
      all.append(reinterpret_cast<const char*>(&length), sizeof length);
      all += p;
    }
  } else {
    send(0, RankTag::piece, std::move(bytes));
  }
  all = from_root(std::move(all));
  std::size_t at = 0;
  for (std::size_t r = 0; r < n; ++r) {
    std::uint64_t length = 0;
    if (at + sizeof length > all.size()) throw Error("internal: a truncated message from rank 0");
    std::memcpy(&length, all.data() + at, sizeof length);
    at += sizeof length;
    if (length > all.size() - at) throw Error("internal: a truncated message from rank 0");
    pieces[r] = all.substr(at, length);
    at += length;
  }
  return pieces;
}

int Ranks::finish(int code, const std::string& message) {
  if (!root()) {
    send(0, RankTag::final, encode_status(code, message));
    while (!stopped_) {
      std::optional<RankMessage> m = poll();
      if (m && m->tag == static_cast<int>(RankTag::end)) set_stopped(decode_status(m->bytes).first);
      if (!m) rank_pause();
    }
    while (sending() > 0) {
      (void)poll();
      rank_pause();
    }
    return *stopped_;
  }
  // Rank 0 prints what it has to say at once: a failing rank 0 may have ranks waiting inside a run.
  if (!message.empty()) std::cerr << message << (message.back() == '\n' ? "" : "\n");
  int agreed = code;
  if (failed_rank_ && agreed == 0) agreed = failed_code_;
  if (final_seen_.size() != static_cast<std::size_t>(size())) final_seen_.assign(static_cast<std::size_t>(size()), false);
  const auto tell_everyone = [&](int c) {
    for (int r = 1; r < size(); ++r) send(r, RankTag::end, encode_status(c, ""));
  };
  if (agreed != 0) tell_everyone(agreed);  // ranks inside a run stop there
  std::size_t missing = 0;
  for (int r = 1; r < size(); ++r) missing += final_seen_[static_cast<std::size_t>(r)] ? 0 : 1;
  std::string first_other;  // the first other rank's message, when rank 0 itself succeeded
  while (missing > 0) {
    std::optional<RankMessage> m = poll();
    if (!m) {
      rank_pause();
      continue;
    }
    if (m->tag != static_cast<int>(RankTag::final) || final_seen_[static_cast<std::size_t>(m->from)]) continue;
    final_seen_[static_cast<std::size_t>(m->from)] = true;
    --missing;
    const auto [c, text] = decode_status(m->bytes);
    if (code == 0 && c != 0 && first_other.empty()) {
      first_other = text.empty() ? fmt::format("readysim: rank {} failed", m->from) : text;
      if (agreed == 0) agreed = c;
    }
  }
  if (!first_other.empty()) std::cerr << first_other << (first_other.back() == '\n' ? "" : "\n");
  if (code == 0 && failed_rank_ && first_other.empty())
    std::cerr << failed_message_ << (failed_message_.back() == '\n' ? "" : "\n");
  if (code == 0 || agreed != code) tell_everyone(agreed);
  while (sending() > 0) {
    (void)poll();
    rank_pause();
  }
  return agreed;
}

}  // namespace readysim
