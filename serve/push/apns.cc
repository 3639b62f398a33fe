#include "push/apns.h"

#include <curl/curl.h>
#include <openssl/bio.h>
#include <openssl/ecdsa.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <mutex>

#include "rapidjson/document.h"

namespace pkpass::serve {
namespace {

constexpr size_t kMaxAnswerBytes = 4096;  // an APNs answer body is a short JSON object

std::string Base64Url(std::string_view bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(bytes.data()), static_cast<int>(bytes.size()));
  out.resize(static_cast<size_t>(n));
  while (!out.empty() && out.back() == '=') out.pop_back();
  for (char& c : out) {
    if (c == '+') c = '-';
    if (c == '/') c = '_';
  }
  return out;
}

// JSON string content: the ids are [A-Za-z0-9] in practice, but are escaped all the same.
std::string JsonString(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    if (static_cast<unsigned char>(c) < 0x20) continue;
    out += c;
  }
  return out + "\"";
}

void GlobalInit() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

size_t Collect(char* data, size_t size, size_t n, void* user) {
  auto* body = static_cast<std::string*>(user);
  const size_t bytes = size * n;
  body->append(data, std::min(bytes, kMaxAnswerBytes - std::min(body->size(), kMaxAnswerBytes)));
  return bytes;
}

// Installs the Pass Type ID identity on each new TLS connection.
CURLcode UseSigner(CURL*, void* ssl_ctx, void* signer) {
  return static_cast<const Signer*>(signer)->UseAsTlsClient(ssl_ctx).ok() ? CURLE_OK : CURLE_SSL_CERTPROBLEM;
}

std::string ReasonOf(const std::string& body) {
  rapidjson::Document doc;
  doc.Parse(body.data(), body.size());
  if (doc.HasParseError() || !doc.IsObject() || !doc.HasMember("reason") || !doc["reason"].IsString()) return "";
  return doc["reason"].GetString();
}

}  // namespace

struct ProviderToken::Key {
  EVP_PKEY* pkey = nullptr;
  ~Key() { EVP_PKEY_free(pkey); }
};

Result<ProviderToken> ProviderToken::Load(std::string_view p8_pem, std::string key_id, std::string team_id) {
  if (key_id.empty() || team_id.empty()) return Status::InvalidArgument("an APNs key needs its key id and team id");
  BIO* bio = BIO_new_mem_buf(p8_pem.data(), static_cast<int>(p8_pem.size()));
  auto key = std::make_shared<Key>();
  key->pkey = bio ? PEM_read_bio_PrivateKey(bio, nullptr, nullptr, const_cast<char*>("")) : nullptr;
  BIO_free(bio);
  if (!key->pkey || EVP_PKEY_get_base_id(key->pkey) != EVP_PKEY_EC || EVP_PKEY_get_bits(key->pkey) != 256) {
    return Status::InvalidArgument("the APNs key is not a .p8 file of a P-256 key (\"BEGIN PRIVATE KEY\")");
  }
  ProviderToken token;
  token.key_ = std::move(key);
  token.key_id_ = std::move(key_id);
  token.team_id_ = std::move(team_id);
  return token;
}

Result<std::string> ProviderToken::At(std::int64_t now) {
  if (!token_.empty() && now >= issued_ && now - issued_ < kLifetimeSeconds) return token_;
  const std::string header = "{\"alg\":\"ES256\",\"kid\":" + JsonString(key_id_) + "}";
  const std::string claims = "{\"iss\":" + JsonString(team_id_) + ",\"iat\":" + std::to_string(now) + "}";
  const std::string input = Base64Url(header) + "." + Base64Url(claims);
  EVP_MD_CTX* md = EVP_MD_CTX_new();
  unsigned char der[80];
  size_t der_size = sizeof der;
  const bool signed_ok = md && EVP_DigestSignInit(md, nullptr, EVP_sha256(), nullptr, key_->pkey) == 1 &&
                         EVP_DigestSign(md, der, &der_size, reinterpret_cast<const unsigned char*>(input.data()),
                                        input.size()) == 1;
  EVP_MD_CTX_free(md);
  if (!signed_ok) return Status::CryptoError("could not sign the APNs provider token");
  // JWS wants r and s as two 32-byte big-endian numbers, not OpenSSL's DER.
  const unsigned char* p = der;
  ECDSA_SIG* sig = d2i_ECDSA_SIG(nullptr, &p, static_cast<long>(der_size));
  if (!sig) return Status::CryptoError("could not read the provider token's signature");
  unsigned char raw[64];
  const bool converted = BN_bn2binpad(ECDSA_SIG_get0_r(sig), raw, 32) == 32 &&
                         BN_bn2binpad(ECDSA_SIG_get0_s(sig), raw + 32, 32) == 32;
  ECDSA_SIG_free(sig);
  if (!converted) return Status::CryptoError("could not encode the provider token's signature");
  token_ = input + "." + Base64Url(std::string_view(reinterpret_cast<const char*>(raw), sizeof raw));
  issued_ = now;
  return token_;
}

ApnsClient::ApnsClient(ApnsOptions options) : options_(std::move(options)) {
  GlobalInit();
  multi_ = curl_multi_init();
  curl_multi_setopt(multi_, CURLMOPT_PIPELINING, CURLPIPE_MULTIPLEX);
  curl_multi_setopt(multi_, CURLMOPT_MAX_HOST_CONNECTIONS, 1L);
  curl_multi_setopt(multi_, CURLMOPT_MAX_CONCURRENT_STREAMS, static_cast<long>(options_.max_streams));
}

ApnsClient::~ApnsClient() { curl_multi_cleanup(static_cast<CURLM*>(multi_)); }

Result<std::unique_ptr<ApnsClient>> ApnsClient::Create(ApnsOptions options) {
  if (!options.token && !options.signer) return Status::InvalidArgument("APNs needs a certificate or a token key");
  if (options.max_streams == 0) options.max_streams = 1;
  return std::unique_ptr<ApnsClient>(new ApnsClient(std::move(options)));
}

std::vector<PushResult> ApnsClient::Send(const std::vector<std::string>& tokens, const std::string& topic) {
  std::vector<PushResult> results(tokens.size());
  if (tokens.empty()) return results;
  CURLM* multi = static_cast<CURLM*>(multi_);
  curl_slist* headers = nullptr;
  headers = curl_slist_append(headers, "content-type: application/json");
  headers = curl_slist_append(headers, ("apns-topic: " + topic).c_str());
  headers = curl_slist_append(headers, "apns-priority: 10");
  if (options_.token) {
    Result<std::string> jwt = options_.token->At(std::chrono::duration_cast<std::chrono::seconds>(
                                                     std::chrono::system_clock::now().time_since_epoch())
                                                     .count());
    if (!jwt.ok()) {
      curl_slist_free_all(headers);
      for (PushResult& r : results) r.reason = jwt.status().message();
      return results;
    }
    headers = curl_slist_append(headers, ("authorization: bearer " + *jwt).c_str());
  }
  struct Transfer {
    size_t index;
    std::string url;
    std::string body;
  };
  std::vector<Transfer> transfers(tokens.size());
  size_t next = 0;
  size_t active = 0;
  auto start = [&](size_t i) {
    Transfer& t = transfers[i];
    t.index = i;
    t.url = options_.url + "/3/device/" + tokens[i];
    CURL* easy = curl_easy_init();
    curl_easy_setopt(easy, CURLOPT_URL, t.url.c_str());
    curl_easy_setopt(easy, CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_2TLS);
    curl_easy_setopt(easy, CURLOPT_PIPEWAIT, 1L);
    curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(easy, CURLOPT_POSTFIELDS, "{}");
    curl_easy_setopt(easy, CURLOPT_POSTFIELDSIZE, 2L);
    curl_easy_setopt(easy, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS, static_cast<long>(options_.timeout.count()));
    curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, Collect);
    curl_easy_setopt(easy, CURLOPT_WRITEDATA, &t.body);
    curl_easy_setopt(easy, CURLOPT_PRIVATE, &t);
    if (!options_.ca_file.empty()) curl_easy_setopt(easy, CURLOPT_CAINFO, options_.ca_file.c_str());
    if (!options_.token) {
      curl_easy_setopt(easy, CURLOPT_SSL_CTX_FUNCTION, UseSigner);
      curl_easy_setopt(easy, CURLOPT_SSL_CTX_DATA, const_cast<Signer*>(options_.signer));
    }
    curl_multi_add_handle(multi, easy);
    ++active;
  };
  while (next < tokens.size() && active < options_.max_streams) start(next++);
  while (active > 0) {
    int running = 0;
    curl_multi_perform(multi, &running);
    int left = 0;
    while (CURLMsg* msg = curl_multi_info_read(multi, &left)) {
      if (msg->msg != CURLMSG_DONE) continue;
      CURL* easy = msg->easy_handle;
      Transfer* t = nullptr;
      curl_easy_getinfo(easy, CURLINFO_PRIVATE, &t);
      PushResult& r = results[t->index];
      if (msg->data.result == CURLE_OK) {
        long code = 0;
        curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &code);
        r.status = static_cast<int>(code);
        r.reason = ReasonOf(t->body);
      } else {
        r.reason = curl_easy_strerror(msg->data.result);
      }
      curl_multi_remove_handle(multi, easy);
      curl_easy_cleanup(easy);
      --active;
      if (next < tokens.size()) start(next++);
    }
    if (active > 0) curl_multi_poll(multi, nullptr, 0, 1000, nullptr);
  }
  curl_slist_free_all(headers);
  return results;
}

bool IsPushToken(std::string_view token) {
  if (token.size() < 64 || token.size() > 200) return false;
  for (char c : token) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) return false;
  }
  return true;
}

}  // namespace pkpass::serve
