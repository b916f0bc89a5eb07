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
    if (at + sizeof v > data.size()) throw Error("internal: a truncated message from another rank");
    std::memcpy(&v, data.data() + at, sizeof v);
    at += sizeof v;
    return v;
  }
  template <class T>
  std::vector<T> get_vector() {
    const auto n = get<std::uint64_t>();
    if (at + n * sizeof(T) > data.size()) throw Error("internal: a truncated message from another rank");
    std::vector<T> v(n);
    if (n > 0) std::memcpy(v.data(), data.data() + at, n * sizeof(T));
    at += n * sizeof(T);
    return v;
  }
};

void put_samples(std::string& out, const std::vector<stats::ClusteredSample>& samples) {
  put(out, static_cast<std::uint64_t>(samples.size()));
  for (const auto& s : samples) {
    put(out, static_cast<std::int32_t>(s.kind()));
    put_vector(out, s.offsets());
    put_vector(out, s.values());
  }
}

std::vector<stats::ClusteredSample> get_samples(Bytes& in) {
  std::vector<stats::ClusteredSample> out;
  const auto n = in.get<std::uint64_t>();
  for (std::uint64_t k = 0; k < n; ++k) {
    stats::ClusteredSample s(static_cast<stats::ValueKind>(in.get<std::int32_t>()));
    const auto offsets = in.get_vector<std::size_t>();
    const auto values = in.get_vector<double>();
    for (std::size_t r = 0; r + 1 < offsets.size(); ++r) {
      if (offsets[r] > offsets[r + 1] || offsets[r + 1] > values.size())
        throw Error("internal: a malformed sample from another rank");
      s.add_replication(std::vector<double>(values.begin() + static_cast<std::ptrdiff_t>(offsets[r]),
                                            values.begin() + static_cast<std::ptrdiff_t>(offsets[r + 1])));
    }
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace

bool shared_run(const RunOptions& options) { return options.ranks && options.ranks->size() > 1; }

bool holds_records(const RunOptions& options) { return !shared_run(options) || options.ranks->root(); }

std::vector<stats::ClusteredSample> samples_from_root(const RunOptions& options,
                                                      std::vector<stats::ClusteredSample> samples) {
  if (!shared_run(options)) return samples;
  std::string bytes;
  if (options.ranks->root()) put_samples(bytes, samples);
  bytes = options.ranks->from_root(std::move(bytes));
  if (options.ranks->root()) return samples;
  Bytes in{bytes};
  return get_samples(in);
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

std::vector<ScreenedConfiguration> share_out(Ranks& ranks, std::size_t count,
                                             const std::function<ScreenedConfiguration(std::size_t)>& screen) {
  const auto size = static_cast<std::size_t>(ranks.size());
  const auto rank = static_cast<std::size_t>(ranks.rank());
  std::string mine;
  for (std::size_t k = rank; k < count; k += size) {
    const ScreenedConfiguration s = screen(k);
    put_vector(mine, s.simulated_as);
    put(mine, static_cast<std::uint64_t>(s.why.size()));
    mine += s.why;
    put_samples(mine, s.samples);
  }
  const std::vector<std::string> pieces = ranks.from_every_rank(std::move(mine));
  std::vector<ScreenedConfiguration> out(count);
  for (std::size_t r = 0; r < size; ++r) {
    Bytes in{pieces[r]};
    for (std::size_t k = r; k < count; k += size) {
      out[k].simulated_as = in.get_vector<int>();
      const auto length = in.get<std::uint64_t>();
      if (length > in.data.size() - in.at) throw Error("internal: a truncated message from another rank");
      out[k].why = std::string(in.data.substr(in.at, length));
      in.at += length;
      out[k].samples = get_samples(in);
    }
  }
  return out;
}

}  // namespace readysim
