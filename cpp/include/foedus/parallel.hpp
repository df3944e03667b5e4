// Thread-count resolution, interrupt checks and exception capture for parallel block loops.
#pragma once
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <exception>
#include <functional>
#include <mutex>
#include <stdexcept>
#include <thread>
#ifdef _OPENMP
#include <omp.h>
#endif

namespace foedus {

inline bool have_openmp() noexcept {
#ifdef _OPENMP
  return true;
#else
  return false;
#endif
}

inline int max_threads() noexcept {
#ifdef _OPENMP
  return omp_get_max_threads();
#else
  return 1;
#endif
}

// requested <= 0 means "all cores" (OpenMP's default, which honours OMP_NUM_THREADS).
inline int resolve_threads(int requested) noexcept {
#ifdef _OPENMP
  return requested <= 0 ? omp_get_max_threads() : requested;
#else
  (void)requested;
  return 1;
#endif
}

// Called periodically on the calling thread; returns true when the computation must stop
// (the binding uses it to run Python's signal handlers, so Ctrl-C stops long loops).
using InterruptCheck = std::function<bool()>;

struct Interrupted : std::exception {
  const char* what() const noexcept override { return "computation interrupted"; }
};

// Progress of the running kernel call, for a progress bar. The binding installs a sink on the
// calling thread (the only thread that runs the interrupt check); parallel_blocks, run on that
// thread, records the fraction of its chunks done just before each check, mapped into the
// current stage's span [lo, hi) of the whole call. Kernels made of several loops (a dynamic
// program's layers, a collect's segments) set the span of each loop with ProgressStage.
struct ProgressSink {
  double lo = 0.0, hi = 1.0;
  double fraction = 0.0;  // of the whole call, in [0, 1]
  void report(double part) noexcept {
    const double f = lo + (hi - lo) * std::min(1.0, std::max(0.0, part));
    if (f > fraction) fraction = f;
  }
};

inline ProgressSink*& progress_sink() noexcept {
  static thread_local ProgressSink* sink = nullptr;
  return sink;
}

// Sets the span of the current stage for the sink of the calling thread (if any).
class ProgressStage {
 public:
  ProgressStage(double lo, double hi) noexcept : sink_(progress_sink()) {
    if (!sink_) return;
    saved_lo_ = sink_->lo;
    saved_hi_ = sink_->hi;
    sink_->report(0.0);
    sink_->lo = lo;
    sink_->hi = hi;
  }
  ~ProgressStage() {
    if (!sink_) return;
    sink_->report(1.0);
    sink_->lo = saved_lo_;
    sink_->hi = saved_hi_;
  }
  ProgressStage(const ProgressStage&) = delete;
  ProgressStage& operator=(const ProgressStage&) = delete;

 private:
  ProgressSink* sink_;
  double saved_lo_ = 0.0, saved_hi_ = 1.0;
};

// Interrupt polling inside long units of a parallel loop (a unit may run for seconds): every
// unit calls poll(tid) between steps; thread 0 runs the check every 20 ms, and once it asks to
// stop, every thread throws Interrupted at its next poll.
class UnitPoller {
 public:
  explicit UnitPoller(const InterruptCheck& check) : check_(check), last_(clock::now()) {}
  // Asks every unit to stop at its next poll (parallel_blocks does this when its idle thread 0
  // sees an interrupt while other threads still run units).
  void request_stop() { stop_.store(true); }
  void poll(int tid) {
    if (stop_.load(std::memory_order_relaxed)) throw Interrupted();
    if (tid != 0 || !check_) return;
    const auto now = clock::now();
    if (now - last_ < std::chrono::milliseconds(20)) return;
    last_ = now;
    if (check_()) {
      stop_.store(true);
      throw Interrupted();
    }
  }

 private:
  using clock = std::chrono::steady_clock;
  const InterruptCheck& check_;
  clock::time_point last_;
  std::atomic<bool> stop_{false};
};

// Runs body(block, thread_index) for every block in [0, n_blocks) on n_threads threads.
// Blocks are grouped into chunks handed out dynamically; the caller keeps per-thread or
// per-block outputs so that results do not depend on the schedule. Exceptions thrown by the
// body are captured, stop the other threads and are rethrown after the parallel region.
//
// Thread 0 is the calling (Python) thread, the only one that may run the check. When it runs
// out of blocks while other threads still work, it keeps checking every 20 ms until they
// finish, and on an interrupt stops them (through `units`, for bodies polling a UnitPoller).
template <class Body>
void parallel_blocks(std::int64_t n_blocks, int n_threads, const InterruptCheck& check,
                     Body&& body, UnitPoller* units = nullptr) {
  if (n_blocks <= 0) return;
  n_threads = std::max(1, n_threads);
  const std::int64_t grain =
      std::max<std::int64_t>(1, std::min<std::int64_t>(16, n_blocks / (8 * std::int64_t(n_threads))));
  const std::int64_t n_chunks = (n_blocks + grain - 1) / grain;
  std::atomic<bool> stop{false};
  std::atomic<bool> interrupted{false};
  std::atomic<std::int64_t> done{0};
  std::exception_ptr error;
  std::mutex error_mutex;
  using clock = std::chrono::steady_clock;
  auto last_check = clock::now();
  const auto check_every = std::chrono::milliseconds(20);

  auto run_chunk = [&](std::int64_t chunk, int tid) {
    if (stop.load(std::memory_order_relaxed)) return;
    try {
      const std::int64_t b0 = chunk * grain, b1 = std::min(n_blocks, b0 + grain);
      for (std::int64_t b = b0; b < b1; ++b) body(b, tid);
    } catch (...) {
      std::lock_guard<std::mutex> lock(error_mutex);
      if (!error) error = std::current_exception();
      stop.store(true);
    }
    if (tid == 0 && check) {
      auto now = clock::now();
      if (now - last_check >= check_every) {
        last_check = now;
        if (ProgressSink* p = progress_sink()) p->report(double(done.load()) / double(n_chunks));
        if (check()) {
          interrupted.store(true);
          stop.store(true);
        }
      }
    }
  };

  // Dynamic scheduling by an atomic chunk counter: unlike `omp for`, threads leave the loop as
  // soon as `stop` is set, so an interrupt or an error ends even a loop of 2^50 blocks at once.
  std::atomic<std::int64_t> next{0};
  auto worker = [&](int tid) {
    while (!stop.load(std::memory_order_relaxed)) {
      const std::int64_t chunk = next.fetch_add(1, std::memory_order_relaxed);
      if (chunk >= n_chunks) break;
      run_chunk(chunk, tid);
      done.fetch_add(1);
    }
    if (tid != 0 || !check) return;
    // idle thread 0: keep the interrupt check alive while other threads finish their blocks
    // (yield at first, so that short loops end without a sleep's latency; sleep after 5 ms)
    const auto idle_since = clock::now();
    while (!stop.load(std::memory_order_relaxed) &&
           done.load() < std::min(next.load(), n_chunks)) {
      if (clock::now() - idle_since < std::chrono::milliseconds(5)) {
        std::this_thread::yield();
        continue;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
      const auto now = clock::now();
      if (now - last_check < check_every) continue;
      last_check = now;
      if (ProgressSink* p = progress_sink()) p->report(double(done.load()) / double(n_chunks));
      if (check()) {
        interrupted.store(true);
        stop.store(true);
        if (units) units->request_stop();
      }
    }
  };
#ifdef _OPENMP
  if (n_threads > 1 && n_chunks > 1) {
#pragma omp parallel num_threads(n_threads)
    worker(omp_get_thread_num());
  } else {
    worker(0);
  }
#else
  worker(0);
#endif
  if (error) std::rethrow_exception(error);
  if (interrupted.load()) throw Interrupted();
}

}  // namespace foedus
