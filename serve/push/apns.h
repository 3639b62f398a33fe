// APNs: the HTTP/2 provider API that tells Wallet a pass changed. One connection, many streams
// on it (libcurl with nghttp2); the Pass Type ID certificate as the TLS client identity, or an
// ES256 provider token from a .p8 key. Not thread-safe: one delivery thread owns a client.
#ifndef PKPASS_SERVE_PUSH_APNS_H_
#define PKPASS_SERVE_PUSH_APNS_H_

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "pkpass/signer.h"
#include "pkpass/status.h"

namespace pkpass::serve {

// An ES256 JSON Web Token for APNs' token authentication: {"alg":"ES256","kid":KEY_ID} and
// {"iss":TEAM_ID,"iat":NOW}, signed with the team's .p8 key. Apple refuses a token older than an
// hour and answers 429 TooManyProviderTokenUpdates to one renewed more often than every 20
// minutes, so a token is kept for 40.
class ProviderToken {
 public:
  static constexpr std::int64_t kLifetimeSeconds = 40 * 60;

  // `p8_pem`: the key as Apple hands it out (a PKCS#8 PEM of a P-256 key). kInvalidArgument when
  // it is not one, or when the ids are empty.
  static Result<ProviderToken> Load(std::string_view p8_pem, std::string key_id, std::string team_id);

  // The token to send at `now` (seconds since the Unix epoch): the one made last, or a new one
  // when that is kLifetimeSeconds old.
  Result<std::string> At(std::int64_t now);

 private:
  struct Key;
  std::shared_ptr<Key> key_;
  std::string key_id_, team_id_;
  std::string token_;
  std::int64_t issued_ = 0;
};

struct ApnsOptions {
  // The provider API's base address; a stand-in's in tests.
  std::string url = "https://api.push.apple.com";
  // Certificates to trust for the server instead of the system's ("": the system's).
  std::string ca_file;
  // Certificate authentication: the identity that signs the passes (not owned; must outlive the
  // client). Used when `token` is not set.
  const Signer* signer = nullptr;
  // Token authentication, when set.
  std::shared_ptr<ProviderToken> token;
  // Streams in flight at once on the connection.
  size_t max_streams = 100;
  std::chrono::milliseconds timeout{30000};
};

// What APNs answered one push: its HTTP status (0 when no answer came: a transport error) and
// the "reason" of a refusal.
struct PushResult {
  int status = 0;
  std::string reason;
};

class ApnsClient {
 public:
  // kInvalidArgument when neither authentication is set.
  static Result<std::unique_ptr<ApnsClient>> Create(ApnsOptions options);
  ~ApnsClient();

  // Sends the pass-update push (payload {}, apns-topic `topic`) to each of `tokens`, at most
  // max_streams at a time, and returns each one's answer, in the order of `tokens`.
  std::vector<PushResult> Send(const std::vector<std::string>& tokens, const std::string& topic);

 private:
  explicit ApnsClient(ApnsOptions options);
  ApnsOptions options_;
  void* multi_ = nullptr;  // CURLM*
};

// Whether `token` could be an APNs device token: 64 to 200 hex digits. Anything else is refused
// at registration rather than pushed to.
bool IsPushToken(std::string_view token);

}  // namespace pkpass::serve

#endif  // PKPASS_SERVE_PUSH_APNS_H_
