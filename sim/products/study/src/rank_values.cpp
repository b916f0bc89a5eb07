// Rank 0's decisions on every rank (rank_values.hpp), as bytes through Ranks::from_root.
#include "rank_values.hpp"

#include <cstring>
#include <string>
#include <string_view>

#include "readysim/error.hpp"
#include "readysim/ranks.hpp"

namespace readysim {

namespace {

template <class T>
void put(std::string& out, const T& v) {
  out.append(reinterpret_cast<const char*>(&v), sizeof v);
}

template <class T>
void put_vector(std::string& out, const std::vector<T>& v) {
  put(out, static_cast<std::uint64_t>(v.size()));
  if (!v.empty()) out.append(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(T));
}

struct Bytes {
  std::string_view data;
  std::size_t at = 0;
  template <class T>
  T get() {
    T v{};
    if (at + sizeof v > data.size()) throw Error("internal: a truncated message from rank 0");
    std::memcpy(&v, data.data() + at, sizeof v);
    at += sizeof v;
    return v;
  }
  template <class T>
  std::vector<T> get_vector() {
    const auto n = get<std::uint64_t>();
    if (at + n * sizeof(T) > data.size()) throw Error("internal: a truncated message from rank 0");
    std::vector<T> v(n);
    if (n > 0) std::memcpy(v.data(), data.data() + at, n * sizeof(T));
    at += n * sizeof(T);
    return v;
  }
};

}  // namespace

bool shared_run(const RunOptions& options) { return options.ranks && options.ranks->size() > 1; }

bool holds_records(const RunOptions& options) { return !shared_run(options) || options.ranks->root(); }

std::vector<stats::ClusteredSample> samples_from_root(const RunOptions& options,
                                                      std::vector<stats::ClusteredSample> samples) {
  if (!shared_run(options)) return samples;
  std::string bytes;
  if (options.ranks->root()) {
    put(bytes, static_cast<std::uint64_t>(samples.size()));
    for (const auto& s : samples) {
      put(bytes, static_cast<std::int32_t>(s.kind()));
      put_vector(bytes, s.offsets());
      put_vector(bytes, s.values());
    }
  }
  bytes = options.ranks->from_root(std::move(bytes));
  if (options.ranks->root()) return samples;
  Bytes in{bytes};
  std::vector<stats::ClusteredSample> out;
  const auto n = in.get<std::uint64_t>();
  for (std::uint64_t k = 0; k < n; ++k) {
    stats::ClusteredSample s(static_cast<stats::ValueKind>(in.get<std::int32_t>()));
    const auto offsets = in.get_vector<std::size_t>();
    const auto values = in.get_vector<double>();
    for (std::size_t r = 0; r + 1 < offsets.size(); ++r)
      s.add_replication(std::vector<double>(values.begin() + static_cast<std::ptrdiff_t>(offsets[r]),
                                            values.begin() + static_cast<std::ptrdiff_t>(offsets[r + 1])));
    out.push_back(std::move(s));
  }
  return out;
}

void numbers_from_root(const RunOptions& options, std::vector<double>& values, std::int64_t& count) {
  if (!shared_run(options)) return;
  std::string bytes;
  if (options.ranks->root()) {
    put(bytes, count);
    put_vector(bytes, values);
  }
  bytes = options.ranks->from_root(std::move(bytes));
  if (options.ranks->root()) return;
  Bytes in{bytes};
  count = in.get<std::int64_t>();
  values = in.get_vector<double>();
}

}  // namespace readysim
