// The road platform (issue 16): each segment its own SimGrid link, routes of one hop, closures.
// SimGrid allows one engine per process, so every case runs its simulation in a forked child
// and reads back what it measured.
#include <catch2/catch.hpp>

#include <simgrid/s4u.hpp>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <functional>
#include <iostream>
#include <vector>

#include "platform/platform.hpp"
#include "readysim/road_graph.hpp"

using readysim::Platform;
using readysim::RoadGraph;

namespace {

// Runs `body` in a forked child and returns the numbers it reported; fails if the child failed.
std::vector<double> in_child(const std::function<void(std::vector<double>&)>& body) {
  std::cout.flush();
  std::fflush(nullptr);  // else the child's copy of unwritten output is written twice
  int fd[2];
  REQUIRE(::pipe(fd) == 0);
  const pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    ::close(fd[0]);
    int code = 0;
    try {
      std::vector<double> out;
      body(out);
      const auto n = static_cast<double>(out.size());
      code |= ::write(fd[1], &n, sizeof n) != static_cast<ssize_t>(sizeof n);
      const auto bytes = static_cast<ssize_t>(out.size() * sizeof(double));
      code |= ::write(fd[1], out.data(), static_cast<std::size_t>(bytes)) != bytes;
    } catch (...) {
      code = 1;
    }
    ::close(fd[1]);
    ::_exit(code);
  }
  ::close(fd[1]);
  std::vector<double> out;
  double n = 0;
  if (::read(fd[0], &n, sizeof n) == static_cast<ssize_t>(sizeof n)) {
    out.resize(static_cast<std::size_t>(n));
    std::size_t got = 0;
    while (got < out.size() * sizeof(double)) {
      const ssize_t r = ::read(fd[0], reinterpret_cast<char*>(out.data()) + got, out.size() * sizeof(double) - got);
      if (r <= 0) break;
      got += static_cast<std::size_t>(r);
    }
  }
  ::close(fd[0]);
  int status = 0;
  ::waitpid(child, &status, 0);
  REQUIRE((WIFEXITED(status) && WEXITSTATUS(status) == 0));
  return out;
}

// a → b twice: segment 0 takes 100 s at 0.5 veh/s, segment 1 (parallel) 50 s at 0.25 veh/s;
// segment 2 goes back b → a.
RoadGraph two_roads() {
  RoadGraph g;
  g.add_node({"a", 0, 0, 0, readysim::NodeKind::junction});
  g.add_node({"b", 1000, 0, 0, readysim::NodeKind::junction});
  g.add_segment({"slow", 0, 1, 1000, 10, 0.5, 1, "county"});
  g.add_segment({"fast", 0, 1, 1000, 20, 0.25, 1, "county"});
  g.add_segment({"back", 1, 0, 1000, 10, 0.5, 1, "county"});
  return g;
}

// Each platoon (segment, vehicles) leaves at t = 0 from its own actor; returns when each arrived
// (-1 when the hop failed).
std::vector<double> platoons(const std::vector<std::pair<readysim::SegmentIndex, double>>& runs) {
  return in_child([&](std::vector<double>& out) {
    const RoadGraph g = two_roads();
    Platform platform(g);
    out.assign(runs.size(), 0.0);
    for (std::size_t i = 0; i < runs.size(); ++i)
      simgrid::s4u::Actor::create("platoon", platform.host(0), [&, i] {
        out[i] = platform.hop(runs[i].first, runs[i].second) ? Platform::now() : -1.0;
      });
    platform.run();
  });
}

}  // namespace

TEST_CASE("platform: a platoon takes L + S/B on its own segment, parallel ones included", "[platform]") {
  // Before issue 16 both parallel segments were routed over the faster one's link (90 s each).
  const auto t = platoons({{0, 10.0}, {1, 10.0}, {2, 5.0}});
  CHECK(t[0] == Approx(100.0 + 10.0 / 0.5).epsilon(1e-9));
  CHECK(t[1] == Approx(50.0 + 10.0 / 0.25).epsilon(1e-9));
  CHECK(t[2] == Approx(100.0 + 5.0 / 0.5).epsilon(1e-9));
}

TEST_CASE("platform: platoons on one segment share its capacity, parallel segments do not", "[platform]") {
  const auto shared = platoons({{0, 10.0}, {0, 10.0}});
  CHECK(shared[0] == Approx(100.0 + 20.0 / 0.5).epsilon(1e-9));
  CHECK(shared[1] == Approx(100.0 + 20.0 / 0.5).epsilon(1e-9));
  const auto apart = platoons({{0, 10.0}, {1, 10.0}});
  CHECK(apart[0] == Approx(120.0).epsilon(1e-9));
  CHECK(apart[1] == Approx(90.0).epsilon(1e-9));
}

TEST_CASE("platform: a closed segment fails its hop, its parallel twin stays open, reset reopens it",
          "[platform]") {
  const auto out = in_child([](std::vector<double>& res) {
    const RoadGraph g = two_roads();
    Platform platform(g);
    simgrid::s4u::Actor::create("driver", platform.host(0), [&] {
      platform.set_link(0, false);
      res.push_back(platform.hop(0, 1.0) ? 1 : 0);  // closed
      res.push_back(platform.hop(1, 1.0) ? 1 : 0);  // its parallel twin is another road
      platform.set_link(1, false);
    });
    platform.run();
    res.push_back(platform.reopen_links());  // both were closed
    res.push_back(platform.reopen_links());  // nothing left to reopen
    simgrid::s4u::Actor::create("again", platform.host(0), [&] { res.push_back(platform.hop(0, 1.0) ? 1 : 0); });
    platform.run();
  });
  REQUIRE(out.size() == 5);
  CHECK(out[0] == 0);
  CHECK(out[1] == 1);
  CHECK(out[2] == 2);
  CHECK(out[3] == 0);
  CHECK(out[4] == 1);
}
