#include "passes.h"

#include <openssl/rand.h>
#include <openssl/sha.h>

#include <filesystem>

#include "api/responses.h"
#include "hex.h"
#include "push/outbox.h"
#include "rapidjson/document.h"
#include "rapidjson/stringbuffer.h"
#include "rapidjson/writer.h"

namespace pkpass::serve {
namespace {

constexpr int kUpdateAttempts = 5;  // changes raced by others before 409
constexpr size_t kMaxModelTableBytes = 1 << 20;

bool HasCode(const Diagnostics& diags, std::string_view code) {
  for (const Diagnostic& d : diags) {
    if (d.severity == Severity::kError && d.code == code) return true;
  }
  return false;
}

Outcome Refusal(int status, std::string message, Diagnostics diags = {}) {
  Outcome o;
  o.status = status;
  o.message = std::move(message);
  o.diags = std::move(diags);
  return o;
}

Outcome Failure(const Status& status) { return Refusal(500, status.ToString()); }

// Why a build refused: 409 when a value belongs to another pass, else 400.
Outcome BuildRefusal(Diagnostics diags) {
  const bool taken = HasCode(diags, codes::kBarcodeDuplicate);
  return Refusal(taken ? 409 : 400, taken ? "a value of this pass belongs to another pass" : "the pass is not valid",
                 std::move(diags));
}

}  // namespace

// Images named by "hex" in overrides, read from the store.
class Passes::StoreImages : public ImageStore {
 public:
  explicit StoreImages(Store& store) : store_(store) {}
  Result<std::string> Read(std::string_view path, size_t max_bytes) const override {
    if (!path.ends_with(".png") || path.size() != 44) return Status::NotFound("no image " + std::string(path));
    Result<std::optional<std::string>> image = store_.GetImage(path.substr(0, 40));
    if (!image.ok()) return image.status();
    if (!*image) return Status::NotFound("no image " + std::string(path) + " was uploaded");
    if ((*image)->size() > max_bytes) return Status::IoError("image " + std::string(path) + " is too large");
    return std::move(**image);
  }

 private:
  Store& store_;
};

Result<ModelTable> LoadModelTable(const std::string& path) {
  Result<std::string> text = ReadInputPrefix(path, kMaxModelTableBytes + 1);
  if (!text.ok()) return text.status();
  if (text->size() > kMaxModelTableBytes) return Status::InvalidArgument(path + ": larger than 1 MiB");
  rapidjson::Document doc;
  doc.Parse<rapidjson::kParseValidateEncodingFlag>(text->data(), text->size());
  if (doc.HasParseError() || !doc.IsObject()) {
    return Status::InvalidArgument(path + ": not a JSON object of vendors");
  }
  const std::filesystem::path dir = std::filesystem::path(path).parent_path();
  ModelTable table;
  for (const auto& vendor : doc.GetObject()) {
    const std::string name = vendor.name.GetString();
    if (!vendor.value.IsObject()) return Status::InvalidArgument(path + ": \"" + name + "\" is not an object");
    if (!PayloadFormatNamed(name)) {
      return Status::InvalidArgument(path + ": \"" + name +
                                     "\" is no vendor (pass2u, airship, passcreator, eventticket)");
    }
    for (const auto& route : vendor.value.GetObject()) {
      const std::string id = route.name.GetString();
      if (!route.value.IsString() || id.empty()) {
        return Status::InvalidArgument(path + ": " + name + " \"" + id + "\" does not name a model folder");
      }
      const std::filesystem::path folder = dir / route.value.GetString();
      Diagnostics diags;
      Result<Model> model = Model::Load(folder.string(), diags);
      if (!model.ok()) {
        return Status::InvalidArgument(path + ": " + name + " model \"" + id + "\" (" + folder.string() +
                                       ") does not load: " + model.status().message() + "\n" + FormatText(diags));
      }
      table[name].emplace(id, std::move(*model));
    }
  }
  return table;
}

Passes::Passes(Store& store, const Signer& signer, const ModelTable& models, size_t cache_bytes,
               const ImageFetcher* fetcher, PassServices services)
    : store_(store), signer_(signer), models_(models), images_(std::make_unique<StoreImages>(store)),
      fetcher_(fetcher), services_(std::move(services)), cache_(cache_bytes) {}

const std::string& Passes::pass_type_identifier() const { return signer_.pass_type_identifier(); }

void Passes::JobsAdded(const std::vector<Job>& jobs) const {
  if (!jobs.empty() && services_.jobs_added) services_.jobs_added();
}

Passes::~Passes() = default;

const Model* Passes::FindModel(std::string_view vendor, std::string_view id) const {
  auto v = models_.find(vendor);
  if (v == models_.end()) return nullptr;
  auto m = v->second.find(id);
  return m == v->second.end() ? nullptr : &m->second;
}

ValidateOptions Passes::Validation() const {
  ValidateOptions options;
  options.image_store = images_.get();
  options.image_fetcher = fetcher_;
  options.allow_http_web_service = services_.web_service_url.starts_with("http://");
  return options;
}

Outcome Passes::Built(const Model& model, ParsedOverrides& overrides, std::int64_t timestamp,
                      const std::string& auth_token) {
  Outcome o;
  BuildOptions options;
  options.validate = Validation();
  options.validate.web_service_url = services_.web_service_url;
  options.validate.authentication_token = auth_token;
  options.timestamp = timestamp;
  options.issued = &store_;
  Result<std::string> bytes = model.Build(overrides, signer_, options, o.diags);
  if (!bytes.ok()) {
    if (bytes.status().code() == StatusCode::kInvalidPass) return BuildRefusal(std::move(o.diags));
    return Failure(bytes.status());
  }
  o.bytes = std::make_shared<const std::string>(std::move(*bytes));
  return o;
}

Outcome Passes::Create(std::string_view vendor, std::string_view model_id, ParsedOverrides overrides,
                       std::int64_t now) {
  const Model* model = FindModel(vendor, model_id);
  if (!model) return Refusal(404, "no model " + std::string(model_id));
  Result<std::string> id = NewPassId();
  if (!id.ok()) return Failure(id.status());
  if (!overrides.serial_number() && !model->generates_serials()) {
    Diagnostics diags;
    Result<std::string> with_serial =
        PatchOverrides(overrides.ToJson(), "{\"serialNumber\":\"" + *id + "\"}", diags);
    if (!with_serial.ok()) return Refusal(400, "the pass is not valid", std::move(diags));
    Result<ParsedOverrides> reparsed = ParsedOverrides::Parse(*with_serial, diags);
    if (!reparsed.ok()) return Refusal(400, "the pass is not valid", std::move(diags));
    overrides = std::move(*reparsed);
  }
  Result<std::string> token = NewAuthToken();
  if (!token.ok()) return Failure(token.status());
  Outcome o = Built(*model, overrides, now, *token);
  if (!o.bytes) return o;
  StoredPass pass{*id, std::string(vendor), std::string(model_id), std::string(overrides.serial_number().value_or("")),
                  overrides.ToJson(), 0, now, now, *token};
  std::vector<Job> jobs;
  if (!services_.generated_webhook.empty()) {
    jobs.push_back(WebhookJob(services_.generated_webhook, EventBody(pass, "distributedAt", now)));
  }
  Result<WriteOutcome> stored = store_.CreatePass(pass, jobs);
  if (!stored.ok()) return Failure(stored.status());
  if (*stored == WriteOutcome::kConflict) {
    return Refusal(409, "a pass with serialNumber \"" + pass.serial + "\" exists", std::move(o.diags));
  }
  cache_.Put(pass.id, pass.tag, o.bytes);
  JobsAdded(jobs);
  o.status = 201;
  o.pass = std::move(pass);
  return o;
}

Outcome Passes::Find(const PassRef& ref) {
  const std::string& name = ref.id.empty() ? ref.serial : ref.id;
  if (ref.id.empty() == ref.serial.empty() || (!ref.id.empty() && !IsPassId(ref.id))) {
    return Refusal(404, "no pass " + name);
  }
  Result<std::optional<StoredPass>> pass = ref.id.empty() ? store_.GetPassBySerial(ref.serial) : store_.GetPass(ref.id);
  if (!pass.ok()) return Failure(pass.status());
  if (!*pass || (!ref.vendor.empty() && (*pass)->vendor != ref.vendor) ||
      (!ref.model.empty() && (*pass)->model != ref.model)) {
    return Refusal(404, ref.model.empty() ? "no pass " + name : "no pass " + name + " of model " + ref.model);
  }
  Outcome o;
  o.pass = std::move(**pass);
  return o;
}

Outcome Passes::Update(const PassRef& ref, const Change& change, std::int64_t now) {
  for (int attempt = 0; attempt < kUpdateAttempts; ++attempt) {
    Outcome current = Find(ref);
    if (!current.pass) return current;
    StoredPass& pass = *current.pass;
    const Model* model = FindModel(pass.vendor, pass.model);
    if (!model) return Refusal(404, "no model " + pass.model);
    Diagnostics diags;
    Result<std::string> changed = change(pass.overrides, diags);
    if (!changed.ok()) {
      const bool absent = HasCode(diags, codes::kResetAbsent);
      return Refusal(absent ? 404 : 400, absent ? "the pass has no such value to reset" : "the change is not valid",
                     std::move(diags));
    }
    Result<ParsedOverrides> parsed = ParsedOverrides::Parse(*changed, diags);
    if (!parsed.ok()) return Refusal(400, "the change is not valid", std::move(diags));
    if (parsed->ToJson() == pass.overrides) {
      // Nothing changes: no new tag and no push, so that Wallet is never sent to fetch a pass
      // only to find it "unchanged".
      Outcome same;
      same.pass = std::move(pass);
      return same;
    }
    // Wallet asks with If-Modified-Since, at whole seconds: each version gets a later second.
    const std::int64_t updated = std::max(now, pass.updated + 1);
    Outcome o = Built(*model, *parsed, updated, pass.auth_token);
    if (!o.bytes) return o;
    if (parsed->serial_number().value_or("") != pass.serial) {
      return Refusal(409, "an update cannot change a pass's serialNumber (\"" + pass.serial + "\")");
    }
    std::string overrides = parsed->ToJson();
    std::int64_t tag = 0;
    std::vector<Job> jobs;
    if (services_.push) jobs.push_back(PushJob(pass.id));
    Result<WriteOutcome> stored = store_.UpdatePass(pass.id, pass.tag, overrides, updated, jobs, tag);
    if (!stored.ok()) return Failure(stored.status());
    if (*stored == WriteOutcome::kNotFound) return Refusal(404, "no pass " + pass.id);
    if (*stored == WriteOutcome::kConflict) continue;
    pass.overrides = std::move(overrides);
    pass.tag = tag;
    pass.updated = updated;
    cache_.Put(pass.id, tag, o.bytes);
    JobsAdded(jobs);
    o.pass = std::move(pass);
    return o;
  }
  return Refusal(409, "the pass was changed by other requests meanwhile; try again");
}

Outcome Passes::Download(const PassRef& ref) {
  Outcome o = Find(ref);
  if (!o.pass) return o;
  return DownloadOf(*o.pass);
}

Outcome Passes::DownloadOf(const StoredPass& pass) {
  Outcome o;
  o.pass = pass;
  o.bytes = cache_.Get(o.pass->id, o.pass->tag);
  if (o.bytes) return o;
  const Model* model = FindModel(o.pass->vendor, o.pass->model);
  if (!model) return Refusal(404, "no model " + o.pass->model);
  Diagnostics diags;
  Result<ParsedOverrides> parsed = ParsedOverrides::Parse(o.pass->overrides, diags);
  if (!parsed.ok()) return Failure(Status::Internal("stored overrides of " + o.pass->id + " do not parse"));
  Outcome built = Built(*model, *parsed, o.pass->updated, o.pass->auth_token);
  if (!built.bytes) return built;
  cache_.Put(o.pass->id, o.pass->tag, built.bytes);
  o.bytes = std::move(built.bytes);
  return o;
}

Outcome Passes::Delete(const PassRef& ref) {
  Outcome o = Find(ref);
  if (!o.pass) return o;
  Result<bool> deleted = store_.DeletePass(o.pass->id);
  if (!deleted.ok()) return Failure(deleted.status());
  if (!*deleted) return Refusal(404, "no pass " + o.pass->id);
  return o;
}

Outcome Passes::Resolve(const PassRef& ref) {
  Outcome o = Find(ref);
  if (!o.pass) return o;
  const Model* model = FindModel(o.pass->vendor, o.pass->model);
  if (!model) return Refusal(404, "no model " + o.pass->model);
  Result<ParsedOverrides> parsed = ParsedOverrides::Parse(o.pass->overrides, o.diags);
  if (!parsed.ok()) return Failure(Status::Internal("stored overrides of " + o.pass->id + " do not parse"));
  Result<std::string> json = model->Resolve(*parsed, Validation(), o.diags);
  if (!json.ok()) return Failure(json.status());
  o.message = std::move(*json);
  return o;
}

Result<std::string> Passes::PutImage(std::string_view bytes) {
  unsigned char digest[SHA_DIGEST_LENGTH];
  SHA1(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(), digest);
  std::string hex = Hex(digest, sizeof digest);
  if (Status s = store_.PutImage(hex, bytes); !s.ok()) return s;
  return hex;
}

Result<std::string> NewPassId() {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  std::string id;
  while (id.size() < 12) {
    unsigned char bytes[16];
    if (RAND_bytes(bytes, sizeof bytes) != 1) return Status::CryptoError("no random bytes for a passId");
    for (unsigned char b : bytes) {
      if (b < 248 && id.size() < 12) id += kAlphabet[b % 62];  // 248 = 4 * 62: no bias
    }
  }
  return id;
}

std::string EventBody(const StoredPass& pass, std::string_view time_key, std::int64_t at) {
  rapidjson::StringBuffer out;
  rapidjson::Writer<rapidjson::StringBuffer> w(out);
  w.StartObject();
  w.Key("passId");
  w.String(pass.id);
  w.Key(time_key.data(), static_cast<rapidjson::SizeType>(time_key.size()));
  w.String(IsoTime(at));
  w.Key("modelId");
  const bool numeric = !pass.model.empty() && pass.model.size() < 16 &&
                       pass.model.find_first_not_of("0123456789") == std::string::npos;
  if (numeric) {
    w.Int64(std::stoll(pass.model));
  } else {
    w.String(pass.model);
  }
  w.EndObject();
  return std::string(out.GetString(), out.GetSize());
}

Result<std::string> NewAuthToken() {
  Result<std::string> a = NewPassId();
  Result<std::string> b = a.ok() ? NewPassId() : a;
  Result<std::string> c = b.ok() ? NewPassId() : b;
  if (!c.ok()) return c.status();
  return (*a + *b + *c).substr(0, 32);
}

bool IsPassId(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    if (!ok) return false;
  }
  return true;
}

}  // namespace pkpass::serve
