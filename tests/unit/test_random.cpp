#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include "readysim/random.hpp"

using readysim::RandomStream;
using readysim::StreamPurpose;

namespace {

std::vector<std::uint64_t> first_words(RandomStream s, int n = 12) {
  std::vector<std::uint64_t> out;
  for (int i = 0; i < n; ++i) out.push_back(s.next_u64());
  return out;
}

}  // namespace

TEST_CASE("A zero key and counter give Random123's Philox4x64-10 known answer", "[random]") {
  // kat_vectors of Random123: philox4x64 10, counter 0, key 0. Pins the bits across libraries.
  RandomStream s(0, 0, StreamPurpose::test, 0);
  CHECK(s.next_u64() == 0x16554d9eca36314cULL);
  CHECK(s.next_u64() == 0xdb20fe9d672d0fdcULL);
  CHECK(s.next_u64() == 0xd7e772cee186176bULL);
  CHECK(s.next_u64() == 0x7e68b68aec7ba23bULL);
}

TEST_CASE("The same key gives the same bits, across block boundaries", "[random]") {
  const RandomStream a(2023, 7, StreamPurpose::ignitions, 3);
  const RandomStream b(2023, 7, StreamPurpose::ignitions, 3);
  CHECK(first_words(a, 1000) == first_words(b, 1000));
}

TEST_CASE("Each part of the key selects a different stream", "[random]") {
  const auto base = first_words(RandomStream(2023, 7, StreamPurpose::travel, 1));
  CHECK(first_words(RandomStream(2024, 7, StreamPurpose::travel, 1)) != base);
  CHECK(first_words(RandomStream(2023, 8, StreamPurpose::travel, 1)) != base);
  CHECK(first_words(RandomStream(2023, 7, StreamPurpose::flood, 1)) != base);
  CHECK(first_words(RandomStream(2023, 7, StreamPurpose::travel, 2)) != base);
  // Swapping replication and seed is a different key too.
  CHECK(first_words(RandomStream(7, 2023, StreamPurpose::travel, 1)) != base);
}

TEST_CASE("Drawing from one purpose leaves another purpose's draws unchanged", "[random]") {
  RandomStream fire(1, 4, StreamPurpose::ignitions);
  const auto expected = first_words(fire);
  RandomStream response(1, 4, StreamPurpose::response);
  for (int i = 0; i < 500; ++i) response.next_u64();  // e.g. a bigger team draws more turnouts
  CHECK(first_words(RandomStream(1, 4, StreamPurpose::ignitions)) == expected);
}

TEST_CASE("A copy continues the sequence independently of the original", "[random]") {
  RandomStream a(99, 1, StreamPurpose::behaviour);
  for (int i = 0; i < 3; ++i) a.next_u64();  // mid-block
  RandomStream copy = a;
  std::vector<std::uint64_t> from_a;
  for (int i = 0; i < 10; ++i) from_a.push_back(a.next_u64());
  CHECK(copy.position() == 3);
  CHECK(a.position() == 13);
  std::vector<std::uint64_t> from_copy;
  for (int i = 0; i < 10; ++i) from_copy.push_back(copy.next_u64());
  CHECK(from_copy == from_a);
}

TEST_CASE("uniform01 takes one word and maps it to the midpoint of a 2^-52 cell", "[random]") {
  RandomStream s(5, 0, StreamPurpose::test);
  RandomStream twin(5, 0, StreamPurpose::test);
  for (int i = 0; i < 100; ++i) {
    const double u = s.uniform01();
    CHECK(u == (static_cast<double>(twin.next_u64() >> 12) + 0.5) * 0x1.0p-52);
  }
  CHECK(s.position() == 100);
}

TEST_CASE("uniform01 lies in (0, 1) and is uniform", "[random]") {
  // Extremes of the map: (0 + 0.5)·2^-52 > 0 and (2^52 - 1 + 0.5)·2^-52 = 1 - 2^-53 < 1, both exact.
  CHECK((0.0 + 0.5) * 0x1.0p-52 > 0.0);
  CHECK((0x1.0p52 - 1 + 0.5) * 0x1.0p-52 < 1.0);

  constexpr int n = 1'000'000;
  RandomStream s(11, 3, StreamPurpose::test);
  double lo = 1, hi = 0, sum = 0;
  int below_tenth = 0;
  for (int i = 0; i < n; ++i) {
    const double u = s.uniform01();
    lo = std::min(lo, u);
    hi = std::max(hi, u);
    sum += u;
    below_tenth += u < 0.1;
  }
  CHECK(lo > 0.0);
  CHECK(hi < 1.0);
  // Mean of U(0,1): variance 1/12; 4-sigma bound on the sample mean.
  CHECK(std::abs(sum / n - 0.5) <= 4 * std::sqrt(1.0 / 12 / n));
  // Count below 0.1 is Binomial(n, 0.1).
  CHECK(std::abs(below_tenth / double(n) - 0.1) <= 4 * std::sqrt(0.1 * 0.9 / n));
}
