#include "push/outbox.h"

#include <curl/curl.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <algorithm>
#include <set>
#include <vector>

#include "hex.h"
#include "rapidjson/document.h"
#include "rapidjson/stringbuffer.h"
#include "rapidjson/writer.h"

namespace pkpass::serve {
namespace {

constexpr size_t kClaimLimit = 16;

std::string Json(const std::function<void(rapidjson::Writer<rapidjson::StringBuffer>&)>& write) {
  rapidjson::StringBuffer out;
  rapidjson::Writer<rapidjson::StringBuffer> w(out);
  w.StartObject();
  write(w);
  w.EndObject();
  return std::string(out.GetString(), out.GetSize());
}

size_t Discard(char*, size_t size, size_t n, void*) { return size * n; }

}  // namespace

Job PushJob(std::string_view pass_id) {
  return Job{0, "push", Json([&](auto& w) {
               w.Key("pass");
               w.String(pass_id.data(), static_cast<rapidjson::SizeType>(pass_id.size()));
             }),
             0};
}

Job WebhookJob(std::string_view url, std::string_view body) {
  return Job{0, "webhook", Json([&](auto& w) {
               w.Key("url");
               w.String(url.data(), static_cast<rapidjson::SizeType>(url.size()));
               w.Key("body");
               w.String(body.data(), static_cast<rapidjson::SizeType>(body.size()));
             }),
             0};
}

std::string WebhookSignature(std::string_view secret, std::string_view timestamp, std::string_view body) {
  const std::string message = std::string(timestamp) + "." + std::string(body);
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
       reinterpret_cast<const unsigned char*>(message.data()), message.size(), mac, &size);
  return Hex(mac, size);
}

Deliveries::Deliveries(Store& store, DeliveryOptions options) : store_(store), options_(std::move(options)) {
  unsigned char id[8];
  if (RAND_bytes(id, sizeof id) != 1) std::fill(std::begin(id), std::end(id), 0);
  owner_ = Hex(id, sizeof id);
  pushes_ = std::thread([this] { Loop("push"); });
  webhooks_ = std::thread([this] { Loop("webhook"); });
}

Deliveries::~Deliveries() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  pushes_.join();
  webhooks_.join();
}

void Deliveries::Wake() {
  {
    std::lock_guard lock(mu_);
    ++wakes_;
  }
  wake_.notify_all();
}

std::int64_t Deliveries::LeaseEnd() const { return NowMs() + options_.lease.count(); }

void Deliveries::Log(std::string_view event, std::int64_t job, std::string_view detail) {
  if (!options_.log) return;
  options_.log(Json([&](auto& w) {
    w.Key("time");
    w.Int64(NowMs() / 1000);
    w.Key("outbox");
    w.String(event.data(), static_cast<rapidjson::SizeType>(event.size()));
    w.Key("job");
    w.Int64(job);
    w.Key("detail");
    w.String(detail.data(), static_cast<rapidjson::SizeType>(detail.size()));
  }));
}

void Deliveries::Loop(const std::string& kind) {
  std::unique_lock lock(mu_);
  while (!stopping_) {
    const int seen = wakes_;
    lock.unlock();
    Result<std::vector<Job>> jobs = store_.ClaimJobs(owner_, kind, NowMs(), LeaseEnd(), kClaimLimit);
    if (!jobs.ok()) Log("store", 0, jobs.status().ToString());
    const bool full = jobs.ok() && jobs->size() == kClaimLimit;
    if (jobs.ok()) {
      for (const Job& job : *jobs) {
        if (kind == "push") {
          RunPush(job);
        } else {
          RunWebhook(job);
        }
        std::lock_guard stop(mu_);
        if (stopping_) break;
      }
    }
    lock.lock();
    if (!full && !stopping_) wake_.wait_for(lock, options_.poll, [&] { return wakes_ != seen || stopping_; });
  }
}

void Deliveries::Retry(const Job& job, std::string_view payload, std::string_view why) {
  if (job.attempts + 1 >= options_.max_attempts) {
    Log("gave-up", job.id, std::string(why) + " after " + std::to_string(job.attempts + 1) + " attempts");
    (void)store_.FinishJob(job.id);
    return;
  }
  std::int64_t wait = options_.first_retry.count();
  for (std::int64_t i = 0; i < job.attempts && wait < options_.max_retry.count(); ++i) wait *= 2;
  wait = std::min<std::int64_t>(wait, options_.max_retry.count());
  Log("retry", job.id, std::string(why) + "; again in " + std::to_string(wait) + " ms");
  if (Status s = store_.RetryJob(job.id, NowMs() + wait, payload); !s.ok()) Log("store", job.id, s.ToString());
}

void Deliveries::RunPush(const Job& job) {
  rapidjson::Document doc;
  doc.Parse(job.payload.data(), job.payload.size());
  if (doc.HasParseError() || !doc.IsObject() || !doc.HasMember("pass") || !doc["pass"].IsString()) {
    Log("dropped", job.id, "a push job without a pass");
    (void)store_.FinishJob(job.id);
    return;
  }
  const std::string pass_id = doc["pass"].GetString();
  if (!options_.apns) {
    Log("dropped", job.id, "no APNs client is configured");
    (void)store_.FinishJob(job.id);
    return;
  }
  // The devices: those a retry names, else every one registered for the pass now. A token
  // shared by several registrations is pushed once.
  std::set<std::string> unique;
  if (doc.HasMember("tokens") && doc["tokens"].IsArray()) {
    for (const auto& t : doc["tokens"].GetArray()) {
      if (t.IsString()) unique.insert(t.GetString());
    }
  } else {
    Result<std::vector<Registration>> registered = store_.RegistrationsOf(pass_id);
    if (!registered.ok()) return Retry(job, job.payload, registered.status().ToString());
    for (const Registration& r : *registered) unique.insert(r.push_token);
  }
  const std::vector<std::string> tokens(unique.begin(), unique.end());
  std::vector<std::string> again;
  size_t sent = 0, dropped = 0;
  std::string why;
  for (size_t at = 0; at < tokens.size(); at += options_.push_batch) {
    const std::vector<std::string> batch(tokens.begin() + static_cast<std::ptrdiff_t>(at),
                                         tokens.begin() + static_cast<std::ptrdiff_t>(
                                                              std::min(tokens.size(), at + options_.push_batch)));
    const std::vector<PushResult> results = options_.apns->Send(batch, options_.topic);
    for (size_t i = 0; i < batch.size(); ++i) {
      const PushResult& r = results[i];
      if (r.status == 200) {
        ++sent;
      } else if (r.status == 410 ||
                 (r.status == 400 && (r.reason == "BadDeviceToken" || r.reason == "DeviceTokenNotForTopic"))) {
        ++dropped;
        if (Result<std::int64_t> d = store_.DropPushToken(batch[i]); !d.ok()) Log("store", job.id, d.status().ToString());
      } else if (r.status == 0 || r.status == 403 || r.status == 429 || r.status >= 500) {
        again.push_back(batch[i]);
        why = r.status == 0 ? r.reason : "APNs answered " + std::to_string(r.status) + " " + r.reason;
      } else {
        Log("refused", job.id, "APNs answered " + std::to_string(r.status) + " " + r.reason);
      }
    }
    Result<bool> renewed = store_.RenewJob(job.id, owner_, LeaseEnd());
    if (!renewed.ok() || !*renewed) {
      Log("lease-lost", job.id, "pass " + pass_id + ": left to the instance that holds it now");
      return;
    }
  }
  Log("pushed", job.id,
      "pass " + pass_id + ": " + std::to_string(sent) + " sent, " + std::to_string(dropped) + " unregistered, " +
          std::to_string(again.size()) + " to retry");
  if (again.empty()) {
    if (Status s = store_.FinishJob(job.id); !s.ok()) Log("store", job.id, s.ToString());
    return;
  }
  Retry(job, Json([&](auto& w) {
          w.Key("pass");
          w.String(pass_id);
          w.Key("tokens");
          w.StartArray();
          for (const std::string& t : again) w.String(t);
          w.EndArray();
        }),
        why);
}

void Deliveries::RunWebhook(const Job& job) {
  rapidjson::Document doc;
  doc.Parse(job.payload.data(), job.payload.size());
  if (doc.HasParseError() || !doc.IsObject() || !doc.HasMember("url") || !doc["url"].IsString() ||
      !doc.HasMember("body") || !doc["body"].IsString()) {
    Log("dropped", job.id, "a webhook job without url and body");
    (void)store_.FinishJob(job.id);
    return;
  }
  const std::string url = doc["url"].GetString();
  const std::string body(doc["body"].GetString(), doc["body"].GetStringLength());
  const std::string timestamp = std::to_string(NowMs() / 1000);
  curl_slist* headers = nullptr;
  headers = curl_slist_append(headers, "Content-Type: application/json");
  headers = curl_slist_append(headers, ("X-Pkpass-Event-Id: " + std::to_string(job.id)).c_str());
  headers = curl_slist_append(headers, ("X-Pkpass-Timestamp: " + timestamp).c_str());
  headers = curl_slist_append(
      headers, ("X-Pkpass-Signature: sha256=" + WebhookSignature(options_.webhook_secret, timestamp, body)).c_str());
  CURL* easy = curl_easy_init();
  curl_easy_setopt(easy, CURLOPT_URL, url.c_str());
  curl_easy_setopt(easy, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(easy, CURLOPT_POSTFIELDS, body.c_str());
  curl_easy_setopt(easy, CURLOPT_POSTFIELDSIZE, static_cast<long>(body.size()));
  curl_easy_setopt(easy, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS, static_cast<long>(options_.webhook_timeout.count()));
  curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, Discard);
  const CURLcode rc = curl_easy_perform(easy);
  long code = 0;
  curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &code);
  curl_easy_cleanup(easy);
  curl_slist_free_all(headers);
  if (rc == CURLE_OK && code >= 200 && code < 300) {
    Log("delivered", job.id, "webhook answered " + std::to_string(code));
    if (Status s = store_.FinishJob(job.id); !s.ok()) Log("store", job.id, s.ToString());
    return;
  }
  Retry(job, job.payload,
        rc == CURLE_OK ? "the webhook answered " + std::to_string(code) : std::string(curl_easy_strerror(rc)));
}

}  // namespace pkpass::serve
