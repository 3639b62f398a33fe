// The outbox's worker: takes due jobs from the store (store.h: Job) under a lease and does them,
// so that every push and webhook a change owes is done at least once, by one instance at a
// time, across restarts. A push job sends the pass-update push to every device registered for
// its pass (APNs answers 410 or BadDeviceToken: the registration goes; 429, 5xx or no answer:
// those devices again later); a webhook job POSTs its body, signed, until the receiver answers
// 2xx. Each retry waits twice as long as the one before. Pushes and webhooks have a thread each,
// so that a slow webhook receiver never holds up a push.
#ifndef PKPASS_SERVE_PUSH_OUTBOX_H_
#define PKPASS_SERVE_PUSH_OUTBOX_H_

#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>

#include "push/apns.h"
#include "store/store.h"

namespace pkpass::serve {

// The job that pushes pass `pass_id`'s update to its devices.
Job PushJob(std::string_view pass_id);
// The job that POSTs `body` (JSON) to `url`.
Job WebhookJob(std::string_view url, std::string_view body);

// The webhook signature: hex HMAC-SHA256 under `secret` of "TIMESTAMP.BODY", sent as
// "X-Pkpass-Signature: sha256=HEX" with "X-Pkpass-Timestamp: TIMESTAMP" (seconds since the Unix
// epoch), so a receiver can check the body and refuse an old replay.
std::string WebhookSignature(std::string_view secret, std::string_view timestamp, std::string_view body);

struct DeliveryOptions {
  std::string topic;               // the pass type identifier: the pushes' apns-topic
  ApnsClient* apns = nullptr;      // not owned; null: push jobs are dropped, with a log line
  std::string webhook_secret;      // the HMAC key of webhook signatures
  std::chrono::milliseconds webhook_timeout{10000};
  std::chrono::milliseconds lease{30000};      // how long a claimed job is this instance's
  std::chrono::milliseconds poll{500};         // how often the outbox is looked at
  std::chrono::milliseconds first_retry{1000};
  std::chrono::milliseconds max_retry{300000};
  int max_attempts = 20;  // then a job is dropped, with a log line
  size_t push_batch = 1000;  // pushes between two renewals of the lease
  // One JSON line per delivery event (never a token or a secret).
  std::function<void(const std::string&)> log;
};

class Deliveries {
 public:
  // Starts the worker threads.
  Deliveries(Store& store, DeliveryOptions options);
  // Stops it after the job in hand (a job cut short is left leased, for whoever claims it next).
  ~Deliveries();
  Deliveries(const Deliveries&) = delete;
  Deliveries& operator=(const Deliveries&) = delete;

  // Looks at the outbox now rather than at the next poll: a job was just added.
  void Wake();

 private:
  // Claims and runs the jobs of `kind` until stopped.
  void Loop(const std::string& kind);
  void RunPush(const Job& job);
  void RunWebhook(const Job& job);
  // Gives `job` back for later with `payload`, or drops it after max_attempts.
  void Retry(const Job& job, std::string_view payload, std::string_view why);
  void Log(std::string_view event, std::int64_t job, std::string_view detail);
  std::int64_t LeaseEnd() const;

  Store& store_;
  DeliveryOptions options_;
  std::string owner_;
  std::mutex mu_;
  std::condition_variable wake_;
  int wakes_ = 0;  // counts Wake calls, so that each thread sees every one
  bool stopping_ = false;
  std::thread pushes_;
  std::thread webhooks_;
};

}  // namespace pkpass::serve

#endif  // PKPASS_SERVE_PUSH_OUTBOX_H_
