// The server's passes: made, changed and built through pkpass's public API, kept in the Store.
// Vendor routes turn their bodies into native overrides and call these; what comes back says
// what happened in HTTP's terms, with the diagnostics that explain a refusal. Thread-safe.
#ifndef PKPASS_SERVE_PASSES_H_
#define PKPASS_SERVE_PASSES_H_

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "pass_cache.h"
#include "pkpass/pkpass.h"
#include "store/store.h"

namespace pkpass::serve {

// The models each vendor's routes name by their own ids: vendor -> id -> model.
using ModelTable = std::map<std::string, std::map<std::string, Model, std::less<>>, std::less<>>;

// Reads a route table (JSON: {"pass2u": {"1919": "models/coffee.pass"}, ...}, folders relative to
// the table's own folder) and loads every model it names. kInvalidArgument naming the first
// problem; a model that does not load is reported with its diagnostics' text.
Result<ModelTable> LoadModelTable(const std::string& path);

// What an operation did: an HTTP status, a message for {"message": ...}, the diagnostics of a
// refusal (400 and 409), and the pass as stored afterwards.
struct Outcome {
  int status = 200;
  std::string message;
  Diagnostics diags;
  std::optional<StoredPass> pass;
  std::shared_ptr<const std::string> bytes;  // the built .pkpass, when the operation built it
};

// How a route names a pass: by its passId or by the serial its vendor's id became, within a
// vendor's passes (and one model's, when `model` is set). Empty `vendor`: any pass (the public
// download links).
struct PassRef {
  std::string vendor;
  std::string model;
  std::string id;      // the passId, or
  std::string serial;  // the serialNumber
};

// What the passes carry for Apple's web service, and what their changes owe outside.
struct PassServices {
  // The webServiceURL every built pass carries, with its own authenticationToken; "" for none.
  std::string web_service_url;
  // An update owes a push to the pass's devices (an outbox job).
  bool push = false;
  // Pass2U's webhooks: "pass generated" on create, "pass installed" on a device's first
  // registration; "" for none.
  std::string generated_webhook;
  std::string installed_webhook;
  // Called after a change added outbox jobs (may be empty).
  std::function<void()> jobs_added;
};

class Passes {
 public:
  // `fetcher` (may be null) answers images named by URL.
  Passes(Store& store, const Signer& signer, const ModelTable& models, size_t cache_bytes,
         const ImageFetcher* fetcher, PassServices services = {});
  ~Passes();

  // The model `vendor` routes name `id`, or null.
  const Model* FindModel(std::string_view vendor, std::string_view id) const;

  // Makes a pass from `overrides` (native): completes and builds it (which claims its serial and
  // barcode messages in the store), then stores it under a new passId. A pass without a serial
  // (and a model that generates none) takes its passId as serial. 201 with the pass; 400 with
  // diagnostics; 409 when its serial or a barcode message is another pass's.
  Outcome Create(std::string_view vendor, std::string_view model_id, ParsedOverrides overrides, std::int64_t now);

  // The pass `ref` names; 404 when there is none.
  Outcome Find(const PassRef& ref);

  // Changes the pass `ref` names by `change` (its stored overrides in, the new ones out, with
  // diagnostics), builds the result and stores it, retrying when another change came first. 200
  // with the pass; 404; 400 with diagnostics; 409 when the change takes another pass's value or
  // moves the serial. A change that leaves the overrides as they are stores nothing: the pass
  // keeps its tag and no push is owed.
  using Change = std::function<Result<std::string>(const std::string& overrides, Diagnostics& diags)>;
  Outcome Update(const PassRef& ref, const Change& change, std::int64_t now);

  // The .pkpass of the pass `ref` names, from the cache or built again (as the same bytes: a pass
  // is built with its update time as timestamp). 200 with bytes; 404.
  Outcome Download(const PassRef& ref);

  // Removes the pass `ref` names. 200; 404.
  Outcome Delete(const PassRef& ref);

  // The pass.json the pass `ref` names gives now (Model::Resolve, no signature). 200 with the
  // JSON in `message`; 404.
  Outcome Resolve(const PassRef& ref);

  // Keeps an uploaded image under its SHA-1; returns the hex.
  Result<std::string> PutImage(std::string_view bytes);

  // How passes are validated here: images by hash from the store, by URL from the fetcher.
  ValidateOptions Validation() const;

  const PassServices& services() const { return services_; }
  const std::string& pass_type_identifier() const;
  Store& store() { return store_; }
  // The .pkpass of `pass` (as stored), from the cache or built again.
  Outcome DownloadOf(const StoredPass& pass);

 private:
  class StoreImages;
  // Builds `overrides` (completing them: a generated serial or barcode is kept there), the pass
  // carrying the web service's URL and `auth_token`.
  Outcome Built(const Model& model, ParsedOverrides& overrides, std::int64_t timestamp,
                const std::string& auth_token);
  void JobsAdded(const std::vector<Job>& jobs) const;

  Store& store_;
  const Signer& signer_;
  const ModelTable& models_;
  std::unique_ptr<StoreImages> images_;
  const ImageFetcher* fetcher_;
  PassServices services_;
  PassCache cache_;
};

// The body of Pass2U's webhooks: {"passId": ..., TIME_KEY: ISO 8601 time `at`, "modelId": ...},
// the model id a number when it is one. TIME_KEY: "distributedAt" (pass generated) or
// "installedAt" (pass installed).
std::string EventBody(const StoredPass& pass, std::string_view time_key, std::int64_t at);

// A new authenticationToken: 32 characters of [A-Za-z0-9] from OpenSSL's CSPRNG.
Result<std::string> NewAuthToken();

// A new passId: 12 characters of [A-Za-z0-9] from OpenSSL's CSPRNG.
Result<std::string> NewPassId();

// Whether `id` could be a passId: 1 to 64 of [A-Za-z0-9_-]. Anything else is no pass (404)
// before the store is asked.
bool IsPassId(std::string_view id);

}  // namespace pkpass::serve

#endif  // PKPASS_SERVE_PASSES_H_
