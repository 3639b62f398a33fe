// pkpass-serve: the seeds' pass APIs over HTTP, on a store. Thin: flags in, the serve library
// does the work.
//
//   pkpass-serve run --store sqlite:PATH --routes ROUTES.json --wwdr F (--cert F --key F | --p12 F)
//                    [--key-pass-env VAR | --key-pass-file F] [--listen HOST:PORT] [--config FILE]
//                    [--io-threads N] [--workers N] [--queue N] [--rate R] [--burst B] [--cache-mb N]
//                    [--key-cache-seconds N] [--public-url URL] [--image-map MAP.json]
//                    [--idle-timeout-ms N] [--header-timeout-ms N] [--body-timeout-ms N]
//                    [--max-connections N] [--web-service on|off] [--push on|off] [--deliver on|off]
//                    [--apns-url URL] [--apns-ca FILE] [--apns-key KEY.p8 --apns-key-id ID
//                    [--apns-team-id ID]] [--apns-streams N] [--webhook-generated URL]
//                    [--webhook-installed URL] [--webhook-secret-env VAR | --webhook-secret-file F]
//                    [--outbox-lease-ms N] [--outbox-poll-ms N] [--retry-first-ms N]
//   pkpass-serve keys add --store S --name NAME     prints the new key, once
//   pkpass-serve keys list --store S
//   pkpass-serve keys revoke --store S ID
//   pkpass-serve migrate --store S                  creates or migrates the store's schema
#include <signal.h>

#include <algorithm>
#include <cstdio>
#include <string_view>
#include <ctime>
#include <iostream>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "api/webservice.h"
#include "app.h"
#include "http/server.h"
#include "keys.h"
#include "passes.h"
#include "pkpass/pkpass.h"
#include "push/apns.h"
#include "rapidjson/document.h"
#include "rapidjson/stringbuffer.h"
#include "rapidjson/writer.h"
#include "store/store.h"

namespace {

using pkpass::Result;
using pkpass::Status;

constexpr char kUsage[] =
    "usage: pkpass-serve run --store sqlite:PATH --routes ROUTES.json --wwdr FILE\n"
    "                        (--cert FILE --key FILE | --p12 FILE) [--key-pass-env VAR | --key-pass-file FILE]\n"
    "                        [--listen HOST:PORT] [--config FILE.json] [--io-threads N] [--workers N]\n"
    "                        [--queue N] [--rate PER_SECOND] [--burst N] [--cache-mb N]\n"
    "                        [--key-cache-seconds N] [--public-url URL] [--image-map MAP.json]\n"
    "                        [--idle-timeout-ms N] [--header-timeout-ms N] [--body-timeout-ms N]\n"
    "                        [--max-connections N] [--web-service on|off] [--push on|off] [--deliver on|off]\n"
    "                        [--apns-url URL] [--apns-ca FILE] [--apns-key KEY.p8 --apns-key-id ID\n"
    "                        [--apns-team-id ID]] [--apns-streams N] [--webhook-generated URL]\n"
    "                        [--webhook-installed URL] [--webhook-secret-env VAR | --webhook-secret-file FILE]\n"
    "                        [--outbox-lease-ms N] [--outbox-poll-ms N] [--retry-first-ms N]\n"
    "       pkpass-serve keys add --store S --name NAME\n"
    "       pkpass-serve keys list --store S\n"
    "       pkpass-serve keys revoke --store S ID\n"
    "       pkpass-serve migrate --store S\n";

// Flags as name -> value ("--store" -> "x"), and the words that are no flag.
struct Flags {
  std::map<std::string, std::string> values;
  std::vector<std::string> words;

  std::optional<std::string> Get(const std::string& name) const {
    auto it = values.find(name);
    return it == values.end() ? std::nullopt : std::optional<std::string>(it->second);
  }
};

Result<Flags> ParseFlags(int argc, char** argv, int first) {
  Flags flags;
  for (int i = first; i < argc; ++i) {
    const std::string arg = argv[i];
    if (!arg.starts_with("--")) {
      flags.words.push_back(arg);
      continue;
    }
    if (i + 1 >= argc) return Status::InvalidArgument(arg + " needs a value");
    flags.values[arg] = argv[++i];
  }
  return flags;
}

// kInvalidArgument naming the first flag (or config key) that is not one of `known`.
Status CheckFlags(const Flags& flags, const std::vector<std::string_view>& known) {
  for (const auto& [name, value] : flags.values) {
    if (std::find(known.begin(), known.end(), name) == known.end()) {
      return Status::InvalidArgument("no option " + name + " here");
    }
  }
  return Status::Ok();
}

const std::vector<std::string_view> kRunFlags = {
    "--store", "--routes", "--wwdr", "--cert", "--key", "--p12", "--key-pass-env", "--key-pass-file", "--listen",
    "--config", "--io-threads", "--workers", "--queue", "--rate", "--burst", "--cache-mb", "--key-cache-seconds",
    "--public-url", "--image-map", "--idle-timeout-ms", "--header-timeout-ms", "--body-timeout-ms",
    "--max-connections", "--web-service", "--push", "--deliver", "--apns-url", "--apns-ca", "--apns-key",
    "--apns-key-id", "--apns-team-id", "--apns-streams", "--webhook-generated", "--webhook-installed",
    "--webhook-secret-env", "--webhook-secret-file", "--outbox-lease-ms", "--outbox-poll-ms", "--retry-first-ms"};

// Adds what the JSON config file `path` gives ({"store": "...", "workers": 4, ...}) under the
// flags' names, where no flag gives it.
Status MergeConfig(Flags& flags, const std::string& path) {
  Result<std::string> text = pkpass::ReadInputPrefix(path, (1 << 20) + 1);
  if (!text.ok()) return text.status();
  if (text->size() > (1 << 20)) return Status::InvalidArgument(path + ": larger than 1 MiB");
  rapidjson::Document doc;
  doc.Parse(text->data(), text->size());
  if (doc.HasParseError() || !doc.IsObject()) return Status::InvalidArgument(path + ": not a JSON object");
  for (const auto& m : doc.GetObject()) {
    const std::string name = std::string("--") + m.name.GetString();
    std::string value;
    if (m.value.IsString()) {
      value = m.value.GetString();
    } else if (m.value.IsNumber()) {
      value = m.value.IsInt64() ? std::to_string(m.value.GetInt64()) : std::to_string(m.value.GetDouble());
    } else {
      return Status::InvalidArgument(path + ": \"" + m.name.GetString() + "\" is neither a string nor a number");
    }
    flags.values.emplace(name, value);  // a flag given on the command line wins
  }
  return Status::Ok();
}

Result<long> Number(const Flags& flags, const std::string& name, long fallback, long low, long high) {
  const std::optional<std::string> text = flags.Get(name);
  if (!text) return fallback;
  try {
    size_t used = 0;
    const long value = std::stol(*text, &used);
    if (used == text->size() && value >= low && value <= high) return value;
  } catch (const std::exception&) {
  }
  return Status::InvalidArgument(name + " takes a whole number from " + std::to_string(low) + " to " +
                                 std::to_string(high) + ", not \"" + *text + "\"");
}

Result<std::unique_ptr<pkpass::serve::Store>> OpenStoreFlag(const Flags& flags) {
  const std::optional<std::string> spec = flags.Get("--store");
  if (!spec) return Status::InvalidArgument("--store sqlite:PATH is required");
  return pkpass::serve::OpenStore(*spec);
}

Result<pkpass::Signer> LoadSigner(const Flags& flags) {
  pkpass::Signer::Files files{flags.Get("--wwdr").value_or(""), flags.Get("--cert").value_or(""),
                              flags.Get("--key").value_or(""), flags.Get("--p12").value_or(""), ""};
  if (files.wwdr.empty()) return Status::InvalidArgument("--wwdr FILE is required");
  const bool p12 = !files.p12.empty();
  if (p12 == (!files.cert.empty() || !files.key.empty())) {
    return Status::InvalidArgument("give --cert and --key, or --p12");
  }
  const std::optional<std::string> env = flags.Get("--key-pass-env");
  const std::optional<std::string> file = flags.Get("--key-pass-file");
  if (env || file) {
    Result<std::string> password = pkpass::ReadSecret(env, file);
    if (!password.ok()) return password.status();
    files.password = std::move(*password);
  }
  return pkpass::Signer::FromFiles(files);
}

std::mutex log_mu;

// One line on stderr, whole.
void LogLine(const std::string& line) {
  std::lock_guard lock(log_mu);
  std::fprintf(stderr, "%s\n", line.c_str());
}

// "on" or "off" (absent: `fallback`).
Result<bool> Switch(const Flags& flags, const std::string& name, bool fallback) {
  const std::optional<std::string> v = flags.Get(name);
  if (!v) return fallback;
  if (*v == "on" || *v == "off") return *v == "on";
  return Status::InvalidArgument(name + " takes on or off");
}

// The web service, pushes and webhooks of `options`, from the flags. The push client, when
// pushes are on, is kept in `apns`.
Status ConfigureDeliveries(const Flags& flags, const pkpass::Signer& signer,
                           std::unique_ptr<pkpass::serve::ApnsClient>& apns, pkpass::serve::AppOptions& options) {
  Result<bool> web_service = Switch(flags, "--web-service", true);
  Result<bool> push = Switch(flags, "--push", true);
  Result<bool> deliver = Switch(flags, "--deliver", true);
  Result<long> streams = Number(flags, "--apns-streams", 100, 1, 1000);
  Result<long> lease = Number(flags, "--outbox-lease-ms", 30000, 100, 3600000);
  Result<long> poll = Number(flags, "--outbox-poll-ms", 500, 10, 60000);
  Result<long> retry = Number(flags, "--retry-first-ms", 1000, 10, 3600000);
  for (const Status* st : {&web_service.status(), &push.status(), &deliver.status(), &streams.status(),
                           &lease.status(), &poll.status(), &retry.status()}) {
    if (!st->ok()) return *st;
  }
  options.web_service = *web_service;
  options.services.push = *web_service && *push;
  options.services.generated_webhook = flags.Get("--webhook-generated").value_or("");
  options.services.installed_webhook = flags.Get("--webhook-installed").value_or("");
  options.log = LogLine;
  if (!*deliver) return Status::Ok();
  pkpass::serve::DeliveryOptions delivery;
  delivery.lease = std::chrono::milliseconds(*lease);
  delivery.poll = std::chrono::milliseconds(*poll);
  delivery.first_retry = std::chrono::milliseconds(*retry);
  const std::optional<std::string> secret_env = flags.Get("--webhook-secret-env");
  const std::optional<std::string> secret_file = flags.Get("--webhook-secret-file");
  if (secret_env || secret_file) {
    Result<std::string> secret = pkpass::ReadSecret(secret_env, secret_file);
    if (!secret.ok()) return secret.status();
    delivery.webhook_secret = std::move(*secret);
  }
  const bool webhooks = !options.services.generated_webhook.empty() || !options.services.installed_webhook.empty();
  if (webhooks && delivery.webhook_secret.empty()) {
    return Status::InvalidArgument("webhooks are signed: give --webhook-secret-env VAR or --webhook-secret-file FILE");
  }
  if (options.services.push) {
    pkpass::serve::ApnsOptions apns_options;
    apns_options.url = flags.Get("--apns-url").value_or(apns_options.url);
    apns_options.ca_file = flags.Get("--apns-ca").value_or("");
    apns_options.max_streams = static_cast<size_t>(*streams);
    if (const std::optional<std::string> key = flags.Get("--apns-key")) {
      Result<std::string> pem = pkpass::ReadInputPrefix(*key, 64 * 1024);
      if (!pem.ok()) return pem.status();
      Result<pkpass::serve::ProviderToken> token = pkpass::serve::ProviderToken::Load(
          *pem, flags.Get("--apns-key-id").value_or(""), flags.Get("--apns-team-id").value_or(signer.team_identifier()));
      if (!token.ok()) return token.status();
      apns_options.token = std::make_shared<pkpass::serve::ProviderToken>(std::move(*token));
    } else {
      apns_options.signer = &signer;  // the Pass Type ID certificate: the default, needs nothing more
    }
    Result<std::unique_ptr<pkpass::serve::ApnsClient>> client = pkpass::serve::ApnsClient::Create(apns_options);
    if (!client.ok()) return client.status();
    apns = std::move(*client);
    delivery.apns = apns.get();
  }
  options.deliveries = delivery;
  return Status::Ok();
}

// One JSON line per request on stderr: never a header, so never a key, and no device's library
// identifier.
void LogRequest(const pkpass::serve::Request& head, const pkpass::serve::Response& response,
                std::chrono::microseconds took) {
  rapidjson::StringBuffer out;
  rapidjson::Writer<rapidjson::StringBuffer> w(out);
  w.StartObject();
  w.Key("time");
  w.Int64(static_cast<std::int64_t>(std::time(nullptr)));
  w.Key("peer");
  w.String(head.peer);
  w.Key("method");
  w.String(pkpass::ToValidUtf8(head.method));
  w.Key("path");
  w.String(pkpass::ToValidUtf8(pkpass::serve::LoggedPath(head.Path().substr(0, 512))));
  w.Key("status");
  w.Int(response.status);
  w.Key("bytes");
  w.Uint64(response.body.size());
  w.Key("us");
  w.Int64(took.count());
  w.EndObject();
  LogLine(out.GetString());
}

int Run(Flags flags) {
  if (const std::optional<std::string> config = flags.Get("--config")) {
    if (Status s = MergeConfig(flags, *config); !s.ok()) {
      std::cerr << "pkpass-serve: " << s.message() << "\n";
      return 2;
    }
  }
  if (Status s = CheckFlags(flags, kRunFlags); !s.ok()) {
    std::cerr << "pkpass-serve: " << s.message() << "\n" << kUsage;
    return 2;
  }
  Result<std::unique_ptr<pkpass::serve::Store>> store = OpenStoreFlag(flags);
  Result<pkpass::Signer> signer = store.ok() ? LoadSigner(flags) : Result<pkpass::Signer>(store.status());
  const std::optional<std::string> routes = flags.Get("--routes");
  if (!signer.ok()) {
    std::cerr << "pkpass-serve: " << signer.status().message() << "\n" << kUsage;
    return 2;
  }
  if (!routes) {
    std::cerr << "pkpass-serve: --routes FILE is required\n" << kUsage;
    return 2;
  }
  Result<pkpass::serve::ModelTable> models = pkpass::serve::LoadModelTable(*routes);
  if (!models.ok()) {
    std::cerr << "pkpass-serve: " << models.status().message() << "\n";
    return 2;
  }
  pkpass::serve::ServerOptions server_options;
  pkpass::serve::AppOptions app_options;
  const std::string listen = flags.Get("--listen").value_or("127.0.0.1:8080");
  const size_t colon = listen.rfind(':');
  Result<long> port = Number(Flags{{{"--port", listen.substr(colon + 1)}}, {}}, "--port", 8080, 0, 65535);
  Result<long> io = Number(flags, "--io-threads", 2, 1, 64);
  Result<long> workers = Number(flags, "--workers", 0, 0, 1024);
  Result<long> queue = Number(flags, "--queue", 0, 0, 1 << 20);
  Result<long> rate = Number(flags, "--rate", 100, 1, 1 << 20);
  Result<long> burst = Number(flags, "--burst", 100, 1, 1 << 20);
  Result<long> cache = Number(flags, "--cache-mb", 64, 0, 1 << 20);
  Result<long> key_cache = Number(flags, "--key-cache-seconds", 5, 0, 3600);
  Result<long> idle_ms = Number(flags, "--idle-timeout-ms", 60000, 100, 3600000);
  Result<long> header_ms = Number(flags, "--header-timeout-ms", 10000, 100, 600000);
  Result<long> body_ms = Number(flags, "--body-timeout-ms", 30000, 100, 600000);
  Result<long> max_connections = Number(flags, "--max-connections", 20000, 1, 1000000);
  for (const Status* s : {&port.status(), &io.status(), &workers.status(), &queue.status(), &rate.status(),
                          &burst.status(), &cache.status(), &key_cache.status(), &idle_ms.status(),
                          &header_ms.status(), &body_ms.status(), &max_connections.status()}) {
    if (!s->ok()) {
      std::cerr << "pkpass-serve: " << (s == &port.status() ? "--listen HOST:PORT: " : "") << s->message() << "\n";
      return 2;
    }
  }
  if (colon == std::string::npos) {
    std::cerr << "pkpass-serve: --listen takes HOST:PORT\n";
    return 2;
  }
  server_options.address = listen.substr(0, colon);
  if (server_options.address.starts_with('[')) server_options.address = server_options.address.substr(1, server_options.address.size() - 2);
  server_options.port = static_cast<std::uint16_t>(*port);
  server_options.io_threads = static_cast<int>(*io);
  server_options.log = LogRequest;
  server_options.idle_timeout = std::chrono::milliseconds(*idle_ms);
  server_options.header_timeout = std::chrono::milliseconds(*header_ms);
  server_options.body_timeout = std::chrono::milliseconds(*body_ms);
  server_options.write_timeout = std::chrono::milliseconds(*body_ms);
  server_options.max_connections = static_cast<size_t>(*max_connections);
  app_options.workers = static_cast<size_t>(*workers);
  app_options.queue = static_cast<size_t>(*queue);
  app_options.rate = static_cast<double>(*rate);
  app_options.burst = static_cast<double>(*burst);
  app_options.cache_bytes = static_cast<size_t>(*cache) << 20;
  app_options.key_cache = std::chrono::seconds(*key_cache);
  std::optional<pkpass::FileMapImageFetcher> fetcher;
  if (const std::optional<std::string> map = flags.Get("--image-map")) {
    Result<pkpass::FileMapImageFetcher> loaded = pkpass::FileMapImageFetcher::Load(*map);
    if (!loaded.ok()) {
      std::cerr << "pkpass-serve: " << loaded.status().message() << "\n";
      return 2;
    }
    fetcher.emplace(std::move(*loaded));
    app_options.image_fetcher = &*fetcher;
  }

  // SIGTERM and SIGINT are taken by one thread, which drains the server; every other thread
  // starts with them blocked.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  Result<std::unique_ptr<pkpass::serve::Server>> server = pkpass::serve::Server::Start(server_options);
  if (!server.ok()) {
    std::cerr << "pkpass-serve: " << server.status().message() << "\n";
    return 1;
  }
  const std::string bound = listen.substr(0, colon + 1) + std::to_string((*server)->port());
  // The links answers carry: the address clients reach (behind a proxy, --public-url).
  app_options.public_url = flags.Get("--public-url").value_or("http://" + bound);
  while (app_options.public_url.ends_with('/')) app_options.public_url.pop_back();
  std::unique_ptr<pkpass::serve::ApnsClient> apns;
  if (Status s = ConfigureDeliveries(flags, *signer, apns, app_options); !s.ok()) {
    std::cerr << "pkpass-serve: " << s.message() << "\n";
    return 2;
  }
  if (app_options.web_service && !app_options.public_url.starts_with("https://")) {
    std::fprintf(stderr,
                 "pkpass-serve: the passes' webServiceURL is %s: Wallet calls an http:// web service only on a "
                 "device whose developer settings allow HTTP services\n",
                 app_options.public_url.c_str());
  }
  pkpass::serve::App app(**store, *signer, *models, app_options);
  std::printf("pkpass-serve: listening on http://%s\n", bound.c_str());
  std::fflush(stdout);
  std::thread waiter([&] {
    int signal = 0;
    sigwait(&signals, &signal);
    (*server)->Stop(std::chrono::seconds(10));
  });
  (*server)->Run(app);
  // Run returns after a drain; a waiter still waiting is released by a signal of our own.
  pthread_kill(waiter.native_handle(), SIGTERM);
  waiter.join();
  std::fprintf(stderr, "pkpass-serve: stopped\n");
  return 0;
}

int Keys(const Flags& flags) {
  if (flags.words.empty()) {
    std::cerr << kUsage;
    return 2;
  }
  if (Status s = CheckFlags(flags, {"--store", "--name"}); !s.ok()) {
    std::cerr << "pkpass-serve: " << s.message() << "\n" << kUsage;
    return 2;
  }
  Result<std::unique_ptr<pkpass::serve::Store>> store = OpenStoreFlag(flags);
  if (!store.ok()) {
    std::cerr << "pkpass-serve: " << store.status().message() << "\n";
    return 2;
  }
  const std::string& verb = flags.words[0];
  if (verb == "add") {
    const std::optional<std::string> name = flags.Get("--name");
    if (!name || name->empty()) {
      std::cerr << "pkpass-serve: keys add needs --name NAME\n";
      return 2;
    }
    Result<std::string> key = pkpass::serve::AddApiKey(**store, *name, static_cast<std::int64_t>(std::time(nullptr)));
    if (!key.ok()) {
      std::cerr << "pkpass-serve: " << key.status().message() << "\n";
      return 1;
    }
    std::printf("%s\n", key->c_str());
    return 0;
  }
  if (verb == "list") {
    Result<std::vector<pkpass::serve::StoredKey>> keys = (*store)->ListKeys();
    if (!keys.ok()) {
      std::cerr << "pkpass-serve: " << keys.status().message() << "\n";
      return 1;
    }
    for (const auto& k : *keys) {
      std::printf("%s\t%s\t%lld\t%s\n", k.id.c_str(), k.name.c_str(), static_cast<long long>(k.created),
                  k.revoked ? "revoked" : "live");
    }
    return 0;
  }
  if (verb == "revoke" && flags.words.size() == 2) {
    Result<bool> revoked = (*store)->RevokeKey(flags.words[1]);
    if (!revoked.ok()) {
      std::cerr << "pkpass-serve: " << revoked.status().message() << "\n";
      return 1;
    }
    if (!*revoked) {
      std::cerr << "pkpass-serve: no key " << flags.words[1] << "\n";
      return 1;
    }
    return 0;
  }
  std::cerr << kUsage;
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << kUsage;
    return 2;
  }
  const std::string command = argv[1];
  Result<Flags> flags = ParseFlags(argc, argv, 2);
  if (!flags.ok()) {
    std::cerr << "pkpass-serve: " << flags.status().message() << "\n" << kUsage;
    return 2;
  }
  if (command == "run") return Run(std::move(*flags));
  if (command == "keys") return Keys(*flags);
  if (command == "migrate") {
    if (Status s = CheckFlags(*flags, {"--store"}); !s.ok()) {
      std::cerr << "pkpass-serve: " << s.message() << "\n" << kUsage;
      return 2;
    }
    Result<std::unique_ptr<pkpass::serve::Store>> store = OpenStoreFlag(*flags);
    if (!store.ok()) {
      std::cerr << "pkpass-serve: " << store.status().message() << "\n";
      return 1;
    }
    Result<int> version = (*store)->SchemaVersion();
    if (!version.ok()) {
      std::cerr << "pkpass-serve: " << version.status().message() << "\n";
      return 1;
    }
    std::printf("schema version %d\n", *version);
    return 0;
  }
  if (command == "--help" || command == "help") {
    std::cout << kUsage;
    return 0;
  }
  std::cerr << kUsage;
  return 2;
}
