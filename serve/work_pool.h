// A fixed pool of worker threads with a bounded queue: builds and signatures run here, never on
// the I/O threads. A full queue refuses new work at once (the server answers 503) rather than
// letting latency grow without bound. Thread-safe.
#ifndef PKPASS_SERVE_WORK_POOL_H_
#define PKPASS_SERVE_WORK_POOL_H_

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace pkpass::serve {

class WorkPool {
 public:
  // Starts `threads` workers; at most `queue` jobs wait beyond those running.
  WorkPool(size_t threads, size_t queue);
  // Runs the jobs already queued, then joins the workers.
  ~WorkPool();
  WorkPool(const WorkPool&) = delete;
  WorkPool& operator=(const WorkPool&) = delete;

  // Queues `job`; false when the queue is full or the pool is stopping.
  bool TrySubmit(std::function<void()> job);

  size_t threads() const { return workers_.size(); }

 private:
  void Work();

  const size_t capacity_;
  std::mutex mu_;
  std::condition_variable ready_;
  std::deque<std::function<void()>> jobs_;
  bool stopping_ = false;
  std::vector<std::thread> workers_;
};

}  // namespace pkpass::serve

#endif  // PKPASS_SERVE_WORK_POOL_H_
