// The baseline readysim's kernel is measured against: the smallest SimGrid 3.32
// program of an M/M/c queue. One host, a generator actor, c persistent server actors
// taking calls from one shared mailbox. Prints one JSON line; wall time is e.run() only.
//
//   readysim_bench_mmc_baseline --servers C --arrival-rate L --service-rate M
//                               --customers N [--seed S] [--queue mailbox|semaphore]
//                               [--cfg=k:v ...] [--log=...]

#include <simgrid/s4u.hpp>

#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <string>
#include <vector>

namespace sg4 = simgrid::s4u;

namespace {

// splitmix64: tiny, self-contained, good enough for a timing baseline.
struct SplitMix64 {
  std::uint64_t state;
  std::uint64_t next()
  {
    std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
    z               = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z               = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  // Inverse CDF on u in (0, 1]: never log(0).
  double exponential(double rate)
  {
    const double u = static_cast<double>((next() >> 11) + 1) * 0x1.0p-53;
    return -std::log(u) / rate;
  }
};

struct Options {
  int servers          = 0;
  double arrival_rate  = 0;
  double service_rate  = 0;
  long customers       = 0;
  std::uint64_t seed   = 1;
  bool semaphore       = false; // --queue semaphore
  std::vector<std::string> simgrid_args; // extra --cfg= / --log= passed through
};

[[noreturn]] void usage(const char* why)
{
  std::fprintf(stderr,
               "error: %s\nusage: readysim_bench_mmc_baseline --servers C --arrival-rate L --service-rate M "
               "--customers N [--seed S] [--queue mailbox|semaphore] [--cfg=key:value ...]\n",
               why);
  std::exit(2);
}

Options parse(int argc, char** argv)
{
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a.rfind("--cfg=", 0) == 0 || a.rfind("--log=", 0) == 0) {
      o.simgrid_args.push_back(a);
      continue;
    }
    if (i + 1 >= argc)
      usage(("missing value after " + a).c_str());
    const char* v = argv[++i];
    if (a == "--servers")
      o.servers = std::atoi(v);
    else if (a == "--arrival-rate")
      o.arrival_rate = std::atof(v);
    else if (a == "--service-rate")
      o.service_rate = std::atof(v);
    else if (a == "--customers")
      o.customers = std::atol(v);
    else if (a == "--seed")
      o.seed = std::strtoull(v, nullptr, 10);
    else if (a == "--queue" && (std::string(v) == "mailbox" || std::string(v) == "semaphore"))
      o.semaphore = std::string(v) == "semaphore";
    else
      usage(("unknown option " + a).c_str());
  }
  if (o.servers < 1 || o.arrival_rate <= 0 || o.service_rate <= 0 || o.customers < 1)
    usage("--servers, --arrival-rate, --service-rate and --customers must all be positive");
  return o;
}

} // namespace

int main(int argc, char** argv)
{
  const Options opt = parse(argc, argv);

  // Settings go through argv so that they are applied before the engine initialises
  // its context factory; --log also silences the "Configuration change" INFO lines.
  std::vector<std::string> sg_args = {argv[0],
                                      "--log=root.thres:critical",
                                      "--cfg=contexts/factory:raw",
                                      "--cfg=network/model:CM02",
                                      "--cfg=network/crosstraffic:0",
                                      "--cfg=network/TCP-gamma:0"};
  sg_args.insert(sg_args.end(), opt.simgrid_args.begin(), opt.simgrid_args.end());
  std::vector<char*> sg_argv;
  for (auto& s : sg_args)
    sg_argv.push_back(s.data());
  sg_argv.push_back(nullptr);
  int sg_argc = static_cast<int>(sg_args.size());
  sg4::Engine e(&sg_argc, sg_argv.data());

  auto* zone = sg4::create_full_zone("district");
  sg4::Host* station = zone->create_host("station", 1e9);
  zone->seal();

  // A call is its arrival time; the mailbox holds pointers into this vector, which
  // outlives the run (detached sends must not point at stack memory).
  std::vector<double> arrival(static_cast<std::size_t>(opt.customers));
  double wait_sum = 0;
  long waited     = 0;
  sg4::Mailbox* calls = sg4::Mailbox::by_name("calls");
  // End marker: any non-null address (3.32 tells a sender by a non-null payload, so
  // put_init(nullptr, ...) aborts with "Cannot start a communication before specifying...").
  double end_marker = 0;
  double* const end = &end_marker;

  // The baseline's queue is the mailbox. A detached send, not put(): a blocking put
  // would stall the generator while all servers are busy and thin the arrival
  // process. A detached send sits in the mailbox until a get() matches it, in posting
  // order — that is the FIFO queue; idle servers' pending get()s are matched in their
  // own FIFO order. put_init()->detach(), not put_async()->detach(): when a server is
  // already waiting, put_async() matches at once, and detach() on a started comm aborts.
  // --queue semaphore: our own deque and a counting semaphore (FIFO wake-up), no Comm;
  // for comparison only, to show what the Comm activity costs.
  std::deque<double*> line;
  const auto ready = sg4::Semaphore::create(0);
  const auto give  = [&](double* t) {
    if (!opt.semaphore) {
      calls->put_init(t, 0)->detach();
      return;
    }
    line.push_back(t);
    ready->release();
  };
  const auto take = [&]() -> const double* {
    if (!opt.semaphore)
      return calls->get<double>();
    ready->acquire();
    double* t = line.front();
    line.pop_front();
    return t;
  };

  sg4::Actor::create("generator", station, [&] {
    SplitMix64 rng{opt.seed};
    for (auto& t : arrival) {
      sg4::this_actor::sleep_for(rng.exponential(opt.arrival_rate));
      t = sg4::Engine::get_clock();
      give(&t);
    }
    // One end marker per server, queued behind the last customer, so every customer
    // is served and e.run() returns normally (daemon servers would be killed early).
    for (int s = 0; s < opt.servers; ++s)
      give(end);
  });

  for (int s = 0; s < opt.servers; ++s)
    sg4::Actor::create("engine-" + std::to_string(s), station, [&, s] {
      SplitMix64 rng{opt.seed ^ (0xd1b54a32d192ed03ULL * static_cast<std::uint64_t>(s + 1))};
      for (const double* t; (t = take()) != end;) {
        const double w = sg4::Engine::get_clock() - *t;
        wait_sum += w;
        waited += w > 0;
        sg4::this_actor::sleep_for(rng.exponential(opt.service_rate));
      }
    });

  const auto start = std::chrono::steady_clock::now();
  e.run();
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  const auto n = static_cast<double>(opt.customers);
  std::printf("{\"customers\": %ld, \"wall_s\": %.6f, \"customers_per_s\": %.1f, \"mean_wait\": %.6f, "
              "\"p_wait\": %.6f}\n",
              opt.customers, wall, n / wall, wait_sum / n, static_cast<double>(waited) / n);
  return 0;
}
