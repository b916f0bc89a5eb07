// Micro-costs of SimGrid 3.32 mechanisms the kernel chooses between, measured on one
// engine in one process (which also exercises repeated e.run()). One JSON line per
// probe; figures feed tests/bench/README.md "SimGrid notes".
//
//   readysim_bench_simgrid_probe [--events K] [--runs R]

#include <simgrid/s4u.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <functional>
#include <string>
#include <vector>

namespace sg4 = simgrid::s4u;

namespace {

double wall_of_run(const sg4::Engine& e)
{
  const auto t = std::chrono::steady_clock::now();
  e.run();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

// µs per event of a K-event pattern, minus nothing: compare lines against "sleep".
void probe(const sg4::Engine& e, const char* name, long k, const std::function<void()>& setup)
{
  setup();
  const double w = wall_of_run(e);
  std::printf("{\"probe\": \"%s\", \"events\": %ld, \"us_per_event\": %.3f, \"clock_after\": %.1f}\n", name, k,
              w / static_cast<double>(k) * 1e6, sg4::Engine::get_clock());
}

} // namespace

int main(int argc, char** argv)
{
  long k    = 200000;
  long runs = 20000;
  std::vector<std::string> sg_args = {argv[0], "--log=root.thres:critical", "--cfg=contexts/factory:raw",
                                      "--cfg=network/model:CM02", "--cfg=network/crosstraffic:0",
                                      "--cfg=network/TCP-gamma:0"};
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a.rfind("--cfg=", 0) == 0)
      sg_args.push_back(a); // e.g. --cfg=contexts/stack-size:64 to try other settings
    else if (a == "--events" && i + 1 < argc)
      k = std::atol(argv[++i]);
    else if (a == "--runs" && i + 1 < argc)
      runs = std::atol(argv[++i]);
  }
  std::vector<char*> sg_argv;
  for (auto& s : sg_args)
    sg_argv.push_back(s.data());
  sg_argv.push_back(nullptr);
  int sg_argc = static_cast<int>(sg_args.size());
  sg4::Engine e(&sg_argc, sg_argv.data());
  auto* zone   = sg4::create_full_zone("zone");
  sg4::Host* h = zone->create_host("h", 1e9);
  zone->seal();

  double token = 0; // any non-null payload
  auto* mbox   = sg4::Mailbox::by_name("m");

  // One persistent actor, one sleep per event: the floor every pattern below pays.
  probe(e, "sleep", k, [&] {
    sg4::Actor::create("a", h, [k] {
      for (long i = 0; i < k; ++i)
        sg4::this_actor::sleep_for(1);
    });
  });
  // The same plus one short-lived actor per event (actor-per-customer style).
  probe(e, "sleep+actor_create", k, [&] {
    sg4::Actor::create("spawner", h, [k, h] {
      for (long i = 0; i < k; ++i) {
        sg4::this_actor::sleep_for(1);
        sg4::Actor::create("child", h, [] { sg4::this_actor::sleep_for(0.5); });
      }
    });
  });
  // The same plus one detached mailbox message to a persistent receiver.
  probe(e, "sleep+mailbox_msg", k, [&] {
    sg4::Actor::create("sender", h, [&, k] {
      for (long i = 0; i < k; ++i) {
        sg4::this_actor::sleep_for(1);
        mbox->put_init(&token, 0)->detach();
      }
    });
    sg4::Actor::create("receiver", h, [&, k] {
      for (long i = 0; i < k; ++i)
        mbox->get<double>();
    });
  });
  // The same with our own queue and a semaphore instead of a comm.
  probe(e, "sleep+semaphore_msg", k, [&] {
    auto sem   = sg4::Semaphore::create(0);
    auto queue = std::make_shared<std::deque<long>>();
    sg4::Actor::create("producer", h, [sem, queue, k] {
      for (long i = 0; i < k; ++i) {
        sg4::this_actor::sleep_for(1);
        queue->push_back(i);
        sem->release();
      }
    });
    sg4::Actor::create("consumer", h, [sem, queue, k] {
      for (long i = 0; i < k; ++i) {
        sem->acquire();
        queue->pop_front();
      }
    });
  });

  // Repeated e.run(): R tiny simulations (one actor, one message, one sleep).
  const double clock0 = sg4::Engine::get_clock();
  double first_end = 0;
  const auto t     = std::chrono::steady_clock::now();
  for (long r = 0; r < runs; ++r) {
    sg4::Actor::create("tx", h, [&] { mbox->put_init(&token, 0)->detach(); });
    sg4::Actor::create("rx", h, [&] {
      mbox->get<double>();
      sg4::this_actor::sleep_for(1);
    });
    e.run();
    if (r == 0)
      first_end = sg4::Engine::get_clock();
  }
  const double w = std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
  std::printf("{\"probe\": \"rerun\", \"runs\": %ld, \"us_per_run\": %.3f, \"clock_before\": %.1f, "
              "\"clock_after_first\": %.1f, \"clock_after_last\": %.1f}\n",
              runs, w / static_cast<double>(runs) * 1e6, clock0, first_end, sg4::Engine::get_clock());

  // Leftovers: a detached message nobody receives survives e.run(); clear() from
  // outside a run (maestro) drops it.
  sg4::Actor::create("orphan", h, [&] { mbox->put_init(&token, 0)->detach(); });
  e.run();
  const auto left = mbox->size();
  mbox->clear();
  std::printf("{\"probe\": \"leftover\", \"mailbox_size_after_run\": %zu, \"after_clear\": %zu}\n", left,
              mbox->size());

  // Persistence: a daemon blocked in get() when the last regular actor ends is killed,
  // and so is a regular actor still blocked at the end of a run (deadlock). Either
  // way no actor outlives e.run(): replications re-create their actors.
  sg4::Actor::create("daemon", h, [&] { mbox->get<double>(); })->daemonize();
  sg4::Actor::create("regular", h, [] { sg4::this_actor::sleep_for(1); });
  e.run();
  const auto after_daemon = e.get_actor_count();
  const auto mbox_after_daemon = mbox->size();
  sg4::Actor::create("stuck", h, [&] { mbox->get<double>(); });
  e.run();
  std::printf("{\"probe\": \"persistence\", \"actors_after_daemon_run\": %zu, \"mailbox_after_daemon_run\": %zu, "
              "\"actors_after_deadlock_run\": %zu, \"mailbox_after_deadlock_run\": %zu}\n",
              after_daemon, mbox_after_daemon, e.get_actor_count(), mbox->size());
  return 0;
}
